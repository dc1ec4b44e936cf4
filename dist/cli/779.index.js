export const id = 779;
export const ids = [779];
export const modules = {

/***/ 4779:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  loginToRegistry: () => (/* binding */ loginToRegistry)
});

// EXTERNAL MODULE: ./src/engine/report/redact.ts
var report_redact = __webpack_require__(7728);
// EXTERNAL MODULE: ./src/engine/evidence/http/http-error.ts
var http_error = __webpack_require__(3200);
// EXTERNAL MODULE: ./src/engine/evidence/http/retry.ts
var retry = __webpack_require__(3689);
// EXTERNAL MODULE: ./src/engine/evidence/http/url-policy.ts
var url_policy = __webpack_require__(1997);
// EXTERNAL MODULE: ./src/engine/evidence/iam/api.ts
var api = __webpack_require__(180);
;// CONCATENATED MODULE: ./src/engine/evidence/registry/answer.ts
/**
 * What a registry's refusal says, and which kind of refusal it is. Pure: no I/O.
 *
 * The wording is Container Registry's, as its troubleshooting pages quote it (docs/ibm-facts.md §8). The
 * statuses these refusals come with, and the JSON they are wrapped in on the token endpoint, are NOT
 * documented: a refusal is recognised by its words, wherever in the body they are, and the status only
 * decides when the words match nothing known. The raw status, code and words are always kept.
 */

/**
 * IBM's wording per refusal (docs/ibm-facts.md §8), loosened against small changes in punctuation and case.
 * Checked in this order: the private-only and quota texts speak of access too, and must win over the
 * generic "not authorized" ones. `unauthorized: The login credentials are not valid…` holds "unauthorized",
 * which on its own says nothing: it is never matched as a word by itself.
 */
const WORDING = [
    [
        'private-only',
        [
            /private[\s-]*only access is enabled/i,
            /request was over the public network/i,
            /must access this account over the private network/i
        ]
    ],
    ['quota', [/exceeded its [\w ]*quota/i, /\bquota (exceeded|limit)\b/i]],
    [
        'credentials-refused',
        [
            /login credentials are not valid/i,
            /account is not active/i,
            /\bauthentication required\b/i,
            /\binvalid (credentials|api ?key|username or password)\b/i
        ]
    ],
    [
        'not-authorized',
        [/not authorized to access/i, /\binsufficient[\s_]scope\b/i, /requested access to the resource is denied/i]
    ]
];
/** Docker's error codes that name a refusal kind when no wording matched (the distribution spec's codes). */
const CODES = { DENIED: 'not-authorized', INSUFFICIENT_SCOPE: 'not-authorized' };
/**
 * The kind of refusal a non-2xx answer is: by IBM's words first (any status), then by Docker's error code,
 * then, when `byStatus` (an answer to credentials: the token request), by status alone (401: the credentials
 * were not taken; 403: they were, but not for this). Undefined when nothing says: the caller reports the
 * answer as unexpected.
 */
function refusalKind(status, words, byStatus) {
    const text = `${words.code ?? ''} ${words.message ?? ''}`;
    for (const [kind, patterns] of WORDING)
        if (patterns.some((p) => p.test(text)))
            return kind;
    const byCode = words.code === undefined ? undefined : CODES[words.code.toUpperCase()];
    if (byCode)
        return byCode;
    if (!byStatus || words.nonJson?.startsWith('HTML'))
        return undefined;
    if (status === 401)
        return 'credentials-refused';
    if (status === 403)
        return 'not-authorized';
    return undefined;
}
/**
 * The registry's code and message from an answer body. Registries answer in Docker's envelope
 * (`{"errors":[{"code","message","detail"}]}`); token endpoints are known in the wild to use OAuth's
 * (`{"error","error_description"}`) or a bare `{"code","message"}`; all are read. A short plain-text body is
 * the message itself (Docker prints refusals as `code: message` lines); HTML is described, never quoted.
 */
function registryWords(body) {
    const json = (0,api/* parseJsonObject */.dw)(body);
    if (json === undefined) {
        const kind = (0,api/* bodyKind */.X8)(body);
        const text = body.trim();
        if (kind.startsWith('HTML') || text === '' || text.length > 2000)
            return { nonJson: kind };
        return { message: text };
    }
    const first = Array.isArray(json.errors) ? json.errors[0] : undefined;
    const envelope = (0,api/* isObject */.Gv)(first) ? first : json;
    const code = (0,api/* nonEmptyString */.y0)(envelope.code) ?? (0,api/* nonEmptyString */.y0)(json.error);
    const message = (0,api/* nonEmptyString */.y0)(envelope.message) ??
        (0,api/* nonEmptyString */.y0)(json.error_description) ??
        (0,api/* nonEmptyString */.y0)(json.details) ??
        (0,api/* nonEmptyString */.y0)(json.detail);
    const out = {};
    if (code !== undefined)
        out.code = code;
    if (message !== undefined)
        out.message = message;
    return out;
}

