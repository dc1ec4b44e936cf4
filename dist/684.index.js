export const id = 684;
export const ids = [684];
export const modules = {

/***/ 3684:
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
 * collected, so that a file with tens of thousands of steps costs no more than walking it.
 */
function resolveCollected(collected, file) {
    const unresolvable = [];
    const noted = new Set();
    const found = new Map();
    const note = (expression, line) => {
        const key = `${line} ${expression}`;
        if (noted.has(key))
            return;
        noted.add(key);
        unresolvable.push({ expression, location: { file, line } });
    };
    // One target per host, at the first line that uses it; an `env:` definition only when nothing else does.
    const add = (host, written, line, fromEnv) => {
        const info = (0,hosts/* lookupRegistryHost */.wo)(host);
        if (!info)
            return;
        const seen = found.get(info.host);
        if (seen && (fromEnv || !seen.fromEnv))
            return;
        found.set(info.host, { raw: written, ...info, location: { file, line }, fromEnv });
    };
    for (const ref of collected.refs) {
        const host = knownPart(ref.resolved, hosts/* registryHostOf */.pY);
        if (host === undefined) {
            if (ref.reportUnknown)
                note(ref.resolved.unresolved.join(' ') || ref.written, ref.line);
        }
        else if (host !== '')
            add(host, ref.written, ref.line, ref.source === 'env');
    }
    // A login without a region-set before it in its job: the job's first one, else the workflow's first one.
    const firstSetOfJob = new Map();
    for (const set of collected.regionSets)
        if (!firstSetOfJob.has(set.job))
            firstSetOfJob.set(set.job, set);
    for (const login of collected.crLogins) {
        const set = login.regionSet ?? firstSetOfJob.get(login.job) ?? collected.regionSets[0];
        if (!set) {
            note('ibmcloud cr login (registry region: whatever `ibmcloud cr region-set` the CLI has)', login.line);
            continue;
        }
        const region = knownPart(set.region);
        const host = region === undefined ? undefined : regionHost(region);
        if (host)
            add(host, `ibmcloud cr region-set ${region}`, login.line, false);
        else
            note(set.region.unresolved.join(' ') || `ibmcloud cr region-set ${region}`, set.line);
    }
    const registries = [...found.values()].sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0));
    unresolvable.sort((a, b) => a.location.line - b.location.line);
    const step = collected.actionSteps.find((s) => s.inRegistryJob) ?? collected.actionSteps[0];
    return {
        registries: registries.map(({ fromEnv: _, ...target }) => target),
        crBuild: collected.crBuildLines.map((line) => ({ file, line })),
        unresolvable,
        actionStep: step ? { file, line: step.line } : undefined
    };
}

