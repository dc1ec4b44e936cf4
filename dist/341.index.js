export const id = 341;
export const ids = [341];
export const modules = {

/***/ 8341:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  workflowContext: () => (/* binding */ workflowContext)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/engine/registry/hosts.ts
var hosts = __webpack_require__(5187);
;// CONCATENATED MODULE: ./src/engine/workflow/expressions.ts
/**
 * Resolution of `${{ … }}` expressions and shell `$VAR` references found in a workflow, using only what the
 * workflow file itself says (its `env:` maps and simple assignments in the same script).
 *
 * Anything else (secrets, vars, inputs, matrix, step outputs, `$(…)`) is left unknown: the caller reports it as
 * "not resolvable" instead of guessing a registry.
 */
/**
 * Stands in for an unknown part of a value. Private: callers ask {@link knownPart} whether the part they need
 * (usually the host) is known, so the marker never leaks into text shown to anyone.
 */
const UNKNOWN = '\u0000';
/**
 * `part(value)` when that part of a resolved value holds nothing unknown, else undefined: the host of
 * `us.icr.io/app:${{ github.sha }}` is known, the host of `${{ secrets.REGISTRY }}/app` is not.
 */
function knownPart(resolved, part = (value) => value) {
    const known = part(resolved.value);
    return known.includes(UNKNOWN) ? undefined : known;
}
/**
 * One `env:` scope (workflow, job or step) with a link to the enclosing one.
 *
 * An `env:` value can refer to `env.X` of the enclosing scopes only (GitHub does not expose siblings of the same
 * map), so each value is resolved against its parent.
 */
class EnvChain {
    vars;
    parent;
    cache = new Map();
    constructor(vars, parent) {
        this.vars = vars;
        this.parent = parent;
    }
    /** The resolved value of `name` in this scope or an enclosing one; undefined when no scope defines it. */
    lookup(name) {
        const raw = this.vars.get(name);
        if (raw === undefined)
            return this.parent?.lookup(name);
        const cached = this.cache.get(name);
        if (cached)
            return cached;
        // Resolving against the parent only also makes cycles impossible (`X: ${{ env.X }}` means the outer X).
        const resolved = resolveExpressions(raw, this.parent ?? EMPTY);
        this.cache.set(name, resolved);
        return resolved;
    }
    /** A child scope (job inside workflow, step inside job). */
    child(vars) {
        return new EnvChain(vars, this);
    }
}
const EMPTY = new EnvChain(new Map());
const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
const ENV_REF = /^env(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])$/;
const STRING_LITERAL = /^'((?:[^']|'')*)'$/;
/**
 * Replaces every match of `pattern` in `text` with what `resolve` finds for it; a match it cannot resolve
 * is marked unknown and is listed as unresolved, with whatever the found values left unresolved.
 */
function substitute(text, pattern, resolve) {
    const unresolved = [];
    const value = text.replace(pattern, (whole, ...rest) => {
        // replace() passes the capture groups, then the match's offset (a number) and the whole text.
        const groups = rest.slice(0, rest.findIndex((g) => typeof g === 'number'));
        const found = resolve(whole, groups);
        if (found) {
            unresolved.push(...found.unresolved);
            return found.value;
        }
        unresolved.push(whole);
        return UNKNOWN;
    });
    return { value, unresolved };
}
/** Substitutes `${{ env.X }}` (and string literals) from `env`; every other expression is marked unknown. */
function resolveExpressions(text, env) {
    return substitute(text, EXPRESSION, (_whole, [inner]) => {
        const expr = (inner ?? '').trim();
        const literal = STRING_LITERAL.exec(expr);
        if (literal)
            return { value: (literal[1] ?? '').replace(/''/g, "'"), unresolved: [] };
        const ref = ENV_REF.exec(expr);
        return ref ? env.lookup(ref[1] ?? ref[2] ?? '') : undefined;
    });
}
const SHELL_VAR = /\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))|\$\{[^}]*\}|\$\([^)]*\)?|`[^`]*`?/g;
/**
 * Substitutes shell variables in one word of a `run:` script: first variables assigned earlier in the same script,
 * then the step's environment (`env:` maps). Command substitution and parameter expansion with operators stay
 * unknown.
 */
function resolveShell(word, env, shellVars) {
    const first = resolveExpressions(word, env);
    const second = substitute(first.value, SHELL_VAR, (_whole, [braced, bare]) => {
        const name = braced ?? bare;
        return name === undefined ? undefined : (shellVars.get(name) ?? env.lookup(name));
    });
    return { value: second.value, unresolved: [...first.unresolved, ...second.unresolved] };
}

;// CONCATENATED MODULE: ./src/engine/workflow/regions.ts
/**
 * The registry host that `ibmcloud cr region-set REGION` makes `ibmcloud cr login` use.
 *
 * The domain table (docs/ibm-facts.md §5) belongs to `../registry/hosts.ts`; this adds the Container Registry CLI's
 * older region names.
 */

/**
 * The Container Registry CLI's own region names, which predate IBM Cloud's (`ibmcloud cr region-set` lists
 * `ap-north`, `ap-south`, `eu-central`, `uk-south` besides names shared with IBM Cloud such as `us-south`).
 */
const CR_REGION_ALIASES = {
    'ap-north': 'jp-tok',
    'ap-south': 'au-syd',
    'eu-central': 'eu-de',
    'uk-south': 'eu-gb'
};
/**
 * The registry host for an `ibmcloud cr region-set` argument (`us-south` → `us.icr.io`, `global` → `icr.io`,
 * `eu-central` → `de.icr.io`; a registry host is taken as is). Undefined when the name is not known.
 */
function regionHost(region) {
    const name = region.trim().toLowerCase();
    if ((0,hosts/* isRegistryHost */.EV)(name))
        return name;
    return (0,hosts/* registryHostForRegion */.rk)(CR_REGION_ALIASES[name] ?? name);
}

;// CONCATENATED MODULE: ./src/engine/workflow/resolve.ts
/**
 * Turns what `walk.ts` collected into registry targets, one per host at its first place in the file, and notes
 * each value that decides a registry but cannot be resolved from the file, so that nothing is guessed.
 */



/**
 * Resolves the collected values of one file into registries; `file` goes into every location. Linear in what was
 * collected (and a sort), so that a file with tens of thousands of steps costs no more than walking it.
 */
function resolveCollected(collected, file) {
    const unresolvable = [];
    const noted = new Set();
    const note = (expression, line) => {
        const key = `${line} ${expression}`;
        if (noted.has(key))
            return;
        noted.add(key);
        unresolvable.push({ expression, location: { file, line } });
    };
    const found = [];
    for (const ref of collected.refs) {
        const host = knownPart(ref.resolved, hosts/* registryHostOf */.pY);
        if (host === undefined) {
            if (ref.reportUnknown)
                note(ref.resolved.unresolved.join(' ') || ref.written, ref.line);
            continue;
        }
        const info = (0,hosts/* lookupRegistryHost */.wo)(host);
        const repository = knownPart(ref.resolved, (value) => (0,hosts/* repositoryOf */._M)(value) ?? '') || undefined;
        if (info)
            found.push({ ...ref, info, repository });
    }
    for (const login of collected.crLogins) {
        const host = loginHost(login, collected, note);
        const info = host === undefined ? undefined : (0,hosts/* lookupRegistryHost */.wo)(host.host);
        if (host && info)
            found.push({ written: host.raw, line: login.line, source: 'use', use: 'login', job: login.job, info });
    }
    for (const { expression, line } of collected.notes)
        note(expression, line);
    unresolvable.sort((a, b) => a.location.line - b.location.line);
    const step = collected.actionSteps.find((s) => s.inRegistryJob) ?? collected.actionSteps[0];
    return {
        registries: targets(found, file),
        crBuild: collected.crBuildLines.map((line) => ({ file, line })),
        unresolvable,
        privateOnHosted: privateOnHosted(found, collected, file),
        actionStep: step ? { file, line: step.line } : undefined
    };
}
/**
 * The registry an `ibmcloud cr login` logs in to: the region of the `cr region-set` before it in its job; on a
 * GitHub-hosted runner, a fresh machine, the region of `ibmcloud login -r` (the CLI has no other region then). On
 * any other runner, the CLI keeps the registry region a past job set, so that login region is only a guess: noted.
 */
function loginHost(login, collected, note) {
    const runner = collected.runners.get(login.job);
    const setting = login.regionSet ?? (runner?.kind === 'github-hosted' ? login.loginRegion : undefined);
    if (!setting) {
        const loginRegion = login.loginRegion;
        const region = loginRegion ? `${loginRegion.command} ${knownPart(loginRegion.region) ?? '…'}` : '';
        const why = loginRegion
            ? `on a runner not known to be fresh (${runner?.evidence ?? 'runs-on unknown'}), the one \`ibmcloud cr region-set\` last set on that machine, if any, before the one of \`${region}\``
            : 'whatever `ibmcloud cr region-set` the CLI has';
        note(`ibmcloud cr login (registry region: ${why})`, login.line);
        return undefined;
    }
    const region = knownPart(setting.region);
    const host = region === undefined ? undefined : regionHost(region);
    if (host === undefined)
        note(setting.region.unresolved.join(' ') || `${setting.command} ${region ?? ''}`, setting.line);
    return host === undefined ? undefined : { host, raw: `${setting.command} ${region ?? ''}` };
}
/**
 * One target per host, from the lines that use it (an `env:` definition only when no line does): the first line,
 * the first repository named, and `push` when any use pushes (`pull` when every use pulls or logs in).
 */