// EXTERNAL MODULE: ./src/engine/registry/hosts.ts
var hosts = __webpack_require__(5187);
;// CONCATENATED MODULE: ./src/engine/evidence/registry/challenge.ts
/**
 * Reads the `WWW-Authenticate` challenge a registry's anonymous `GET /v2/` answers with, and decides whether
 * its realm may be sent the API key. Pure: no I/O.
 *
 * Hand-written rather than taken from a library: Node has no parser for this header, and IBM's registry has
 * been seen sending both the quoted form (`Bearer realm="https://…",service="registry"`) and an unquoted form
 * with spaces after the commas (`Bearer realm=https://cp.icr.io/oauth/token, service=registry`,
 * docs/ibm-facts.md §8). The unquoted realm holds `:` and `/`, which RFC 7235's token syntax does not allow,
 * so a strict parser rejects what IBM sends, and a naive comma split without trimming builds URLs that fail.
 */

/** Longest header read: real challenges are a few hundred bytes; anything far larger is not one. */
const MAX_HEADER_CHARS = 8 * 1024;
/**
 * The Bearer challenge of a `WWW-Authenticate` header (several challenges may share one header, as Node
 * joins repeated headers with ", "), or why there is none.
 */
function parseBearerChallenge(header) {
    if (header === undefined || header.trim() === '')
        return { problem: 'missing' };
    const bearer = parseChallenges(header.slice(0, MAX_HEADER_CHARS)).find((c) => c.scheme === 'bearer');
    if (!bearer)
        return { problem: 'not-bearer' };
    const realm = bearer.params.get('realm');
    if (realm === undefined || realm === '')
        return { problem: 'no-realm' };
    const out = { realm };
    const service = bearer.params.get('service');
    const scope = bearer.params.get('scope');
    if (service !== undefined && service !== '')
        out.service = service;
    if (scope !== undefined && scope !== '')
        out.scope = scope;
    return out;
}
/**
 * Splits a header into challenges. A challenge is a scheme token followed by `name=value` parameters
 * separated by commas; a value is a quoted string (backslash escapes honoured) or everything up to the next
 * comma, trimmed. A bare word after a comma starts a new challenge, except right after an unquoted `scope`:
 * Docker scopes list actions with commas (`repository:ns/app:pull,push`), and unquoted they split there.
 */
function parseChallenges(header) {
    const challenges = [];
    let current;
    let lastUnquoted;
    let i = 0;
    const skip = (chars) => {
        while (i < header.length && chars.test(header.charAt(i)))
            i++;
    };
    while (i < header.length) {
        skip(/[\s,]/);
        if (i >= header.length)
            break;
        const start = i;
        while (i < header.length && !/[\s=,]/.test(header.charAt(i)))
            i++;
        const word = header.slice(start, i);
        skip(/\s/);
        if (header.charAt(i) === '=' && word !== '') {
            i++;
            skip(/\s/);
            const { value, quoted } = readValue();
            const name = word.toLowerCase();
            if (current && !current.params.has(name))
                current.params.set(name, value);
            lastUnquoted = quoted ? undefined : name;
            continue;
        }
        if (current && lastUnquoted === 'scope' && (i >= header.length || header.charAt(i) === ',')) {
            current.params.set('scope', `${current.params.get('scope') ?? ''},${word}`);
            continue;
        }
        if (word === '') {
            i++; // a stray character (a lone `=`): step over it
            continue;
        }
        current = { scheme: word.toLowerCase(), params: new Map() };
        challenges.push(current);
        lastUnquoted = undefined;
    }
    return challenges;
    function readValue() {
        if (header.charAt(i) !== '"') {
            const end = header.indexOf(',', i);
            const value = header.slice(i, end < 0 ? header.length : end).trim();
            i = end < 0 ? header.length : end;
            return { value, quoted: false };
        }
        let value = '';
        i++;
        while (i < header.length && header.charAt(i) !== '"') {
            if (header.charAt(i) === '\\' && i + 1 < header.length)
                i++;
            value += header.charAt(i);
            i++;
        }
        i++; // the closing quote (or past the end of an unterminated string)
        return { value, quoted: true };
    }
}
/**
 * Why the realm must not be sent the key, or undefined when it may: the key goes only to an IBM Cloud
 * Container Registry host over https (`*.icr.io`, the deprecated `*.bluemix.net` ones), or back to the
 * very origin the challenge came from (which the run chose itself: a registry host, or this machine in tests).
 * A realm with credentials in it, or that is no URL, is refused too.
 */
