export const id = 463;
export const ids = [463];
export const modules = {

/***/ 463:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readRegistryRules: () => (/* binding */ readRegistryRules)
/* harmony export */ });
/* unused harmony export MAX_RULES */
/* harmony import */ var _iam_api_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(180);
/* harmony import */ var _rule_shape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(592);


/** Most pages followed: one is documented; a loop or an endless pager must not eat the run's time. */
const MAX_PAGES = 20;
/** Most rules kept: far above what an account puts on one service; more is an answer we do not trust. */
const MAX_RULES = 1000;
/** What the 403 hint says: both causes IBM answers 403 for (facts §9), and what to do about each. */
const RULES_FORBIDDEN_HINT = "either the API key's identity lacks the Viewer role (or higher) on the Context-based restrictions service, " +
    'or a context-based restrictions rule that protects the Context-based restrictions service itself refuses this ' +
    "runner's address; IBM answers 403 in both cases";
/** Reads every rule for `container-registry` in the account, following pages if any arrive. */
async function readRegistryRules(http, cbrEndpoint, accountId, token) {
    const first = `${cbrEndpoint}/v1/rules?account_id=${encodeURIComponent(accountId)}&service_name=container-registry`;
    const origin = new URL(first).origin;
    const rules = [];
    const malformed = [];
    const seen = new Set();
    let url = first;
    let pages = 0;
    let incomplete;
    for (;;) {
        if (pages >= MAX_PAGES) {
            incomplete = `the rules came in more than ${MAX_PAGES} pages; the rest were not read`;
            break;
        }
        seen.add(url);
        pages++;
        const page = await (0,_iam_api_js__WEBPACK_IMPORTED_MODULE_0__/* .getJson */ .Tt)(http, url, token, {
            what: `the context-based restrictions rules of account ${accountId}`,
            403: RULES_FORBIDDEN_HINT,
            404: 'check the account id and the context-based restrictions endpoint (cbr-endpoint)'
        });
        if (page.error !== undefined) {
            if (pages === 1)
                return { source: first, error: page.error, forbidden: page.error.includes(': HTTP 403,') };
            incomplete = `page ${pages} could not be read (${page.error})`;
            break;
        }
        const items = page.json.rules;
        if (!Array.isArray(items)) {
            if (pages === 1)
                return { source: first, error: `the answer from ${first} has no rules array`, forbidden: false };
            incomplete = `page ${pages} has no rules array`;
            break;
        }
        for (const item of items) {
            if (rules.length + malformed.length >= MAX_RULES) {
                incomplete = `more than ${MAX_RULES} rules; the rest were not read`;
                break;
            }
            const rule = (0,_rule_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .readRule */ .d)(item, rules.length + malformed.length);
            if ('malformed' in rule)
                malformed.push(rule.malformed);
            else
                rules.push(rule);
        }
        if (incomplete !== undefined)
            break;
        const next = nextPage(page.json, url, items.length);
        if (next === undefined)
            break;
        if ('stop' in next) {
            incomplete = next.stop;
            break;
        }
        if (new URL(next.url).origin !== origin) {
            incomplete = `the answer points to a next page on another host (${new URL(next.url).host}), which was not asked with the token`;
            break;
        }
        if (seen.has(next.url))
            break;
        url = next.url;
    }
    return incomplete === undefined
        ? { source: first, rules, malformed, pages }
        : { source: first, rules, malformed, incomplete, pages };
}
/** The next page's URL when the answer says there is one; `stop` when it says so in a form we cannot follow. */
function nextPage(json, current, received) {
    const next = json.next;
    const href = (0,_iam_api_js__WEBPACK_IMPORTED_MODULE_0__/* .nonEmptyString */ .y0)(next) ?? ((0,_iam_api_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(next) ? (0,_iam_api_js__WEBPACK_IMPORTED_MODULE_0__/* .nonEmptyString */ .y0)(next.href) : undefined);
    if (href !== undefined) {
        try {
            return { url: new URL(href, current).toString() };
        }
        catch {
            return { stop: 'the answer has a next-page link that is not a URL' };
        }
    }
    const start = (0,_iam_api_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(next) ? (0,_iam_api_js__WEBPACK_IMPORTED_MODULE_0__/* .nonEmptyString */ .y0)(next.start) : undefined;
    if (start !== undefined)
        return { url: withParam(current, 'start', start) };
    // offset/limit/total_count: ask for what follows what this page held, while the total says there is more.
    const total = json.total_count;
    const offset = typeof json.offset === 'number' ? json.offset : 0;
    if (typeof total === 'number' && received > 0 && offset + received < total) {
        const limit = typeof json.limit === 'number' && json.limit > 0 ? json.limit : received;
        return { url: withParam(withParam(current, 'offset', String(offset + received)), 'limit', String(limit)) };
    }
    if (next !== undefined && next !== null)
        return { stop: 'the answer has a next-page field in a form the preflight does not know' };
    return undefined;
}
function withParam(url, name, value) {
    const u = new URL(url);
    u.searchParams.set(name, value);
    return u.toString();
}


/***/ })

};
