/**
 * Reads the two IAM allowlists: the account's (IAM Identity service) and a user's (User Management).
 * A read that fails is evidence too: the result says why, in words that say what to do, and the
 * preflight carries on with what it has (the token probe, the `allowlist` input).
 */
import type { HttpClient } from '../http/http-client.js'
import { HttpError } from '../http/http-error.js'
import { bodyKind, clip, parseJsonObject } from './token-errors.js'
import { trimSlash } from './token.js'

/** One list as read. `source` is the URL asked (it never holds a credential: the token is a header). */
export interface ListRead {
  raw?: string
  error?: string
  source: string
}

/** What to tell the user for statuses whose cause depends on the API asked. */
export interface ReadHints {
  /** What was being read, e.g. "the account's IAM settings". */
  what: string
  403: string
  404: string
}

/** The outcome of one authenticated JSON GET: the parsed object, or a reason it is not there. */
export type JsonRead = { json: Record<string, unknown>; error?: undefined } | { json?: undefined; error: string }

/**
 * `GET url` with the bearer token; returns the JSON object or an error that says what to do. 429 and
 * 5xx are retried by the HTTP layer; when they remain, the status and attempt count are reported.
 */
export async function getJson(http: HttpClient, url: string, token: string, hints: ReadHints): Promise<JsonRead> {
  let res
  try {
    res = await http.request('GET', url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } })
  } catch (err) {
    const why = err instanceof HttpError ? `${err.kind}: ${err.message}` : err instanceof Error ? err.message : String(err)
    return { error: `could not read ${hints.what}: ${clip(why)}` }
  }
  const status = res.status
  if (status === 200) {
    const json = parseJsonObject(res.body)
    return json !== undefined ? { json } : { error: `${hints.what}: HTTP 200 with a body that is not a JSON object (${bodyKind(res.body)})` }
  }
  const tries = res.attempts > 1 ? ` after ${res.attempts} attempts` : ''
  if (status === 401) {
    return { error: `${hints.what}: HTTP 401, the access token was not accepted (it may have expired or belong to another IAM endpoint); run again` }
  }
  if (status === 403) return { error: `${hints.what}: HTTP 403, ${hints[403]}` }
  if (status === 404) return { error: `${hints.what}: HTTP 404, ${hints[404]}` }
  if (status === 429) return { error: `${hints.what}: HTTP 429 (rate limited)${tries}; run again later` }
  if (status >= 500) return { error: `${hints.what}: HTTP ${status} (IBM service error)${tries}; run again later` }
  return { error: `${hints.what}: unexpected HTTP ${status}${tries}` }
}

/**
 * Reads the account list: `GET {iam}/v1/accounts/{account_id}/settings/identity` → `allowed_ip_addresses`.
 */
export async function readAccountList(
  http: HttpClient,
  iamEndpoint: string,
  accountId: string,
  token: string
): Promise<ListRead> {
  const source = `${trimSlash(iamEndpoint)}/v1/accounts/${encodeURIComponent(accountId)}/settings/identity`
  const read = await getJson(http, source, token, {
    what: `the IAM settings of account ${accountId}`,
    // IBM facts, section 3: "Reading needs a role on the IAM Identity service".
    403: 'the API key\'s identity cannot read the account\'s IAM settings: give it an access policy with a role on the IAM Identity service (Viewer is the least platform role), or pass the list in the `allowlist` input',
    404: 'no such account: check the account id (the token\'s `account.bss`, or the `account-id` input) and the IAM endpoint'
  })
  return listFrom(read, source)
}

/**
 * Reads a user's list: `GET {um}/v2/accounts/{account_id}/users/{iam_id}/settings` → `allowed_ip_addresses`.
 * Service IDs have no user list: do not call this for them.
 */
export async function readUserList(
  http: HttpClient,
  umEndpoint: string,
  accountId: string,
  iamId: string,
  token: string
): Promise<ListRead> {
  const source = `${trimSlash(umEndpoint)}/v2/accounts/${encodeURIComponent(accountId)}/users/${encodeURIComponent(iamId)}/settings`
  const read = await getJson(http, source, token, {
    what: `the settings of user ${iamId}`,
    // IBM's facts name no role for reading another user's settings: say which service, not which role.
    403: 'the API key\'s identity cannot read this user\'s settings: it needs access to the User Management service; or read the list in the console (Manage > Access (IAM) > Users > user > IP address restrictions)',
    404: `the user is not in account ${accountId}: check the account id and the User Management endpoint`
  })
  return listFrom(read, source)
}

/** Takes `allowed_ip_addresses` from a read; a missing or non-string field is an error, not an empty list. */
function listFrom(read: JsonRead, source: string): ListRead {
  if (read.error !== undefined) return { error: read.error, source }
  const raw = read.json.allowed_ip_addresses
  if (typeof raw !== 'string') {
    // An absent field is not "unrestricted": IBM documents the empty string for that, so say we do not know.
    return { error: `the answer from ${source} has no allowed_ip_addresses string`, source }
  }
  return { raw, source }
}