function targets(found, file) {
    const byHost = new Map();
    for (const f of found) {
        const group = byHost.get(f.info.host);
        if (group)
            group.push(f);
        else
            byHost.set(f.info.host, [f]);
    }
    const out = [];
    for (const group of byHost.values()) {
        const uses = group.filter((f) => f.source === 'use');
        const chosen = (uses.length > 0 ? uses : group).sort((a, b) => a.line - b.line);
        const first = chosen[0];
        if (!first)
            continue;
        const repository = chosen.find((f) => f.repository !== undefined)?.repository;
        const access = accessOf(chosen.map((f) => f.use));
        out.push({
            raw: first.written,
            ...first.info,
            location: { file, line: first.line },
            ...(repository === undefined ? {} : { repository }),
            ...(access === undefined ? {} : { access })
        });
    }
    return out.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0));
}
/** `push` if any use pushes; `pull` if the others pull or only log in; unknown when any use is of unknown kind. */
function accessOf(uses) {
    if (uses.includes('push'))
        return 'push';
    if (uses.includes(undefined))
        return undefined;
    return uses.includes('pull') ? 'pull' : undefined;
}
/** Each private host a GitHub-hosted job uses, at that job's first line using it (a use before a definition). */
function privateOnHosted(found, collected, file) {
    const first = new Map();
    for (const f of found) {
        if (!f.info.private || collected.runners.get(f.job)?.kind !== 'github-hosted')
            continue;
        const key = `${f.job}\n${f.info.host}`;
        const seen = first.get(key);
        const better = !seen || (seen.source === 'env' && f.source === 'use') || (seen.source === f.source && f.line < seen.line);
        if (better)
            first.set(key, f);
    }
    const out = new Map();
    for (const f of first.values()) {
        const runner = collected.runners.get(f.job)?.evidence ?? '';
        out.set(`${f.line}\n${f.info.host}`, { host: f.info.host, location: { file, line: f.line }, runner });
    }
    return [...out.values()].sort((a, b) => a.location.line - b.location.line);
}

;// CONCATENATED MODULE: ./src/engine/workflow/yaml-nodes.ts
/**
 * Small read-only helpers over the `yaml` library's document tree: key look-up that follows aliases, and line
 * numbers for nodes and for each line of a block scalar.
 *
 * Line numbers always come from the node as written: an alias resolves to its anchor's node, so it reports the
 * anchor's line, which is where the text actually is.
 */

/**
 * The tree of one parsed document. Aliases are resolved here, once: the library's `Alias.resolve` searches the
 * whole document on every call, which a workflow with thousands of aliased steps would pay thousands of times.
 */
function treeOf(doc, source, lines) {
    const aliases = new Map();
    const anchors = new Map();
    // The library's rule: an alias is the last node before it, in document order, that carries its anchor.
    (0,dist/* visit */.YR)(doc, {
        Node(_key, node) {
            if ((0,dist/* isAlias */.Vj)(node)) {
                const anchored = anchors.get(node.source);
                if (anchored)
                    aliases.set(node, anchored);
            }
            else if (node.anchor)
                anchors.set(node.anchor, node);
        }
    });
    return { doc, source, lines, aliases };
}
/** Follows an alias to its anchor's node (undefined for an alias without one). */
function deref(tree, node) {
    return (0,dist/* isAlias */.Vj)(node) ? tree.aliases.get(node) : node;
}
/**
 * The value node of `key` in a mapping. A `<<` key is an ordinary key: GitHub Actions reads anchors and aliases
 * but not YAML merge keys, so a workflow that used one would never run.
 */
function get(tree, map, key) {
    const m = deref(tree, map);
    if (!(0,dist/* isMap */.jh)(m))
        return undefined;
    for (const pair of m.items) {
        const k = deref(tree, pair.key);
        if ((0,dist/* isScalar */.jn)(k) && String(k.value) === key)
            return deref(tree, pair.value);
    }
    return undefined;
}
/** Entries of a mapping as `[key, value node]`, aliases followed (the parser rejects repeated keys). */
function entries(tree, map) {
    const m = deref(tree, map);
    if (!(0,dist/* isMap */.jh)(m))
        return [];
    const out = [];
    for (const pair of m.items) {
        const k = deref(tree, pair.key);
        const v = deref(tree, pair.value);
        if ((0,dist/* isScalar */.jn)(k) && v !== undefined)
            out.push([String(k.value), v]);
    }
    return out;
}
/** Items of a sequence (aliases followed); empty for anything else. */
function items(tree, seq) {
    const s = deref(tree, seq);
    if (!(0,dist/* isSeq */.oP)(s))
        return [];
    return s.items.map((i) => deref(tree, i)).filter((i) => i !== undefined);
}
/** The text of a scalar node (numbers and booleans as written); undefined for collections. */
function yaml_nodes_text(tree, node) {
    const n = deref(tree, node);
    return (0,dist/* isScalar */.jn)(n) ? scalarText(n.value) : undefined;
}
/**
 * A scalar's value as text. The parser gives strings, numbers, booleans (and, with YAML 1.1 tags, dates); `null`
 * and anything that is not a primitive are no text.
 */
