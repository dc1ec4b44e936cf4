export const id = 794;
export const ids = [794];
export const modules = {

/***/ 1794:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   upsertPrComment: () => (/* binding */ upsertPrComment)
/* harmony export */ });
/* unused harmony export COMMENT_MARKER */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _engine_report_redact_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7728);
/**
 * The opt-in pull-request comment: one comment per pull request, found again by a hidden marker and updated on
 * every later run, so that a pass after a failure replaces the stale failure instead of adding noise.
 *
 * `@actions/github` (Octokit and its plugins) is loaded only here, with a dynamic import, and only when a
 * comment is to be written: runs without `comment-on-pr` do not pay for loading it at cold start.
 */


/** Hidden marker that identifies this action's comment among all comments of the pull request. */
const COMMENT_MARKER = '<!-- icr-allowlist-preflight -->';
/** Pages of comments read to find ours (100 each): past that, a new comment is written. */
const MAX_PAGES = 50;
/** GitHub refuses comment bodies over 65,536 characters; stay below with room for the note. */
const MAX_BODY = 65_000;
const PERMISSIONS_BLOCK = 'permissions:\n  contents: read\n  pull-requests: write';
/** Creates or updates this action's pull-request comment. Never throws. */
async function upsertPrComment(opts) {
    if (opts.mode === 'off')
        return { action: 'skipped', reason: 'comment-on-pr is false' };
    if (opts.eventName !== 'pull_request' && opts.eventName !== 'pull_request_target') {
        return { action: 'skipped', reason: `event ${opts.eventName || '(unknown)'} is not a pull request` };
    }
    const [owner, repo] = opts.repository.split('/');
    if (!owner || !repo)
        return failed(`GITHUB_REPOSITORY "${opts.repository}" is not of the form owner/repo.`);
    const number = await pullRequestNumber(opts.eventPath);
    if (number === undefined)
        return failed(`the event payload (${opts.eventPath || 'GITHUB_EVENT_PATH unset'}) names no pull request.`);
    if (!opts.token)
        return failed('github-token is empty.');
    const body = withMarker(opts.body);
    let signal;
    try {
        const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
        const octokit = getOctokit(opts.token, { baseUrl: opts.apiUrl.replace(/\/+$/, '') });
        // One deadline for the whole exchange (every page of a listing, then the write), not one per request: a
        // slow or endless listing must end with the run. Per-call options are dropped by the paginator after the
        // first page; a hook reaches every request.
        signal = AbortSignal.timeout(opts.timeoutMs ?? 30_000);
        octokit.hook.before('request', (options) => {
            options.request = { ...options.request, signal };
        });
        let existing;
        let pages = 0;
        await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: number, per_page: 100 }, (response, done) => {
            existing = response.data.find((c) => isOurs(c.body));
            pages += 1;
            if (existing || pages >= MAX_PAGES)
                done();
            return [];
        });
        if (existing) {
            const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
            return { action: 'updated', url: data.html_url, commentId: data.id };
        }
        if (opts.mode === 'on-failure' && !opts.failed) {
            return {
                action: 'skipped',
                reason: 'comment-on-pr is on-failure, the run passed and there is no earlier comment to update'
            };
        }
        const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body });
        return { action: 'created', url: data.html_url, commentId: data.id };
    }
    catch (err) {
        // Octokit wraps an aborted fetch in its own error (status 500, "Unknown Error"): the signal says what it was.
        if (signal?.aborted === true)
            return failed('the GitHub API did not answer in time');
        return failed(describeApiError(err, opts.token), isForbidden(err));
    }
}
/** The body as posted: marker first (so quoting our comment elsewhere does not count as ours), then bounded. */
function withMarker(body) {
    const text = body.length > MAX_BODY
        ? `${body.slice(0, MAX_BODY)}\n\n…(truncated: see the job summary for the full report)`
        : body;
    return `${COMMENT_MARKER}\n${text}`;
}
function isOurs(body) {
    return (body ?? '').trimStart().startsWith(COMMENT_MARKER);
}
async function pullRequestNumber(eventPath) {
    if (!eventPath)
        return undefined;
    try {
        const payload = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(eventPath, 'utf8'));
        const n = payload.pull_request?.number ?? payload.number;
        return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
    }
    catch {
        return undefined;
    }
}
function isForbidden(err) {
    const e = err;
    return e.status === 403 || /Resource not accessible by integration/i.test(e.message ?? '');
}
/** Status and message of an API error, with the token scrubbed in case a proxy or server echoes it. */
function describeApiError(err, token) {
    const e = err;
    let text = e.message ?? String(err);
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
        text = 'the GitHub API did not answer in time';
    text = (0,_engine_report_redact_js__WEBPACK_IMPORTED_MODULE_1__/* .createRedactor */ .lY)([token])(text);
    return e.status ? `HTTP ${String(e.status)}: ${text}` : text;
}
function failed(detail, forbidden = false) {
    const finding = {
        severity: 'warning',
        code: 'PR_COMMENT_FAILED',
        title: 'Pull-request comment not written',
        message: forbidden
            ? `The token may not write pull-request comments (${detail}). The verdict is unchanged.`
            : `The pull-request comment could not be written: ${detail.replace(/\.?$/, '.')} The verdict is unchanged.`,
        fix: forbidden
            ? {
                steps: [
                    'Give the job write access to pull requests (on pull requests from forks the token stays read-only whatever the permissions say):'
                ],
                command: PERMISSIONS_BLOCK
            }
            : undefined
    };
    return { action: 'failed', finding };
}


/***/ })

};
