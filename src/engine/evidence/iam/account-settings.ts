/**
 * Reads the two IAM allowlists: the account's (IAM Identity service) and a user's (User Management).
 * A read that fails is evidence too: the result says why, in words that say what to do, and the
 * preflight carries on with what it has (the token probe, the `allowlist` input).
 */
import type { HttpClient } from '../http/http-client.js'
import { getJson, type JsonRead } from './api.js'

/** One list as read. `source` is the URL asked (it never holds a credential: the token is a header). */
export interface ListRead {
  raw?: string
  error?: string
  source: string
}

/**
 * Reads the account list: `GET {iam}/v1/accounts/{account_id}/settings/identity` → `allowed_ip_addresses`
 * (docs/ibm-facts.md §3). `iamEndpoint` has no trailing slash (settings normalise endpoints).
 */
export async function readAccountList(
  http: HttpClient,
  iamEndpoint: string,
  accountId: string,
  token: string
): Promise<ListRead> {
  const source = `${iamEndpoint}/v1/accounts/${encodeURIComponent(accountId)}/settings/identity`
  const read = await getJson(http, source, token, {
    what: `the IAM settings of account ${accountId}`,
    // docs/ibm-facts.md §3: "Reading needs a role on the IAM Identity service".
    403:
      "the API key's identity cannot read the account's IAM settings: give it an access policy with a role on the " +
      'IAM Identity service (Viewer is the least platform role), or pass the list in the `allowlist` input',
    404:
      "no such account: check the account id (the token's `account.bss`, or the `account-id` input) and the IAM " +
      'endpoint'
  })
  return listFrom(read, source)
}

/**
 * Reads a user's list: `GET {um}/v2/accounts/{account_id}/users/{iam_id}/settings` → `allowed_ip_addresses`
 * (docs/ibm-facts.md §3). Service IDs have no user list: do not call this for them. `umEndpoint` has no
 * trailing slash (settings normalise endpoints).
 */
export async function readUserList(
  http: HttpClient,
  umEndpoint: string,
  accountId: string,
  iamId: string,
  token: string
): Promise<ListRead> {
  const account = encodeURIComponent(accountId)
  const source = `${umEndpoint}/v2/accounts/${account}/users/${encodeURIComponent(iamId)}/settings`
  const read = await getJson(http, source, token, {
    what: `the settings of user ${iamId}`,
    // docs/ibm-facts.md §3 names no role for reading another user's settings: say which service, not which.
    403:
      "the API key's identity cannot read this user's settings: it needs access to the User Management service; " +
      'or read the list in the console (Manage > Access (IAM) > Users > user > IP address restrictions)',
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