function scalarText(value) {
    if (value instanceof Date)
        return value.toISOString();
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
        return String(value);
    return undefined;
}
/**
 * Every scalar under a node (the node itself, or the values of its maps and sequences at any depth), in document
 * order. Iterative, and each node is visited once: a deeply nested or aliased value costs no more than its size.
 */
function scalarsUnder(tree, node) {
    const out = [];
    const seen = new Set();
    const stack = [node];
    while (stack.length > 0) {
        const n = deref(tree, stack.pop());
        if (n === undefined || seen.has(n))
            continue;
        seen.add(n);
        const value = yaml_nodes_text(tree, n);
        if (value !== undefined)
            out.push(value);
        else if ((0,dist/* isMap */.jh)(n))
            stack.push(...n.items.map((p) => p.value).reverse());
        else if ((0,dist/* isSeq */.oP)(n))
            stack.push(...[...n.items].reverse());
    }
    return out;
}
/** 1-based line where a node starts. */
function lineOf(tree, node) {
    const n = deref(tree, node);
    const offset = n?.range?.[0] ?? 0;
    return tree.lines.linePos(offset).line;
}
/**
 * The lines of a scalar with their line numbers in the file. For block scalars (`|`, `>`) the lines are read
 * from the source after the header, so that line N of a script is line (header + N) of the file; other scalars
 * are one logical value starting on the node's line.
 */
