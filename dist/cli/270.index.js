export const id = 270;
export const ids = [270];
export const modules = {

/***/ 1270:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readPrivateOnly: () => (/* binding */ readPrivateOnly)
/* harmony export */ });
/* harmony import */ var _http_http_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3200);
/* harmony import */ var _iam_api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(180);


/** Reads the setting; every failure is `could-not-check` with the reason. */
async function readPrivateOnly(http, spec) {
    const read = { region: spec.region, host: spec.host, outcome: 'could-not-check' };
    let res;
    try {
        res = await http.request('GET', `${spec.base}/api/v1/auth`, {
            headers: { Authorization: `Bearer ${spec.iamToken}`, Account: spec.accountId, Accept: 'application/json' }
        });
    }
    catch (err) {
        if (!(err instanceof _http_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .HttpError */ .j))
            throw err;
        // The HTTP layer's message names the method, origin and fault only: never the token or the account header.
        return { ...read, detail: (0,_iam_api_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(`${err.kind}: ${err.message}`) };
    }
    read.httpStatus = res.status;
    if (res.status === 401 || res.status === 403) {
        const who = 'reading it needs the Manager role on Container Registry (a Writer key can push but cannot read it)';
        return { ...read, detail: `HTTP ${res.status}: ${who}` };
    }
    if (res.status !== 200)
        return { ...read, detail: `HTTP ${res.status}${res.attempts > 1 ? ` after ${res.attempts} attempts` : ''}` };
    const json = (0,_iam_api_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJsonObject */ .dw)(res.body);
    if (json === undefined || typeof json.private_only !== 'boolean') {
        const what = json === undefined ? (0,_iam_api_js__WEBPACK_IMPORTED_MODULE_1__/* .bodyKind */ .X8)(res.body) : 'JSON without a boolean private_only';
        return { ...read, detail: `HTTP 200 with ${what}` };
    }
    const out = { ...read, outcome: json.private_only ? 'enabled' : 'disabled' };
    if (typeof json.iam_authz === 'boolean')
        out.iamAuthz = json.iam_authz;
    return out;
}


/***/ })

};