function realmProblem(realm, registryOrigin) {
    let url;
    try {
        url = new URL(realm);
    }
    catch {
        return 'the realm is not a URL';
    }
    if (url.username !== '' || url.password !== '')
        return 'the realm URL carries credentials';
    if (url.origin === registryOrigin)
        return undefined;
    if (url.protocol !== 'https:')
        return `the realm is not https (${url.protocol.replace(/:$/, '')})`;
    if (!(0,hosts/* isRegistryHost */.EV)(url.hostname))
        return `the realm is on ${url.hostname}, which is not an IBM Cloud Container Registry host`;
    return undefined;
}

// EXTERNAL MODULE: ./src/engine/evidence/registry/outcome.ts
var outcome = __webpack_require__(468);
;// CONCATENATED MODULE: ./src/engine/evidence/registry/login.ts
/**
 * The registry's own answer: the Docker Registry v2 login that `docker login -u iamapikey` performs, done
 * without Docker (docs/ibm-facts.md §8). `GET /v2/` answers 401 with a Bearer challenge; the token request to
 * its realm, with Basic `iamapikey:KEY`, the challenge's `service` and a `scope` for the repository, is where
 * the registry turns the key into an IAM token and applies its own gates. Every answer is kept as evidence in
 * the registry's own words; the key and the token never leave this module.
 */








/** The user name `docker login` takes for an API key. */
const API_KEY_USER = 'iamapikey';
/**
 * Logs in to one registry host: the challenge, then the token request. A job whose use is not known asks
 * for `pull,push`; when the registry refuses that as not authorized, `pull` alone is asked next, so a
 * pull-only key of a job that only pulls is not reported as refused.
 */