;// CONCATENATED MODULE: ./src/engine/workflow/shell.ts
/** Splits script lines into commands: joins `\` continuations, drops comments, splits on `;`, `&&`, `||`, `|`, `&`. */
function splitCommands(lines) {
    const commands = [];
    let pending = '';
    let pendingLine = 0;
    for (const { text, line } of lines) {
        if (pending === '')
            pendingLine = line;
        if (/\\\s*$/.test(text)) {
            pending += text.replace(/\\\s*$/, ' ');
            continue;
        }
        commands.push(...tokenize(pending + text, pendingLine));
        pending = '';
    }
    if (pending !== '')
        commands.push(...tokenize(pending, pendingLine));
    return commands;
}
function tokenize(text, line) {
    const commands = [];
    let words = [];
    let word;
    const flushWord = () => {
        if (word !== undefined)
            words.push(word);
        word = undefined;
    };
    const flushCommand = () => {
        flushWord();
        if (words.length > 0)
            commands.push({ words, line });
        words = [];
    };
    for (let i = 0; i < text.length; i++) {
        const c = text.charAt(i);
        if (c === "'" || c === '"') {
            const end = text.indexOf(c, i + 1);
            const stop = end < 0 ? text.length : end;
            word = (word ?? '') + text.slice(i + 1, stop);
            i = stop;
        }
        else if (c === '$' && text.startsWith('{{', i + 1)) {
            // A GitHub expression is substituted before the shell runs: keep `${{ … }}` one word, spaces and all.
            const end = text.indexOf('}}', i + 3);
            const stop = end < 0 ? text.length - 1 : end + 1;
            word = (word ?? '') + text.slice(i, stop + 1);
            i = stop;
        }
        else if ((c === '$' && text[i + 1] === '(') || c === '`') {
            // Command substitution stays one word (left unknown later), even though it holds separators.
            const stop = substitutionEnd(text, i);
            word = (word ?? '') + text.slice(i, stop + 1);
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
            word = (word ?? '') + c;
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
const ASSIGNMENT = /^([A-Za-z_]\w*)=(.*)$/s;
const DOCKER_GLOBAL_WITH_VALUE = new Set(['--config', '-c', '--context', '-H', '--host', '-l', '--log-level']);
const WITH_VALUE = new Set(['--platform', '-u', '--username', '-p', '--password']);
/** Registry-related events of a whole script, in order. */
function scriptEvents(lines) {
    const events = [];
    for (const { words, line } of splitCommands(lines))
        events.push(...commandEvents(words, line));
    return events;
}
function commandEvents(all, line) {
    let words = all[0] === 'export' || all[0] === 'sudo' ? all.slice(1) : all;
    const assignments = [];
    for (let m = ASSIGNMENT.exec(words[0] ?? ''); m !== null; m = ASSIGNMENT.exec(words[0] ?? '')) {
        const [, name = '', word = ''] = m;
        assignments.push({ kind: 'assign', name, word, line });
        words = words.slice(1);
    }
    // `A=b cmd` sets A for cmd only; `A=b` alone (or `export A=b`) sets it for the rest of the script.
    const [tool, ...args] = words;
    if (tool === undefined)
        return assignments;
    if (tool === 'docker' || tool === 'podman')
        return dockerEvents(args, line);
    if (tool === 'ibmcloud' || tool === 'ic')
        return ibmcloudEvents(args, line);
    return [];
}
function dockerEvents(args, line) {
    let i = 0;
    for (let a = args[0]; a?.startsWith('-'); a = args[i])
        i += DOCKER_GLOBAL_WITH_VALUE.has(a) ? 2 : 1;
    let [sub, ...rest] = args.slice(i);
    if ((sub === 'image' || sub === 'buildx') && rest.length > 0)
        [sub, ...rest] = rest;
    const positionals = positional(rest);
    switch (sub) {
        case 'push':
        case 'pull':
            return positionals.slice(0, 1).map((word) => ({ kind: 'image', word, line, reportUnknown: true }));
        case 'tag':
            // The source of `docker tag` is usually a local name: only the target is worth a "not resolvable" note.
            return positionals.slice(0, 2).map((word, n) => ({ kind: 'image', word, line, reportUnknown: n === 1 }));
        case 'login':
            return positionals.slice(0, 1).map((word) => ({ kind: 'registry', word, line }));
        case 'build':
            return buildTags(rest).map((word) => ({ kind: 'image', word, line, reportUnknown: false }));
        default:
            return [];
    }
}
/** Positional arguments, skipping options (and the values of the options that take one). */
function positional(args) {
    const out = [];
    const rest = args[Symbol.iterator]();
    for (const a of rest) {
        if (a === '--')
            return out.concat([...rest]);
        if (!a.startsWith('-'))
            out.push(a);
        else if (WITH_VALUE.has(a))
            rest.next();
    }
    return out;
}
/** `-t X`, `--tag X`, `--tag=X`, `-tX` of `docker build` / `docker buildx build`. */
function buildTags(args) {
    const tags = [];
    const rest = args[Symbol.iterator]();
    for (const a of rest) {
        if (a === '-t' || a === '--tag') {
            const value = rest.next();
            if (!value.done)
                tags.push(value.value);
        }
        else if (a.startsWith('--tag='))
            tags.push(a.slice(6));
        else if (a.startsWith('-t') && a.length > 2 && !a.startsWith('--'))
            tags.push(a.slice(2));
    }
    return tags;
}
function ibmcloudEvents(args, line) {
    if (args[0] !== 'cr')
        return [];
    const sub = args[1];
    if (sub === 'login')
        return [{ kind: 'cr-login', line }];
    if (sub === 'region-set') {
        const [word] = positional(args.slice(2));
        return word === undefined ? [] : [{ kind: 'region-set', word, line }];
    }
    if (sub === 'build' || sub === 'image-build')
        return [{ kind: 'cr-build', line }];
    return [];
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
    if (!(0,dist/* isScalar */.jn)(n) || n.value === null || n.value === undefined)
        return undefined;
    return String(n.value);
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
    if (!(0,dist/* isScalar */.jn)(n) || n.value === null || n.value === undefined)
        return [];
    const start = lineOf(tree, n);
    if ((n.type === dist/* Scalar */.X5.BLOCK_LITERAL || n.type === dist/* Scalar */.X5.BLOCK_FOLDED) && n.range) {
        const raw = tree.source.slice(n.range[0], n.range[1]).split(/\r?\n/);
        const lines = raw.slice(1).map((t, i) => ({ text: t.trim(), line: start + 1 + i }));
        return n.type === dist/* Scalar */.X5.BLOCK_FOLDED ? fold(lines) : lines.filter((l) => l.text !== '');
    }
    return String(n.value)
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
        else if (open && last)
            last.text += ` ${l.text}`;
        else {
            out.push({ ...l });
            open = true;
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/engine/workflow/walk.ts



/** A tag list entry that is a docker/metadata-action step's output. */
const STEP_OUTPUT = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.(tags|json|labels)\s*\}\}$/;
/** Walks the workflow's own `env:` and every job, until `outOfTime`. */
function walkWorkflow(tree, options) {
    const root = tree.doc.contents;
    const out = { refs: [], crBuildLines: [], regionSets: [], crLogins: [], actionSteps: [] };
    const rootEnvNode = get(tree, root, 'env');
    const rootEnv = new EnvChain(envMapOf(tree, rootEnvNode));
    const jobs = entries(tree, get(tree, root, 'jobs'));
    const jobInFile = jobs.some(([id]) => id === options.job);
    const isThisAction = thisActionMatcher(options.actionRefs);
    const outOfTime = options.outOfTime ?? (() => false);
    collectEnvValues(tree, out, rootEnvNode, rootEnv);
    for (const [id, job] of jobs) {
        const mode = !jobInFile || id === options.job ? 'registries' : 'cr-build-only';
        new JobWalker(tree, out, { id, mode, isThisAction, outOfTime }).walkJob(job, rootEnv);
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
    /** Ids of this job's docker/metadata-action steps whose `images:` were read. */
    metadataSteps = new Set();
    /** The `cr region-set` walked last: the steps of a job share the CLI's configuration. */
    regionSet;
    constructor(tree, out, context) {
        this.tree = tree;
        this.out = out;
        this.context = context;
    }
    /** One job: its env, container and service images, and steps. */
    walkJob(job, workflowEnv) {
        const t = this.tree;
        if (this.stopBefore(job))
            return;
        const envNode = get(t, job, 'env');
        const env = workflowEnv.child(envMapOf(t, envNode));
        if (this.context.mode === 'registries') {
            collectEnvValues(t, this.out, envNode, env);
            this.walkContainers(job, env);
        }
        for (const step of items(t, get(t, job, 'steps'))) {
            if (this.stopBefore(step))
                return;
            this.walkStep(step, env);
        }
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
            const image = yaml_nodes_text(t, container) !== undefined ? container : get(t, container, 'image');
            const raw = yaml_nodes_text(t, image);
            if (raw === undefined)
                continue;
            const line = lineOf(t, image);
            this.ref({ written: raw, resolved: resolveExpressions(raw, env), line, reportUnknown: true, source: 'use' });
        }
    }
    /** One step: its env, then what it uses or runs. */
    walkStep(step, jobEnv) {
        const t = this.tree;
        const envNode = get(t, step, 'env');
        const env = jobEnv.child(envMapOf(t, envNode));
        if (this.context.mode === 'registries')
            collectEnvValues(t, this.out, envNode, env);
        const uses = yaml_nodes_text(t, get(t, step, 'uses'));
        if (uses !== undefined)
            this.walkUsesStep(step, uses, env);
        const run = get(t, step, 'run');
        if (run !== undefined)
            this.walkRunScript(run, env);
    }
    /** A `uses:` step: this action's own step, a `docker://` image, the registries of the docker/* actions. */
    walkUsesStep(step, uses, env) {
        const t = this.tree;
        const action = normalizeUses(uses);
        const inRegistryJob = this.context.mode === 'registries';
        if (this.context.isThisAction(action))
            this.out.actionSteps.push({ line: lineOf(t, step), inRegistryJob });
        if (!inRegistryJob)
            return;
        // A `docker://` step image is pulled by the runner, like a job container.
        if (/^docker:\/\//i.test(uses)) {
            const line = lineOf(t, get(t, step, 'uses'));
            this.ref({ written: uses, resolved: resolveExpressions(uses, env), line, reportUnknown: true, source: 'use' });
        }
        const withNode = get(t, step, 'with');
        if (action === 'docker/login-action')
            this.walkWithList(get(t, withNode, 'registry'), env);
        else if (action === 'docker/build-push-action')
            this.walkWithList(get(t, withNode, 'tags'), env);
        else if (action === 'docker/metadata-action') {
            this.walkWithList(get(t, withNode, 'images'), env);
            const id = yaml_nodes_text(t, get(t, step, 'id'));
            if (id)
                this.metadataSteps.add(id);
        }
    }
    /** A `with:` value listing images or registries: a YAML list, or a string of lines and commas. */
    walkWithList(node, env) {
        const t = this.tree;
        const listed = items(t, node);
        const values = listed.length > 0 ? listed.flatMap((n) => scalarLines(t, n)) : scalarLines(t, node);
        for (const { text: value, line } of values) {
            for (const part of value.split(',').map((p) => p.trim())) {
                if (part === '')
                    continue;
                const output = STEP_OUTPUT.exec(part)?.[1];
                // Tags from a docker/metadata-action step whose `images:` were read already: nothing unknown.
                if (output !== undefined && this.metadataSteps.has(output))
                    continue;
                this.ref({ written: part, resolved: resolveExpressions(part, env), line, reportUnknown: true, source: 'use' });
            }
        }
    }
    /** A `run:` script: `cr build` in every job; images, registries, `cr region-set` and `cr login` in registry jobs. */
    walkRunScript(run, env) {
        const shellVars = new Map();
        for (const ev of scriptEvents(scalarLines(this.tree, run))) {
            if (ev.kind === 'cr-build')
                this.out.crBuildLines.push(ev.line);
            if (this.context.mode !== 'registries')
                continue;
            if (ev.kind === 'assign')
                shellVars.set(ev.name, resolveShell(ev.word, env, shellVars));
            else if (ev.kind === 'image' || ev.kind === 'registry') {
                const resolved = resolveShell(ev.word, env, shellVars);
                const reportUnknown = ev.kind === 'registry' || ev.reportUnknown;
                this.ref({ written: ev.word, resolved, line: ev.line, reportUnknown, source: 'use' });
            }
            else if (ev.kind === 'region-set') {
                this.regionSet = { region: resolveShell(ev.word, env, shellVars), line: ev.line, job: this.context.id };
                this.out.regionSets.push(this.regionSet);
            }
            else if (ev.kind === 'cr-login') {
                this.out.crLogins.push({ line: ev.line, job: this.context.id, regionSet: this.regionSet });
            }
        }
    }
    ref(ref) {
        this.out.refs.push({ ...ref, written: ref.written.trim() });
    }
}
/** The values of an `env:` map. Unknown ones are not reported: most env values are not registries. */
function collectEnvValues(tree, out, node, env) {
    for (const [, value] of entries(tree, node)) {
        const raw = yaml_nodes_text(tree, value);
        if (raw === undefined)
            continue;
        const resolved = resolveExpressions(raw, env);
        out.refs.push({ written: raw.trim(), resolved, line: lineOf(tree, value), reportUnknown: false, source: 'env' });
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
    const noRef = uses.trim().replace(/@[^@/]*$/, '').toLowerCase();
    const trimmed = noRef.replace(/\/+$/, '');
    return trimmed === '' || trimmed === '.' ? '.' : trimmed;
}
/** The `env:` map of a scope as name → raw value (collections are ignored). */
function envMapOf(tree, node) {
    const vars = new Map();
    for (const [name, value] of entries(tree, node)) {
        const v = yaml_nodes_text(tree, value);
        if (v !== undefined)
            vars.set(name, v);
    }
    return vars;
}

;// CONCATENATED MODULE: ./src/engine/workflow/scan.ts
/**
 * Finds the Container Registry hosts a workflow file uses, and where (file and line), by walking the parsed
 * YAML tree: `docker/login-action` `registry:`, `docker/build-push-action` `tags:`, docker and `ibmcloud cr`
 * commands in `run:` scripts, job containers and `*.icr.io` values in `env:` maps.
 *
 * Only what the file itself says is followed (`${{ env.X }}`, `$X` from `env:`); everything else is reported
 * as not resolvable. A file that is not valid YAML, or not a workflow, comes back as `invalid`.
 */




/** Scans one workflow file's text. `file` is the path used in locations (repository-relative for annotations). */
function scanWorkflow(text, file, opts = {}) {
    const result = { registries: [], crBuild: [], unresolvable: [], ignoredDocuments: [] };
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
    const collected = walkWorkflow(tree, { actionRefs: opts.actionRefs, job: opts.job, outOfTime });
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
    const scan = scanWorkflow(read.text, read.file, { actionRefs, job, deadline: options.deadline });
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