function scalarLines(tree, node) {
    const n = deref(tree, node);
    const value = (0,dist/* isScalar */.jn)(n) ? scalarText(n.value) : undefined;
    if (!(0,dist/* isScalar */.jn)(n) || value === undefined)
        return [];
    const start = lineOf(tree, n);
    if ((n.type === dist/* Scalar */.X5.BLOCK_LITERAL || n.type === dist/* Scalar */.X5.BLOCK_FOLDED) && n.range) {
        const raw = tree.source.slice(n.range[0], n.range[1]).split(/\r?\n/);
        const lines = raw.slice(1).map((t, i) => ({ text: t.trim(), line: start + 1 + i }));
        return n.type === dist/* Scalar */.X5.BLOCK_FOLDED ? fold(lines) : lines.filter((l) => l.text !== '');
    }
    return value
        .split(/\r?\n/)
        .map((t, i) => ({ text: t.trim(), line: start + i }))
        .filter((l) => l.text !== '');
}
/** Folded scalars (`>`) join adjacent lines into one; a blank line ends a logical line. */
function fold(lines) {
    const out = [];
    let open = false;
    for (const l of lines) {
        const last = out.at(-1);
        if (l.text === '')
            open = false;
        else if (open && last) {
            last.breaks ??= [];
            last.breaks.push({ at: last.text.length + 1, line: l.line });
            last.text += ` ${l.text}`;
        }
        else {
            out.push({ ...l });
            open = true;
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/engine/workflow/env-use.ts


const env_use_EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
const ENV_IN_EXPRESSION = /\benv(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g;
const SHELL_VARIABLE = /\$\{?([A-Za-z_]\w*)/g;
const NO_SHELL_VARS = new Map();
/** One `env:` map (workflow, job or step), linked to the enclosing one, with the names referred to. */
class EnvScope {
    level;
    definitions;
    parent;
    /** For resolving `${{ env.X }}` and `$X` against this scope and the enclosing ones. */
    chain;
    runnerUse = new Set();
    ibmUse = new Set();
    constructor(level, definitions, parent) {
        this.level = level;
        this.definitions = definitions;
        this.parent = parent;
        const vars = new Map([...definitions].map(([name, d]) => [name, d.raw]));
        this.chain = parent ? parent.chain.child(vars) : new EnvChain(vars);
    }
    /** The workflow's own `env:` map (`node` may be absent). */
    static workflow(tree, node) {
        return new EnvScope('workflow', definitionsOf(tree, node));
    }
    /** The `env:` map of a job in this workflow, or of a step in this job. */
    child(tree, node, level) {
        return new EnvScope(level, definitionsOf(tree, node), this);
    }
    /**
     * Notes the variables that `value` refers to, each in the innermost scope that defines it. `shellVars` are the
     * names a script assigned itself, which hide the `env:` ones from that point on.
     */
    mention(value, side, shellVars = NO_SHELL_VARS) {
        for (const name of mentionedNames(value)) {
            const scope = shellVars.has(name) ? undefined : this.definer(name);
            if (scope)
                (side === 'runner' ? scope.runnerUse : scope.ibmUse).add(name);
        }
    }
    /** The innermost scope, this one or an enclosing one, that defines `name`. */
    definer(name) {
        return this.definitions.has(name) ? this : this.parent?.definer(name);
    }
    /**
     * The definitions that count as registry sources of the job walked since the last call (see the file comment),
     * and the scope forgets that job's references: the workflow scope is walked again for the next job.
     */
    takeCounted() {
        const names = this.level === 'workflow'
            ? [...this.runnerUse]
            : [...this.definitions.keys()].filter((n) => this.runnerUse.has(n) || !this.ibmUse.has(n));
        this.runnerUse.clear();
        this.ibmUse.clear();
        return names.flatMap((name) => {
            const d = this.definitions.get(name);
            const resolved = this.chain.lookup(name);
            return d && resolved ? [{ raw: d.raw, line: d.line, resolved }] : [];
        });
    }
}
/** The `env:` map of a scope as name → raw value and line (collections are ignored). */
function definitionsOf(tree, node) {
    const definitions = new Map();
    for (const [name, value] of entries(tree, node)) {
        const raw = yaml_nodes_text(tree, value);
        if (raw !== undefined)
            definitions.set(name, { raw, line: lineOf(tree, value) });
    }
    return definitions;
}
/** The variable names a value refers to: `env.X` / `env['X']` inside `${{ … }}`, `$X` and `${X…}` outside. */
function mentionedNames(value) {
    const names = [];
    const outside = value.replace(env_use_EXPRESSION, (_whole, inner) => {
        for (const m of inner.matchAll(ENV_IN_EXPRESSION))
            names.push(m[1] ?? m[2] ?? '');
        return ' ';
    });
    for (const m of outside.matchAll(SHELL_VARIABLE))
        names.push(m[1] ?? '');
    return names;
}

;// CONCATENATED MODULE: ./src/engine/workflow/runner.ts

/** GitHub's own images (`ubuntu-latest`, `ubuntu-24.04-arm`, `windows-2025`, `macos-15`). */
const HOSTED_LABEL = /^(ubuntu|windows|macos)-[\w.-]+$/i;
/**
 * The runner of `job`. `runnerEnvironment` is `RUNNER_ENVIRONMENT` when `job` is the one running the preflight:
 * what the runner says of itself is surer than labels (a larger runner's or a group's name says nothing).
 */
function jobRunner(tree, job, runnerEnvironment) {
    if (runnerEnvironment === 'github-hosted' || runnerEnvironment === 'self-hosted') {
        return { kind: runnerEnvironment, evidence: `RUNNER_ENVIRONMENT=${runnerEnvironment}` };
    }
    const runsOn = get(tree, job, 'runs-on');
    const single = yaml_nodes_text(tree, runsOn);
    const labelsNode = single === undefined && items(tree, runsOn).length === 0 ? get(tree, runsOn, 'labels') : runsOn;
    const labelText = yaml_nodes_text(tree, labelsNode);
    const labels = labelText !== undefined ? [labelText] : items(tree, labelsNode).map((n) => yaml_nodes_text(tree, n) ?? '');
    const evidence = `runs-on: ${labels.length === 1 ? (labels[0] ?? '') : `[${labels.join(', ')}]`}`;
    if (labels.some((l) => l.trim().toLowerCase() === 'self-hosted'))
        return { kind: 'self-hosted', evidence };
    if (labels.length > 0 && labels.every((l) => HOSTED_LABEL.test(l.trim())))
        return { kind: 'github-hosted', evidence };
    return { kind: 'unknown', evidence };
}

;// CONCATENATED MODULE: ./src/engine/workflow/commands.ts
/**
 * What one shell command says about registries: the container tools (`docker`, `podman`, `buildah`, `skopeo`), the
 * IBM Cloud CLI (`cr login`, `cr region-set`, `login -r`), and the commands that only hand an image to IBM's side
 * (Code Engine, Kubernetes Service, `kubectl`, `oc`, `helm`), which the runner itself never pulls or pushes.
 *
 * Words come from `shell.ts` (quotes removed, variables not yet substituted), each with the line it is written on.
 */
/** Words that run the command after them (`sudo docker push …`). */
const PREFIXES = new Set(['export', 'sudo', 'env', 'time', 'command', 'exec', 'nohup']);
const ASSIGNMENT = /^([A-Za-z_]\w*)=(.*)$/s;
/** Tools that give an image to a cluster or a platform, which pulls it from IBM's side. */
const IBM_SIDE_TOOLS = new Set(['kubectl', 'oc', 'helm', 'kustomize', 'kn']);
/** `ibmcloud` plugins that deploy: Code Engine, Kubernetes Service, Red Hat OpenShift on IBM Cloud. */
const IBM_SIDE_PLUGINS = new Set(['ce', 'code-engine', 'ks', 'kubernetes-service', 'cs', 'oc']);
/** Options before a container tool's subcommand that take a value (docker, podman, buildah, skopeo). */
const GLOBAL_WITH_VALUE = new Set(['--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--root', '--runroot', '--storage-driver']
    .concat(['--storage-opt', '--connection', '--url', '--identity', '--registries-conf', '--tmpdir', '--policy'])
    .concat(['--registries.d', '--command-timeout', '--override-arch', '--override-os', '--override-variant']));
/**
 * Subcommand options that take the next word as their value, so that it is not read as the image. Flags whose
 * short form means different things across subcommands without a value (`-t`, `-a`, `-d`, `-i`) are left out.
 */
const WITH_VALUE = new Set(['--platform', '-u', '--username', '-p', '--password', '--authfile', '--cert-dir', '--creds', '--format', '-f']
    .concat(['--compression-format', '--compression-level', '--digestfile', '--sign-by', '--retry', '--retry-delay'])
    .concat(['--encryption-key', '--decryption-key', '--arch', '--os', '--variant', '--name', '--signature-policy'])
    .concat(['-e', '--env', '--env-file', '-v', '--volume', '-w', '--workdir', '--publish', '--network', '--net'])
    .concat(['--entrypoint', '--user', '--mount', '--label', '--add-host', '-h', '--hostname', '--cpus', '-m'])
    .concat(['--memory', '--shm-size', '--ulimit', '--device', '--cap-add', '--cap-drop', '--security-opt'])
    .concat(['--tmpfs', '--log-driver', '--log-opt', '--restart', '--gpus', '--ipc', '--pid', '--group-add'])
    .concat(['--dns', '--expose', '--link', '--volumes-from', '--runtime', '--cidfile', '--userns', '--secret'])
    .concat(['--pod', '-c', '--cpu-shares', '--sysctl', '--ip', '--src-creds', '--dest-creds', '--src-authfile'])
    .concat(['--dest-authfile', '--src-cert-dir', '--dest-cert-dir', '--src-registry-token', '--dest-registry-token'])
    .concat(['--registry-token', '--src-username', '--src-password', '--dest-username', '--dest-password'])
    .concat(['--retry-times', '--additional-tag', '--dest-compress-format', '--dest-compress-level', '--multi-arch'])
    .concat(['--image-parallel-copies', '--sign-identity', '--src-daemon-host', '--dest-daemon-host']));
/** The events of one command (its words as `shell.ts` split them). */
function commandEvents(all) {
    const assignments = [];
    let i = 0;
    for (let word = all[0]; word !== undefined; word = all[i]) {
        const m = ASSIGNMENT.exec(word.text);
        if (m) {
            // `A=b cmd` sets A for cmd only; `A=b` alone (or `export A=b`) sets it for the rest of the script.
            assignments.push({ kind: 'assign', name: m[1] ?? '', word: { text: m[2] ?? '', line: word.line } });
            i++;
        }
        else if (PREFIXES.has(word.text)) {
            i++;
            while (all[i]?.text.startsWith('-'))
                i++;
        }
        else
            break;
    }
    const [toolWord, ...args] = all.slice(i);
    const tool = toolWord?.text.split('/').pop() ?? '';
    const side = handsToIbm(tool, args) ? 'ibm' : 'runner';
    const events = [{ kind: 'mentions', words: all, side }, ...assignments];
    if (tool === 'docker' || tool === 'podman' || tool === 'buildah')
        events.push(...containerToolEvents(args));
    else if (tool === 'skopeo')
        events.push(...skopeoEvents(args));
    else if (tool === 'ibmcloud' || tool === 'ic')
        events.push(...ibmcloudEvents(args));
    return events;
}
/** Whether the command only hands images to IBM's side: a cluster or Code Engine pulls them, not the runner. */
function handsToIbm(tool, args) {
    if (IBM_SIDE_TOOLS.has(tool))
        return true;
    return (tool === 'ibmcloud' || tool === 'ic') && IBM_SIDE_PLUGINS.has(args[0]?.text ?? '');
}
/** An image or registry the command names; an unknown host there is worth a "not resolvable" note. */
const commands_image = (word, use) => ({ kind: 'image', word, use, reportUnknown: true });
/**
 * An image named in passing (a base image, a local tag's source, a build tag), usually not on a registry of
 * ours: an unknown host there is not worth a note.
 */
const incidental = (word, use) => ({
    kind: 'image',
    word,
    use,
    reportUnknown: false
});
/** docker, podman and buildah, which share their subcommands' shapes. */
function containerToolEvents(args) {
    const words = afterGlobalOptions(args);
    // `docker image push`, `docker container run`, `docker buildx build`: the subcommand is the next word.
    const grouped = ['image', 'container', 'buildx'].includes(words[0]?.text ?? '') && words.length > 1;
    const [sub, ...rest] = grouped ? words.slice(1) : words;
    const [first, second] = positional(rest);
    switch (sub?.text) {
        case 'push': // podman and buildah take an optional destination after the local image
            return first ? [commands_image(second ?? first, 'push')] : [];
        case 'pull':
            return first ? [commands_image(first, 'pull')] : [];
        case 'run':
        case 'create':
        case 'from': // buildah from IMAGE: a base image, usually from Docker Hub
            return first ? [incidental(first, 'pull')] : [];
        case 'tag': // the source is usually a local name: only the targets are worth a "not resolvable" note
            return positional(rest).map((word, n) => (n === 0 ? incidental(word, undefined) : commands_image(word, undefined)));
        case 'login':
            return first ? [commands_image(first, 'login')] : [];
        case 'build':
        case 'bud': {
            const use = pushesWhenBuilt(rest) ? 'push' : undefined;
            return buildTags(rest).map((word) => incidental(word, use));
        }
        case 'manifest': {
            if (first?.text !== 'push')
                return [];
            const [list, destination] = positional(rest).slice(1);
            const target = destination ?? list;
            return target ? [commands_image(target, 'push')] : [];
        }
        default:
            return [];
    }
}
/** skopeo: `copy SRC DST` pulls SRC and pushes DST; only `docker://` references are registries. */
function skopeoEvents(args) {
    const [sub, ...rest] = afterGlobalOptions(args);
    const [first, second] = positional(rest);
    // Only a `docker://` reference is surely a registry's; another transport, or a variable, may be a local path.
    const ref = (w, use) => (/^docker:\/\//i.test(w.text) ? commands_image(w, use) : incidental(w, use));
    switch (sub?.text) {
        case 'copy': {
            const events = first ? [ref(first, 'pull')] : [];
            return second ? [...events, ref(second, 'push')] : events;
        }
        case 'inspect':
            return first ? [ref(first, 'pull')] : [];
        case 'login':
            return first ? [commands_image(first, 'login')] : [];
        default:
            return [];
    }
}
function ibmcloudEvents(args) {
    const [plugin, sub] = args;
    if (plugin?.text === 'cr') {
        if (sub?.text === 'login')
            return [{ kind: 'cr-login', line: sub.line }];
        const [region] = positional(args.slice(2));
        if (sub?.text === 'region-set')
            return region ? [{ kind: 'region-set', word: region }] : [];
        if (sub?.text === 'build' || sub?.text === 'image-build')
            return [{ kind: 'cr-build', line: sub.line }];
        return [];
    }
    if (plugin?.text === 'login' || plugin?.text === 'target') {
        const region = optionValue(args, ['-r', '--region']);
        return region ? [{ kind: 'login-region', word: region, command: `ibmcloud ${plugin.text} -r` }] : [];
    }
    if (plugin?.text === 'ce' || plugin?.text === 'code-engine') {
        // A URL is built on IBM's side; a local directory is packed and uploaded by the CLI, from the runner.
        const source = optionValue(args, ['--build-source', '--src', '--source']);
        return source && !/^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(source.text) ? [{ kind: 'local-source', word: source }] : [];
    }
    return [];
}
/** The words after the options that come before a container tool's subcommand. */
function afterGlobalOptions(args) {
    let i = 0;
    for (let a = args[0]?.text; a?.startsWith('-'); a = args[i]?.text)
        i += GLOBAL_WITH_VALUE.has(a) ? 2 : 1;
    return args.slice(i);
}
/** The value of the first of `names` (`-r X`, `--region X`, `--region=X`), as a word with its line. */
function optionValue(args, names) {
    for (const [i, a] of args.entries()) {
        if (names.includes(a.text))
            return args[i + 1];
        const eq = names.find((n) => a.text.startsWith(`${n}=`));
        if (eq)
            return { text: a.text.slice(eq.length + 1), line: a.line };
    }
    return undefined;
}
/** Positional arguments, skipping options (and the values of the options that take one). */
function positional(args) {
    const out = [];
    const rest = args[Symbol.iterator]();
    for (const a of rest) {
        if (a.text === '--')
            return out.concat([...rest]);
        if (!a.text.startsWith('-'))
            out.push(a);
        else if (WITH_VALUE.has(a.text))
            rest.next();
    }
    return out;
}
/** `-t X`, `--tag X`, `--tag=X`, `-tX` of a build. */
function buildTags(args) {
    const tags = [];
    const rest = args[Symbol.iterator]();
    for (const a of rest) {
        if (a.text === '-t' || a.text === '--tag') {
            const value = rest.next();
            if (!value.done)
                tags.push(value.value);
        }
        else if (a.text.startsWith('--tag='))
            tags.push({ text: a.text.slice(6), line: a.line });
        else if (a.text.startsWith('-t') && a.text.length > 2 && !a.text.startsWith('--')) {
            tags.push({ text: a.text.slice(2), line: a.line });
        }
    }
    return tags;
}
/** Whether a build pushes its tags: `--push`, or an output of type `registry` (or with `push=true`). */
function pushesWhenBuilt(args) {
    if (args.some((a) => a.text === '--push'))
        return true;
    const output = optionValue(args, ['--output', '-o']);
    return output !== undefined && /type=registry|push=true/.test(output.text);
}

;// CONCATENATED MODULE: ./src/engine/workflow/shell.ts
/**
 * Reads a `run:` script one command at a time; `commands.ts` picks out what each command says about registries.
 *
 * This is deliberately a small tokenizer, not a shell: it understands quotes, comments, `\` line continuations
 * and the usual command separators, which is what registry commands in CI scripts use. Anything fancier
 * (heredocs, functions, loops) simply yields no events. Every word keeps the line it is written on, so that a
 * command continued over several lines is annotated on the line that names the registry.
 */

/** Registry-related events of a whole script, in order. */
function scriptEvents(lines) {
    const events = [];
    for (const words of splitCommands(lines))
        events.push(...commandEvents(words));
    return events;
}
/** Splits script lines into commands: joins `\` continuations, drops comments, splits on `;`, `&&`, `||`, `|`, `&`. */
function splitCommands(lines) {
    const commands = [];
    let pending;
    for (const line of lines) {
        const logical = pending ?? { text: '', breaks: [] };
        // Parts are appended, never copied: a script continued over thousands of lines stays linear.
        const continued = /\\\s*$/.test(line.text);
        append(logical, line, continued ? line.text.replace(/\\\s*$/, ' ') : line.text);
        if (continued) {
            pending = logical;
            continue;
        }
        commands.push(...tokenize(logical));
        pending = undefined;
    }
    if (pending)
        commands.push(...tokenize(pending));
    return commands;
}
function append(logical, line, text) {
    const at = logical.text.length;
    logical.breaks.push({ at, line: line.line });
    for (const b of line.breaks ?? [])
        logical.breaks.push({ at: at + b.at, line: b.line });
    logical.text += text;
}
function tokenize({ text, breaks }) {
    const commands = [];
    let words = [];
    let word;
    let wordLine = 0;
    let nextBreak = 0;
    // Words start at increasing offsets, so their lines are found by walking the breaks once.
    const lineAt = (offset) => {
        while (nextBreak + 1 < breaks.length && (breaks[nextBreak + 1]?.at ?? Infinity) <= offset)
            nextBreak++;
        return breaks[nextBreak]?.line ?? 0;
    };
    const startWord = (offset) => {
        if (word === undefined)
            wordLine = lineAt(offset);
        return word ?? '';
    };
    const flushWord = () => {
        if (word !== undefined)
            words.push({ text: word, line: wordLine });
        word = undefined;
    };
    const flushCommand = () => {
        flushWord();
        if (words.length > 0)
            commands.push(words);
        words = [];
    };
    for (let i = 0; i < text.length; i++) {
        const c = text.charAt(i);
        if (c === "'" || c === '"') {
            const end = text.indexOf(c, i + 1);
            const stop = end < 0 ? text.length : end;
            word = startWord(i) + text.slice(i + 1, stop);
            i = stop;
        }
        else if (c === '$' && text.startsWith('{{', i + 1)) {
            // A GitHub expression is substituted before the shell runs: keep `${{ … }}` one word, spaces and all.
            const end = text.indexOf('}}', i + 3);
            const stop = end < 0 ? text.length - 1 : end + 1;
            word = startWord(i) + text.slice(i, stop + 1);
            i = stop;
        }
        else if ((c === '$' && text[i + 1] === '(') || c === '`') {
            // Command substitution stays one word (left unknown later), even though it holds separators.
            const stop = substitutionEnd(text, i);
            word = startWord(i) + text.slice(i, stop + 1);
            i = stop;
        }
        else if (c === '#' && word === undefined) {
            break;
        }
        else if (/\s/.test(c)) {
            flushWord();
        }
        else if (';&|()'.includes(c)) {
            flushCommand();
        }
        else {
            word = startWord(i) + c;
        }
    }
    flushCommand();
    return commands;
}
/** Index of the character closing the `$(…)` or backtick substitution starting at `start`. */
function substitutionEnd(text, start) {
    if (text[start] === '`') {
        const end = text.indexOf('`', start + 1);
        return end < 0 ? text.length - 1 : end;
    }
    let depth = 0;
    for (let i = start + 1; i < text.length; i++) {
        if (text[i] === '(')
            depth++;
        else if (text[i] === ')' && --depth === 0)
            return i;
    }
    return text.length - 1;
}

;// CONCATENATED MODULE: ./src/engine/workflow/with.ts


const ROLES = {
    'docker/login-action': 'login',
    'redhat-actions/podman-login': 'login',
    'docker/build-push-action': 'build-push',
    'docker/metadata-action': 'metadata',
    'redhat-actions/push-to-registry': 'push'
};
const DEPLOYS = /code-?engine|kubernetes|kubectl|k8s|helm|openshift|\biks\b|\bicce\b/;
/** Inputs that name a registry whatever the action: an unresolvable value there is worth a note. */
const REGISTRY_KEY = /^(docker[-_]?)?registry([-_]?(url|host|hostname|server|address))?$/i;
/** Inputs of known actions that hold image references (an unresolvable host there is worth a note). */
const IMAGE_KEYS = { 'build-push': 'tags', metadata: 'images' };
/** A tag list entry that is a docker/metadata-action step's output. */
const STEP_OUTPUT = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.(tags|json|labels)\s*\}\}$/;
const with_EXPRESSION = /\$\{\{[\s\S]*?\}\}/g;
/** Reads the `with:` inputs of one `uses:` step (`action` normalised: `owner/repo/path`, lower case). */
function walkWithInputs(ctx, step, action) {
    const t = ctx.tree;
    const withNode = get(t, step, 'with');
    const role = ROLES[action] ?? (DEPLOYS.test(action.split('/')[1] ?? '') ? 'deploy' : 'other');
    if (role === 'deploy') {
        for (const value of scalarsUnder(t, withNode))
            ctx.env.mention(value, 'ibm');
        noteCodeEngineUpload(ctx, step, action);
        return;
    }
    const pushInput = yaml_nodes_text(t, get(t, withNode, 'push'))
        ?.trim()
        .toLowerCase();
    const pushes = role === 'build-push' && pushInput === 'true';
    const images = [];
    for (const [key, node] of entries(t, withNode)) {
        const listed = items(t, node);
        const values = listed.length > 0 ? listed.flatMap((n) => scalarLines(t, n)) : scalarLines(t, node);
        const use = useOf(role, key, { pushes });
        const reportUnknown = REGISTRY_KEY.test(key) || IMAGE_KEYS[role] === key;
        for (const { text: value, line } of values) {
            ctx.env.mention(value, 'runner');
            for (const part of value.split(',').map((p) => p.trim().replace(/^(name|ref)=/, ''))) {
                const linked = ctx.metadata.get(STEP_OUTPUT.exec(part)?.[1] ?? '');
                if (linked) {
                    // Tags from a docker/metadata-action step whose `images:` were read already: nothing unknown.
                    if (key === 'tags' && pushes)
                        for (const ref of linked)
                            ref.use = 'push';
                    continue;
                }
                if (part === '' || /\s/.test(part.replace(with_EXPRESSION, '')))
                    continue;
                const resolved = resolveExpressions(part, ctx.env.chain);
                const ref = { written: part, resolved, line, reportUnknown, source: 'use', use, job: ctx.job };
                ctx.out.refs.push(ref);
                if (role === 'metadata' && key === 'images')
                    images.push(ref);
            }
        }
    }
    const id = yaml_nodes_text(t, get(t, step, 'id'));
    if (role === 'metadata' && id)
        ctx.metadata.set(id, images);
}
/** What the job does with the registries of one input of an action, when known; `pushes`: build-push's `push: true`. */
function useOf(role, key, build) {
    if (role === 'login' || role === 'push')
        return role;
    if (role !== 'build-push')
        return undefined;
    if (key === 'tags')
        return build.pushes ? 'push' : undefined;
    return key === 'cache-to' ? 'push' : key === 'cache-from' ? 'pull' : undefined;
}
/**
 * A Code Engine action that builds from a local directory (`component: build`, or an app, job or function without
 * an `image:`) has the CLI pack that directory and upload it from the runner, to a registry host Code Engine picks.
 */
function noteCodeEngineUpload(ctx, step, action) {
    const t = ctx.tree;
    if (!/code-?engine/.test(action))
        return;
    const withNode = get(t, step, 'with');
    const componentInput = yaml_nodes_text(t, get(t, withNode, 'component'));
    const component = componentInput?.trim().toLowerCase();
    const sourceNode = get(t, withNode, 'build-source');
    const source = yaml_nodes_text(t, sourceNode) ?? '.';
    const builds = component === 'build' || yaml_nodes_text(t, get(t, withNode, 'image')) === undefined;
    if (!builds || /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(source.trim()))
        return;
    const line = lineOf(t, sourceNode ?? get(t, step, 'uses'));
    ctx.out.notes.push({ expression: codeEngineUpload(source), line });
}
/** The note for Code Engine's upload of a local build source (also made for `ibmcloud ce … --build-source`). */
function codeEngineUpload(source) {
    return `Code Engine's upload of the local build source ${source.trim()} (from the runner, to a Container Registry host Code Engine picks)`;
}

;// CONCATENATED MODULE: ./src/engine/workflow/walk.ts






/** Walks every job, with the workflow's own `env:`, until `outOfTime`. */
function walkWorkflow(tree, options) {
    const root = tree.doc.contents;
    const out = { refs: [], crBuildLines: [], crLogins: [], notes: [], runners: new Map(), actionSteps: [] };
    const workflowEnv = EnvScope.workflow(tree, get(tree, root, 'env'));
    const jobs = entries(tree, get(tree, root, 'jobs'));
    const jobInFile = jobs.some(([id]) => id === options.job);
    const isThisAction = thisActionMatcher(options.actionRefs);
    const outOfTime = options.outOfTime ?? (() => false);
    for (const [id, job] of jobs) {
        const mode = !jobInFile || id === options.job ? 'registries' : 'cr-build-only';
        if (mode === 'registries') {
            out.runners.set(id, jobRunner(tree, job, id === options.job ? options.runnerEnvironment : undefined));
        }
        new JobWalker(tree, out, { id, mode, isThisAction, outOfTime }).walkJob(job, workflowEnv);
        if (out.stoppedAt !== undefined)
            break;
    }
    return out;
}
/** Walks one job in one mode, adding what it finds to a shared {@link Collected}. */
class JobWalker {
    tree;
    out;
    context;
    /** This job's docker/metadata-action steps by id, with the image refs read from their `images:`. */
    metadata = new Map();
    /** The `cr region-set` and `ibmcloud login -r` walked last: the steps of a job share the CLI's configuration. */
    regionSet;
    loginRegion;
    constructor(tree, out, context) {
        this.tree = tree;
        this.out = out;
        this.context = context;
    }
    /** One job: its container and service images, its steps, then the `env:` definitions that count for it. */
    walkJob(job, workflowEnv) {
        const t = this.tree;
        if (this.stopBefore(job))
            return;
        const env = workflowEnv.child(t, get(t, job, 'env'), 'job');
        const registries = this.context.mode === 'registries';
        if (registries)
            this.walkContainers(job, env);
        for (const step of items(t, get(t, job, 'steps'))) {
            if (this.stopBefore(step))
                break;
            this.walkStep(step, env);
        }
        if (!registries)
            return;
        this.addEnvRefs(env);
        this.addEnvRefs(workflowEnv);
    }
    /** Whether time is up before `node`; if so, records its line as where the walk stopped. */
    stopBefore(node) {
        if (!this.context.outOfTime())
            return false;
        this.out.stoppedAt = lineOf(this.tree, node);
        return true;
    }
    /** Job and service containers, which the runner pulls with the job's registry credentials. */
    walkContainers(job, env) {
        const t = this.tree;
        const containers = [get(t, job, 'container'), ...entries(t, get(t, job, 'services')).map(([, s]) => s)];
        for (const container of containers) {
            for (const value of scalarsUnder(t, container))
                env.mention(value, 'runner');
            const image = yaml_nodes_text(t, container) !== undefined ? container : get(t, container, 'image');
            const raw = yaml_nodes_text(t, image);
            if (raw === undefined)
                continue;
            this.ref({ written: raw, resolved: resolveExpressions(raw, env.chain), line: lineOf(t, image), use: 'pull' });
        }
    }
    /** One step: what it uses or runs, then the definitions of its own `env:` that count. */
    walkStep(step, jobEnv) {
        const t = this.tree;
        const env = jobEnv.child(t, get(t, step, 'env'), 'step');
        const uses = yaml_nodes_text(t, get(t, step, 'uses'));
        if (uses !== undefined)
            this.walkUsesStep(step, uses, env);
        const run = get(t, step, 'run');
        if (run !== undefined)
            this.walkRunScript(run, env);
        if (this.context.mode === 'registries')
            this.addEnvRefs(env);
    }
    /** A `uses:` step: this action's own step, a `docker://` image, the registries in its `with:` inputs. */
    walkUsesStep(step, uses, env) {
        const t = this.tree;
        const action = normalizeUses(uses);
        const inRegistryJob = this.context.mode === 'registries';
        const isThisAction = this.context.isThisAction(action);
        if (isThisAction)
            this.out.actionSteps.push({ line: lineOf(t, step), inRegistryJob });
        if (!inRegistryJob || isThisAction)
            return;
        // A `docker://` step image is pulled by the runner, like a job container; its inputs are read as any action's.
        if (/^docker:\/\//i.test(uses)) {
            const line = lineOf(t, get(t, step, 'uses'));
            this.ref({ written: uses, resolved: resolveExpressions(uses, env.chain), line, use: 'pull' });
        }
        const context = { tree: t, out: this.out, job: this.context.id, env, metadata: this.metadata };
        walkWithInputs(context, step, action);
    }
    /** A `run:` script: `cr build` in every job; images, registries, regions and `cr login` in registry jobs. */
    walkRunScript(run, env) {
        const shellVars = new Map();
        const job = this.context.id;
        for (const ev of scriptEvents(scalarLines(this.tree, run))) {
            if (ev.kind === 'cr-build')
                this.out.crBuildLines.push(ev.line);
            if (this.context.mode !== 'registries')
                continue;
            if (ev.kind === 'mentions')
                for (const w of ev.words)
                    env.mention(w.text, ev.side, shellVars);
            else if (ev.kind === 'assign')
                shellVars.set(ev.name, resolveShell(ev.word.text, env.chain, shellVars));
            else if (ev.kind === 'image') {
                const resolved = resolveShell(ev.word.text, env.chain, shellVars);
                this.ref({ written: ev.word.text, resolved, line: ev.word.line, use: ev.use, reportUnknown: ev.reportUnknown });
            }
            else if (ev.kind === 'region-set' || ev.kind === 'login-region') {
                const region = resolveShell(ev.word.text, env.chain, shellVars);
                const command = ev.kind === 'region-set' ? 'ibmcloud cr region-set' : ev.command;
                const setting = { region, command, line: ev.word.line };
                if (ev.kind === 'region-set')
                    this.regionSet = setting;
                else
                    this.loginRegion = setting;
            }
            else if (ev.kind === 'cr-login') {
                this.out.crLogins.push({ line: ev.line, job, regionSet: this.regionSet, loginRegion: this.loginRegion });
            }
            else if (ev.kind === 'local-source') {
                this.out.notes.push({ expression: codeEngineUpload(ev.word.text), line: ev.word.line });
            }
        }
    }
    /** Adds a use of a registry by this job; an unknown host is reported unless `reportUnknown` says otherwise. */
    ref(use) {
        const written = use.written.trim();
        this.out.refs.push({ reportUnknown: true, ...use, written, source: 'use', job: this.context.id });
    }
    /** The definitions of an `env:` map that count for this job (`env-use.ts`), as refs on their own lines. */
    addEnvRefs(env) {
        for (const { raw, line, resolved } of env.takeCounted()) {
            this.out.refs.push({
                written: raw.trim(),
                resolved,
                line,
                reportUnknown: false,
                source: 'env',
                job: this.context.id
            });
        }
    }
}
/** Whether a normalised `uses:` value is this action, given how the caller says it is referenced. */
function thisActionMatcher(actionRefs = []) {
    const refs = actionRefs.map(normalizeUses);
    if (refs.length === 0)
        return (action) => action === '.' || action.endsWith('/icr-allowlist-preflight');
    return (action) => refs.includes(action);
}
/** `owner/repo/path@ref` → `owner/repo/path` (lower case); `./` and `.` → `.`. */
function normalizeUses(uses) {
    const noRef = uses
        .trim()
        .replace(/@[^@/]*$/, '')
        .toLowerCase();
    const trimmed = noRef.replace(/\/+$/, '');
    return trimmed === '' || trimmed === '.' ? '.' : trimmed;
}

;// CONCATENATED MODULE: ./src/engine/workflow/scan.ts
/**
 * Finds the Container Registry hosts a job uses, as the job really uses them, and where (file and line), by walking
 * the parsed YAML tree: image references and registry hosts in any action's `with:` inputs; `docker`, `podman`,
 * `buildah`, `skopeo` and `ibmcloud cr` commands in `run:` scripts (`cr login` with the `cr region-set`, or on a
 * GitHub-hosted runner the `ibmcloud login -r`, before it in its job); job containers, services and `docker://`
 * steps; `env:` definitions the job refers to (`env-use.ts`). Images only handed to IBM's side (Code Engine,
 * Kubernetes) are not the runner's. Each registry carries the repository named and what the job does with it.
 *
 * Only what the file itself says is followed (`${{ env.X }}`, `$X` from `env:`); everything else is reported
 * as not resolvable. A file that is not valid YAML, or not a workflow, comes back as `invalid`.
 */




/** Scans one workflow file's text. `file` is the path used in locations (repository-relative for annotations). */
function scanWorkflow(text, file, opts = {}) {
    const result = {
        registries: [],
        crBuild: [],
        unresolvable: [],
        privateOnHosted: [],
        ignoredDocuments: []
    };
    const outOfTime = () => opts.deadline !== undefined && Date.now() >= opts.deadline;
    // Parsing cannot be stopped once started (about a second for 60,000 steps), so it does not start late.
    if (outOfTime())
        return cutShort(result, { file, line: 1 });
    const lines = new dist/* LineCounter */.HN();
    // The parser reports what is wrong with the text as each document's `errors` and does not throw for bad input:
    // whatever it throws is a bug, and propagates.
    const docs = (0,dist/* parseAllDocuments */.hR)(text, { lineCounter: lines, prettyErrors: true });
    const error = docs.find((d) => d.errors.length > 0)?.errors[0];
    if (error) {
        const line = error.linePos?.[0]?.line;
        const message = (error.message.split('\n')[0] ?? '').replace(/:\s*$/, '');
        return { ...result, invalid: message, invalidLocation: line ? { file, line } : undefined };
    }
    let tree;
    for (const doc of docs) {
        const candidate = treeOf(doc, text, lines);
        if (tree === undefined && (0,dist/* isMap */.jh)(doc.contents) && get(candidate, doc.contents, 'jobs') !== undefined) {
            tree = candidate;
        }
        else if (doc.contents !== null) {
            result.ignoredDocuments.push({ file, line: lineOf(candidate, doc.contents) });
        }
    }
    if (!tree) {
        result.ignoredDocuments = [];
        return { ...result, invalid: 'no YAML document with a `jobs:` mapping: this is not a workflow' };
    }
    const { actionRefs, job, runnerEnvironment } = opts;
    const collected = walkWorkflow(tree, { actionRefs, job, runnerEnvironment, outOfTime });
    const scan = { ...result, ...resolveCollected(collected, file) };
    return collected.stoppedAt === undefined ? scan : cutShort(scan, { file, line: collected.stoppedAt });
}
/** `scan` marked as stopped at `location`, with a note that what follows was not read. */
function cutShort(scan, location) {
    const expression = 'the rest of the workflow from this line (not read before the run’s time limit)';
    return { ...scan, cutShort: location, unresolvable: [...scan.unresolvable, { expression, location }] };
}

;// CONCATENATED MODULE: ./src/engine/workflow/context.ts
/**
 * Reads the running workflow: `GITHUB_WORKFLOW_REF` (`owner/repo/.github/workflows/ci.yml@refs/heads/main`) names
 * the file, which is on disk under `GITHUB_WORKSPACE` only when the job checked the repository out, and `scan.ts`
 * reads the registries from its text. A file that cannot be read becomes a WORKFLOW_NOT_FOUND notice, and the run
 * falls back to the public check.
 *
 * The action loads this with a dynamic import only when GITHUB_WORKFLOW_REF is set, so that the YAML parser costs
 * nothing at cold start otherwise.
 */



/**
 * Reads and scans the running workflow. A missing or broken file is evidence, not an error. With a `deadline`
 * (epoch milliseconds, the run's), a scan that reaches it stops and says where (`scan.cutShort`).
 */
async function workflowContext(env, options = {}) {
    const read = await readWorkflow(env);
    if (!read.found)
        return { registries: [], read };
    const actionRefs = ['./', 'icr-allowlist-preflight', env.GITHUB_ACTION_REPOSITORY].filter((r) => !!r);
    const job = env.GITHUB_JOB || undefined;
    const runnerEnvironment = env.RUNNER_ENVIRONMENT || undefined;
    const scan = scanWorkflow(read.text, read.file, { actionRefs, job, runnerEnvironment, deadline: options.deadline });
    return { registries: scan.registries, actionStep: scan.actionStep, read: { found: true, scan } };
}
async function readWorkflow(env) {
    const file = workflowPathFromRef(env.GITHUB_WORKFLOW_REF);
    if (!file)
        return { found: false, reason: 'GITHUB_WORKFLOW_REF is not set or not of the form owner/repo/path@ref' };
    const workspace = env.GITHUB_WORKSPACE;
    if (!workspace)
        return { found: false, file, reason: 'GITHUB_WORKSPACE is not set' };
    const full = external_node_path_default().resolve(workspace, file);
    // The path comes from the environment: never read outside the workspace.
    if (!full.startsWith(external_node_path_default().resolve(workspace) + (external_node_path_default()).sep)) {
        return { found: false, file, reason: `${file} is outside GITHUB_WORKSPACE` };
    }
    try {
        return { found: true, file, text: await (0,promises_.readFile)(full, 'utf8') };
    }
    catch (err) {
        // Only the file system's own errors (they carry a code) say something about the file; anything else is a bug.
        const code = err.code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
            const why = 'check the repository out (actions/checkout) before this step to let the preflight read the workflow';
            return { found: false, file, reason: `${file} is not in GITHUB_WORKSPACE: ${why}` };
        }
        if (typeof code === 'string')
            return { found: false, file, reason: `${file} could not be read (${code})` };
        throw err;
    }
}
/** The repository-relative path in `owner/repo/path@ref`, or undefined for any other shape. */
function workflowPathFromRef(ref) {
    if (!ref)
        return undefined;
    const at = ref.lastIndexOf('@');
    const withoutRef = at > 0 ? ref.slice(0, at) : ref;
    const parts = withoutRef.split('/');
    if (parts.length < 3 || parts.slice(2).some((p) => p === '' || p === '.' || p === '..'))
        return undefined;
    return parts.slice(2).join('/');
}


/***/ })

};