async function loginToRegistry(http, spec) {
    const { target, log } = spec;
    const secrets = (0,report_redact/* secretSet */.N9)([spec.apikey]);
    const redact = secrets.redact;
    const name = `registry ${target.host}`;
    const challenge = await askChallenge(http, spec.base, redact);
    if ('outcome' in challenge) {
        log(`${name}: GET /v2/: ${challenge.outcome}${challenge.httpStatus ? ` (HTTP ${challenge.httpStatus})` : ''}`);
        return { ...(0,outcome/* loginOf */.DQ)(target), ...challenge };
    }
    log(`${name}: Bearer challenge, realm ${(0,url_policy/* describeOrigin */.uN)(new URL(challenge.realm))}, service ${challenge.service ?? '(none)'}`);
    const repository = target.repository;
    const actions = target.access === 'pull' ? 'pull' : 'pull,push';
    const scope = repository ? `repository:${repository}:${actions}` : undefined;
    const ask = (s) => askToken(http, challenge, s, {
        apikey: spec.apikey,
        repository,
        redact,
        keep: (t) => {
            secrets.add(t);
        },
        onSecret: spec.onSecret
    });
    let step = await ask(scope);
    log(`${name}: token request${scope ? ` (scope ${actions})` : ' (no repository known: no scope)'}: ${step.outcome}${step.httpStatus ? ` (HTTP ${step.httpStatus})` : ''}`);
    if (step.outcome === 'not-authorized' && repository && target.access === undefined) {
        const pullOnly = await ask(`repository:${repository}:pull`);
        log(`${name}: token request (scope pull, the job's use not known): ${pullOnly.outcome}`);
        if (pullOnly.outcome === 'granted')
            step = { ...pullOnly, narrowedToPull: true, scope: `repository:${repository}:pull` };
    }
    return { ...(0,outcome/* loginOf */.DQ)(target), ...step };
}
/** `GET /v2/`: the usable Bearer challenge, or how the login ended there. */
async function askChallenge(http, base, redact) {
    let res;
    try {
        res = await http.request('GET', `${base}/v2/`, { headers: { Accept: 'application/json' } });
    }
    catch (err) {
        if (!(err instanceof http_error/* HttpError */.j))
            throw err;
        return fault('challenge', err, redact);
    }
    if (res.status === 401) {
        const challenge = parseBearerChallenge(res.headers['www-authenticate']);
        if ('problem' in challenge) {
            const why = {
                missing: 'no WWW-Authenticate challenge',
                'not-bearer': 'a challenge that is not Bearer',
                'no-realm': 'a Bearer challenge without a realm'
            };
            return answered('challenge', res, redact, `GET /v2/ answered 401 with ${why[challenge.problem]}: the key was not sent`);
        }
        const problem = realmProblem(challenge.realm, new URL(base).origin);
        if (problem)
            return {
                step: 'challenge',
                outcome: 'unexpected',
                httpStatus: 401,
                detail: redact(`${problem}: the key was not sent there`)
            };
        return challenge;
    }
    if (res.status >= 200 && res.status < 300) {
        return {
            step: 'challenge',
            outcome: 'unexpected',
            httpStatus: res.status,
            detail: `GET /v2/ answered ${res.status} without asking for credentials`
        };
    }
    return answered('challenge', res, redact, `GET /v2/ answered HTTP ${res.status} instead of 401 with a Bearer challenge`);
}
/** `GET <realm>?service=…&scope=…` with Basic `iamapikey:KEY`. */
async function askToken(http, challenge, scope, ask) {
    const url = new URL(challenge.realm);
    if (challenge.service !== undefined)
        url.searchParams.set('service', challenge.service);
    if (scope !== undefined)
        url.searchParams.append('scope', scope);
    const basic = Buffer.from(`${API_KEY_USER}:${ask.apikey}`, 'utf8').toString('base64');
    let res;
    try {
        res = await http.request('GET', url.href, {
            headers: { Authorization: `Basic ${basic}`, Accept: 'application/json' }
        });
    }
    catch (err) {
        if (!(err instanceof http_error/* HttpError */.j))
            throw err;
        return { ...fault('token', err, ask.redact), ...(scope ? { scope } : {}) };
    }
    const step = { step: 'token', outcome: 'unexpected', httpStatus: res.status, attempts: res.attempts };
    if (scope !== undefined)
        step.scope = scope;
    if (res.status < 200 || res.status >= 300)
        return { ...step, ...answered('token', res, ask.redact) };
    const json = (0,api/* parseJsonObject */.dw)(res.body);
    // Clients read either field (docs/ibm-facts.md §8); `token` first, as Docker does.
    const token = (0,api/* nonEmptyString */.y0)(json?.token) ?? (0,api/* nonEmptyString */.y0)(json?.access_token);
    if (token === undefined) {
        const what = json === undefined ? `${(0,api/* bodyKind */.X8)(res.body)} where JSON was expected` : 'JSON without a token or access_token';
        return { ...step, detail: `the token request answered HTTP ${res.status} with ${what}` };
    }
    ask.keep(token);
    ask.onSecret?.(token);
    step.outcome = 'granted';
    const actions = ask.repository === undefined ? undefined : (0,outcome/* grantedActions */.jo)(token, ask.repository);
    if (actions !== undefined)
        step.grantedActions = actions;
    return step;
}
/** Reads a non-2xx answer: a refusal in the registry's words, a busy registry, or an answer none expects. */
function answered(step, res, redact, unexpected) {
    const words = registryWords(res.body);
    const out = { step, outcome: 'unexpected', httpStatus: res.status, attempts: res.attempts };
    // Redacted first, clipped after: a cut could otherwise leave the start of a secret the redactor no longer sees whole.
    if (words.code !== undefined)
        out.registryCode = (0,api/* clip */.$Q)(redact(words.code));
    if (words.message !== undefined)
        out.registryMessage = (0,api/* clip */.$Q)(redact(words.message));
    const kind = refusalKind(res.status, words, step === 'token');
    if (kind)
        return { ...out, outcome: kind };
    const tries = res.attempts > 1 ? ` after ${res.attempts} attempts` : '';
    if ((0,retry/* isRetryableStatus */.PS)(res.status))
        return { ...out, outcome: 'unreachable', detail: `HTTP ${res.status}${tries}: the registry was busy or failing` };
    const body = words.nonJson === undefined ? '' : ` (${words.nonJson})`;
    return { ...out, detail: `${unexpected ?? `the token request answered HTTP ${res.status}`}${body}` };
}
/** A request that got no answer. */
function fault(step, err, redact) {
    const out = {
        step,
        outcome: (0,outcome/* faultOutcome */.pG)(err),
        transportError: err.kind,
        attempts: err.attempts,
        detail: (0,api/* clip */.$Q)(redact(err.message))
    };
    if (err.code !== undefined)
        out.networkCode = err.code;
    return out;
}


/***/ })

};
