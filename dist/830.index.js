export const id = 830;
export const ids = [830];
export const modules = {

/***/ 1830:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  workflowContext: () => (/* binding */ workflowContext)
});

;// CONCATENATED MODULE: ./src/engine/findings/workflow.ts
const CR_BUILD_FIX = 'Replace it with `docker build` + `docker push`, or docker/build-push-action; `ibmcloud cr build` could not work with IAM allowlists and has been discontinued.';
/** Findings for one scanned workflow file. */
function workflowFindings(scan) {
    const out = [];
    if (scan.invalid !== undefined) {
        out.push({
            severity: 'warning',
            code: 'WORKFLOW_INVALID',
            title: 'Workflow file not readable',
            message: `The workflow file is not a valid workflow (${scan.invalid}); registries were not read from it.`,
            location: scan.invalidLocation
        });
    }
    for (const location of scan.ignoredDocuments) {
        out.push({
            severity: 'warning',
            code: 'WORKFLOW_INVALID',
            title: 'Extra YAML document in the workflow file',
            message: 'The workflow file holds more than one YAML document; only the first workflow document was read.',
            location
        });
    }
    for (const location of scan.crBuild) {
        out.push({
            severity: 'error',
            code: 'WORKFLOW_CR_BUILD',
            title: 'ibmcloud cr build is discontinued',
            message: '`ibmcloud cr build` / `ibmcloud cr image-build` builds on IBM’s side: it could not be used with IAM allowlists and no longer exists.',
            fix: { steps: [CR_BUILD_FIX] },
            location
        });
    }
    for (const u of scan.unresolvable) {
        out.push({
            severity: 'notice',
            code: 'WORKFLOW_UNRESOLVABLE',
            title: 'Registry not resolvable from the workflow',
            message: `${u.expression} decides a registry host but cannot be resolved from the workflow file; that registry was not checked.`,
            fix: { steps: ['Name the registry in the `registry` input (for example `registry: us.icr.io`).'] },
            location: u.location
        });
    }
    return out;
}
/** The notice for a workflow file that could not be read (no checkout): the public check still runs. */
function workflowNotFoundFinding(reason, file) {
    // No location: the file is not in the checkout, so an annotation could not point into it.
    return {
        severity: 'notice',
        code: 'WORKFLOW_NOT_FOUND',
        title: 'Workflow file not read',
        message: `Registries could not be read from the workflow${file ? ` (${file})` : ''}: ${reason}. The preflight falls back to the public check.`,
        fix: { steps: ['Check the repository out (actions/checkout) before this step, or name the registries in the `registry` input.'] }
    };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/engine/workflow/read-workflow.ts
/**
 * Finds the running workflow's file from the runner's environment.
 *
 * `GITHUB_WORKFLOW_REF` (`owner/repo/.github/workflows/ci.yml@refs/heads/main`) names the file; it is only on
 * disk, under `GITHUB_WORKSPACE`, when the job checked the repository out. Without a checkout the caller emits
 * a WORKFLOW_NOT_FOUND notice and falls back to the public check.
 */


/**
 * The repository-relative workflow path named by a `GITHUB_WORKFLOW_REF` value, or undefined when it does
 * not have the expected `owner/repo/path@ref` shape.
 */
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
/**
 * Where the running workflow's file should be. `exists` is injected so tests and callers decide how to look
 * (the default checks the file system).
 */
async function locateWorkflow(env, exists = fileExists) {
    const file = workflowPathFromRef(env.GITHUB_WORKFLOW_REF);
    if (!file) {
        return { found: false, reason: 'GITHUB_WORKFLOW_REF is not set or not of the form owner/repo/path@ref' };
    }
    const workspace = env.GITHUB_WORKSPACE;
    if (!workspace)
        return { found: false, file, reason: 'GITHUB_WORKSPACE is not set' };
    const full = external_node_path_default().resolve(workspace, file);
    // The path comes from the environment: never read outside the workspace.
    if (!full.startsWith(external_node_path_default().resolve(workspace) + (external_node_path_default()).sep)) {
        return { found: false, file, reason: `${file} is outside GITHUB_WORKSPACE` };
    }
    if (!(await exists(full))) {
        return {
            found: false,
            file,
            reason: `${file} is not in GITHUB_WORKSPACE: check the repository out (actions/checkout) before this step to let the preflight read the workflow`
        };
    }
    return { found: true, file, path: full };
}
/** Locates and reads the running workflow file; never throws (an unreadable file is `found: false`). */
async function readWorkflow(env) {
    const where = await locateWorkflow(env);
    if (!where.found)
        return where;
    try {
        return { ...where, text: await (0,promises_.readFile)(where.path, 'utf8') };
    }
    catch (err) {
        const code = err.code ?? String(err);
        return { found: false, file: where.file, reason: `${where.file} could not be read (${code})` };
    }
}
async function fileExists(p) {
    try {
        return (await (0,promises_.stat)(p)).isFile();
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/engine/workflow/expressions.ts
/**
 * Resolution of `${{ … }}` expressions and shell `$VAR` references found in a workflow, using only what the
 * workflow file itself says (its `env:` maps and simple assignments in the same script).
 *
 * Anything else (secrets, vars, inputs, matrix, step outputs, `$(…)`) is left unknown: the caller reports it as
 * "not resolvable" instead of guessing a registry.
 */
/** Stands in for an unknown part of a value, so the caller can tell whether the host itself is unknown. */
const UNKNOWN = '\u0000';
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
 * becomes {@link UNKNOWN} and is listed as unresolved, with whatever the found values left unresolved.
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
/** Substitutes `${{ env.X }}` (and string literals) from `env`; every other expression becomes {@link UNKNOWN}. */
function resolveExpressions(text, env) {
    return substitute(text, EXPRESSION, (_whole, [inner]) => {
        const expr = (inner ?? '').trim();
        const literal = STRING_LITERAL.exec(expr);
        if (literal)
            return { value: literal[1].replace(/''/g, "'"), unresolved: [] };
        const ref = ENV_REF.exec(expr);
        return ref ? env.lookup(ref[1] ?? ref[2]) : undefined;
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

// EXTERNAL MODULE: ./src/engine/registry/hosts.ts
var hosts = __webpack_require__(5187);
;// CONCATENATED MODULE: ./src/engine/workflow/regions.ts
/**
 * The registry host that `ibmcloud cr region-set REGION` makes `ibmcloud cr login` use.
 *
 * The domain table belongs to `../registry.ts`; this adds the Container Registry CLI's older region names.
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

;// CONCATENATED MODULE: ./src/engine/workflow/shell.ts
/**
 * Reads a `run:` script one command at a time and picks out the commands that talk to a registry.
 *
 * This is deliberately a small tokenizer, not a shell: it understands quotes, comments, `\` line continuations
 * and the usual command separators, which is what registry commands in CI scripts use. Anything fancier
 * (heredocs, functions, loops) simply yields no events.
 */
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
        const c = text[i];
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
    let words = all;
    const assignments = [];
    if (words[0] === 'export' || words[0] === 'sudo')
        words = words.slice(1);
    while (words.length > 0 && ASSIGNMENT.test(words[0])) {
        const [, name, word] = ASSIGNMENT.exec(words[0]);
        assignments.push({ kind: 'assign', name, word, line });
        words = words.slice(1);
    }
    // `A=b cmd` sets A for cmd only; `A=b` alone (or `export A=b`) sets it for the rest of the script.
    if (words.length === 0)
        return assignments;
    const tool = words[0];
    if (tool === 'docker' || tool === 'podman')
        return dockerEvents(words.slice(1), line);
    if (tool === 'ibmcloud' || tool === 'ic')
        return ibmcloudEvents(words.slice(1), line);
    return [];
}
function dockerEvents(args, line) {
    let i = 0;
    while (i < args.length && args[i].startsWith('-'))
        i += DOCKER_GLOBAL_WITH_VALUE.has(args[i]) ? 2 : 1;
    let sub = args[i];
    let rest = args.slice(i + 1);
    if ((sub === 'image' || sub === 'buildx') && rest.length > 0) {
        sub = rest[0];
        rest = rest.slice(1);
    }
    const positionals = positional(rest);
    switch (sub) {
        case 'push':
        case 'pull':
            return positionals.slice(0, 1).map((word) => ({ kind: 'image', word, line, report: true }));
        case 'tag':
            // The source of `docker tag` is usually a local name: only the target is worth a "not resolvable" note.
            return positionals.slice(0, 2).map((word, n) => ({ kind: 'image', word, line, report: n === 1 }));
        case 'login':
            return positionals.slice(0, 1).map((word) => ({ kind: 'registry', word, line }));
        case 'build':
            return buildTags(rest).map((word) => ({ kind: 'image', word, line, report: false }));
        default:
            return [];
    }
}
/** Positional arguments, skipping options (and the values of the options that take one). */
function positional(args) {
    const out = [];
    for (let i = 0; i < args.length; i++) {
        if (args[i] === '--')
            return out.concat(args.slice(i + 1));
        if (args[i].startsWith('-')) {
            if (WITH_VALUE.has(args[i]))
                i++;
        }
        else {
            out.push(args[i]);
        }
    }
    return out;
}
/** `-t X`, `--tag X`, `--tag=X`, `-tX` of `docker build` / `docker buildx build`. */
function buildTags(args) {
    const tags = [];
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if ((a === '-t' || a === '--tag') && i + 1 < args.length)
            tags.push(args[++i]);
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
        return [{ kind: 'cr-build', line, command: `ibmcloud cr ${sub}` }];
    return [];
}

;// CONCATENATED MODULE: ./src/engine/workflow/yaml-nodes.ts
/**
 * Small read-only helpers over the `yaml` library's document tree: key look-up that follows aliases and merge
 * keys, and line numbers for nodes and for each line of a block scalar.
 *
 * Line numbers always come from the node as written: an alias resolves to its anchor's node, so it reports the
 * anchor's line, which is where the text actually is.
 */

/** Follows an alias to its anchor's node. */
function deref(tree, node) {
    let n = node;
    // Bounded: an alias can only point to an earlier anchor, but a malformed tree should never loop.
    for (let i = 0; i < 32 && (0,dist/* isAlias */.Vj)(n); i++)
        n = n.resolve(tree.doc);
    return (0,dist/* isAlias */.Vj)(n) ? undefined : n;
}
/**
 * The value node of `key` in a mapping, honouring `<<` merge keys (own keys win, as in YAML 1.1). `seen` guards
 * against a map that merges itself (`a: &a { <<: *a }` parses).
 */
function get(tree, map, key, seen = new Set()) {
    const m = deref(tree, map);
    if (!(0,dist/* isMap */.jh)(m) || seen.has(m))
        return undefined;
    seen.add(m);
    const merges = [];
    for (const pair of m.items) {
        const k = deref(tree, pair.key);
        const name = (0,dist/* isScalar */.jn)(k) ? String(k.value) : undefined;
        if (name === key)
            return deref(tree, pair.value) ?? undefined;
        if (name === '<<')
            merges.push(pair.value);
    }
    for (const merge of merges) {
        const source = deref(tree, merge);
        const maps = (0,dist/* isSeq */.oP)(source) ? source.items : [source];
        for (const item of maps) {
            const found = get(tree, item, key, seen);
            if (found)
                return found;
        }
    }
    return undefined;
}
/** Entries of a mapping as `[key, value node]`, merge keys expanded (own keys first; see `get` for `seen`). */
function entries(tree, map, seen = new Set()) {
    const m = deref(tree, map);
    if (!(0,dist/* isMap */.jh)(m) || seen.has(m))
        return [];
    seen.add(m);
    const out = new Map();
    const merges = [];
    for (const pair of m.items) {
        const k = deref(tree, pair.key);
        const v = deref(tree, pair.value);
        if (!(0,dist/* isScalar */.jn)(k) || v === undefined)
            continue;
        if (k.value === '<<')
            merges.push(v);
        else if (!out.has(String(k.value)))
            out.set(String(k.value), v);
    }
    for (const merge of merges) {
        const maps = (0,dist/* isSeq */.oP)(merge) ? merge.items : [merge];
        for (const item of maps)
            for (const [k, v] of entries(tree, item, seen))
                if (!out.has(k))
                    out.set(k, v);
    }
    return [...out.entries()];
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
        if (l.text === '')
            open = false;
        else if (open)
            out[out.length - 1].text += ` ${l.text}`;
        else {
            out.push({ ...l });
            open = true;
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/engine/workflow/walk.ts
/**
 * Walks the jobs and steps of a parsed workflow and collects every place that names a registry, then turns
 * them into registry targets (see `scan.ts` for the sources covered).
 */





const STEP_OUTPUT = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.(tags|json|labels)\s*\}\}$/;
/** Walks jobs and steps; `preferred` jobs contribute registries, every job contributes `cr build` uses. */
class JobWalker {
    tree;
    file;
    out;
    actionRefs;
    constructor(tree, file, out, actionRefs) {
        this.tree = tree;
        this.file = file;
        this.out = out;
        this.actionRefs = actionRefs;
    }
    /** `*.icr.io` values of an `env:` map. Unknown values are not reported: most env values are not registries. */
    envValues(node, env, collect) {
        if (!collect)
            return;
        for (const [, value] of entries(this.tree, node)) {
            const raw = yaml_nodes_text(this.tree, value);
            if (raw !== undefined)
                this.ref(raw, resolveExpressions(raw, env), lineOf(this.tree, value), false, true);
        }
    }
    /** One job: its env, container and service images, and steps. */
    job(job, parent, preferred, id) {
        const t = this.tree;
        const envNode = get(t, job, 'env');
        const env = parent.child(envMapOf(t, envNode));
        this.envValues(envNode, env, preferred);
        if (preferred) {
            // Job and service containers are pulled by the runner with the job's registry credentials.
            const images = [get(t, job, 'container'), ...entries(t, get(t, job, 'services')).map(([, s]) => s)];
            for (const c of images) {
                const image = yaml_nodes_text(t, c) !== undefined ? c : get(t, c, 'image');
                const raw = yaml_nodes_text(t, image);
                if (raw !== undefined)
                    this.ref(raw, resolveExpressions(raw, env), lineOf(t, image), true);
            }
        }
        const metadataSteps = new Set();
        for (const step of items(t, get(t, job, 'steps'))) {
            const stepEnvNode = get(t, step, 'env');
            const stepEnv = env.child(envMapOf(t, stepEnvNode));
            this.envValues(stepEnvNode, stepEnv, preferred);
            const uses = yaml_nodes_text(t, get(t, step, 'uses'));
            if (uses !== undefined)
                this.uses(step, uses, stepEnv, preferred, metadataSteps);
            const run = get(t, step, 'run');
            if (run !== undefined)
                this.run(run, stepEnv, preferred, id);
        }
    }
    uses(step, uses, env, preferred, metadata) {
        const t = this.tree;
        const action = normalizeUses(uses);
        const withNode = get(t, step, 'with');
        if (this.isThisAction(action))
            this.out.actionSteps.push({ line: lineOf(t, step), preferred });
        if (!preferred)
            return;
        // A `docker://` step image is pulled by the runner, like a job container.
        if (/^docker:\/\//i.test(uses))
            this.ref(uses, resolveExpressions(uses, env), lineOf(t, get(t, step, 'uses')), true);
        const list = (key, report) => {
            const node = get(t, withNode, key);
            const values = items(t, node).length > 0 ? items(t, node).flatMap((n) => scalarLines(t, n)) : scalarLines(t, node);
            for (const { text: line, line: n } of values) {
                for (const part of line.split(',').map((p) => p.trim()).filter(Boolean)) {
                    const m = STEP_OUTPUT.exec(part);
                    // Tags from a docker/metadata-action step whose `images:` were read already: nothing unknown.
                    if (m && metadata.has(m[1]))
                        continue;
                    this.ref(part, resolveExpressions(part, env), n, report);
                }
            }
        };
        if (action === 'docker/login-action')
            list('registry', true);
        else if (action === 'docker/build-push-action')
            list('tags', true);
        else if (action === 'docker/metadata-action') {
            list('images', true);
            const id = yaml_nodes_text(t, get(t, step, 'id'));
            if (id)
                metadata.add(id);
        }
    }
    run(run, env, preferred, job) {
        const shellVars = new Map();
        for (const ev of scriptEvents(scalarLines(this.tree, run))) {
            if (ev.kind === 'cr-build')
                this.out.crBuild.push({ file: this.file, line: ev.line });
            if (!preferred)
                continue;
            if (ev.kind === 'assign')
                shellVars.set(ev.name, resolveShell(ev.word, env, shellVars));
            else if (ev.kind === 'image' || ev.kind === 'registry') {
                this.ref(ev.word, resolveShell(ev.word, env, shellVars), ev.line, ev.kind === 'registry' || ev.report);
            }
            else if (ev.kind === 'region-set') {
                this.out.regionSets.push({ region: resolveShell(ev.word, env, shellVars), line: ev.line, job });
            }
            else if (ev.kind === 'cr-login')
                this.out.crLogins.push({ line: ev.line, job });
        }
    }
    ref(written, resolved, line, report, fromEnv = false) {
        this.out.refs.push({ written: written.trim(), resolved, line, report, fromEnv });
    }
    isThisAction(action) {
        const refs = (this.actionRefs ?? []).map(normalizeUses);
        if (refs.length === 0)
            return action === '.' || action.endsWith('/icr-allowlist-preflight');
        return refs.includes(action);
    }
    /** Resolves the collected references into registries (one per host, first place in the file). */
    finish() {
        const file = this.file;
        const unresolvable = [];
        const found = [];
        const note = (expression, line) => {
            if (!unresolvable.some((u) => u.expression === expression && u.location.line === line)) {
                unresolvable.push({ expression, location: { file, line } });
            }
        };
        // One target per host, at the first line that uses it; an `env:` definition only when nothing else does.
        const add = (host, written, line, fromEnv = false) => {
            const info = (0,hosts/* lookupRegistryHost */.wo)(host);
            if (!info)
                return;
            const seen = found.findIndex((r) => r.host === info.host);
            if (seen >= 0 && (fromEnv || !found[seen].fromEnv))
                return;
            const entry = { raw: written, ...info, location: { file, line }, fromEnv };
            if (seen >= 0)
                found[seen] = entry;
            else
                found.push(entry);
        };
        for (const r of this.out.refs) {
            const host = (0,hosts/* registryHostOf */.pY)(r.resolved.value);
            if (host.includes(UNKNOWN)) {
                if (r.report)
                    note(r.resolved.unresolved.join(' ') || r.written, r.line);
            }
            else if (host !== '')
                add(host, r.written, r.line, r.fromEnv);
        }
        for (const login of this.out.crLogins) {
            const sets = this.out.regionSets;
            const set = [...sets].reverse().find((s) => s.job === login.job && s.line < login.line) ??
                sets.find((s) => s.job === login.job) ??
                sets[0];
            if (!set) {
                note('ibmcloud cr login (registry region: whatever `ibmcloud cr region-set` the CLI has)', login.line);
                continue;
            }
            const host = set.region.value.includes(UNKNOWN) ? undefined : regionHost(set.region.value);
            if (host)
                add(host, `ibmcloud cr region-set ${set.region.value}`, login.line);
            else
                note(set.region.unresolved.join(' ') || `ibmcloud cr region-set ${set.region.value}`, set.line);
        }
        found.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0));
        unresolvable.sort((a, b) => a.location.line - b.location.line);
        const step = this.out.actionSteps.find((s) => s.preferred) ?? this.out.actionSteps[0];
        return {
            registries: found.map(({ fromEnv: _, ...target }) => target),
            crBuild: this.out.crBuild,
            unresolvable,
            actionStep: step ? { file, line: step.line } : undefined
        };
    }
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
 * as not resolvable. The scan never throws: a file that is not valid YAML comes back as `invalid`.
 */




/** Scans one workflow file's text. `file` is the path used in locations (repository-relative for annotations). */
function scanWorkflow(text, file, opts = {}) {
    const result = { registries: [], crBuild: [], unresolvable: [], ignoredDocuments: [] };
    const lines = new dist/* LineCounter */.HN();
    let docs;
    try {
        docs = (0,dist/* parseAllDocuments */.hR)(text, { lineCounter: lines, prettyErrors: true });
    }
    catch (err) {
        // The parser reports problems as document errors; this is for anything unexpected (never throw to callers).
        return { ...result, invalid: err instanceof Error ? err.message : String(err) };
    }
    const list = Array.isArray(docs) ? docs : [];
    const broken = list.find((d) => d.errors.length > 0);
    if (broken) {
        const err = broken.errors[0];
        const line = err.linePos?.[0]?.line;
        return { ...result, invalid: err.message.split('\n')[0].replace(/:\s*$/, ''), invalidLocation: line ? { file, line } : undefined };
    }
    let tree;
    for (const doc of list) {
        const candidate = { doc, source: text, lines };
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
    try {
        return { ...result, ...walk(tree, file, opts) };
    }
    catch (err) {
        // Defence in depth: a pathological tree must end as a warning, never as a crash of the preflight.
        return { ...result, invalid: `the workflow could not be read (${err instanceof Error ? err.message : String(err)})` };
    }
}
function walk(tree, file, opts) {
    const root = tree.doc.contents;
    const rootEnv = new EnvChain(envMapOf(tree, get(tree, root, 'env')));
    const jobs = entries(tree, get(tree, root, 'jobs'));
    const jobFound = opts.job !== undefined && jobs.some(([id]) => id === opts.job);
    const collected = { refs: [], crBuild: [], regionSets: [], crLogins: [], actionSteps: [] };
    const walker = new JobWalker(tree, file, collected, opts.actionRefs);
    walker.envValues(get(tree, root, 'env'), rootEnv, true);
    for (const [id, job] of jobs)
        walker.job(job, rootEnv, !jobFound || id === opts.job, id);
    const found = walker.finish();
    return opts.job === undefined ? found : { ...found, jobFound };
}

;// CONCATENATED MODULE: ./src/engine/workflow/context.ts



/** Reads and scans the running workflow. Never throws: a missing or broken file is a finding. */
async function workflowContext(env) {
    const read = await readWorkflow(env);
    if (!read.found)
        return { registries: [], findings: [workflowNotFoundFinding(read.reason, read.file)] };
    const actionRefs = ['./', 'icr-allowlist-preflight', env.GITHUB_ACTION_REPOSITORY].filter((r) => !!r);
    const scan = scanWorkflow(read.text, read.file, { actionRefs, job: env.GITHUB_JOB || undefined });
    return { registries: scan.registries, actionStep: scan.actionStep, findings: workflowFindings(scan) };
}


/***/ })

};
