/**
 * Reads the two IAM allowlists: the account's (IAM Identity service) and a user's (User Management).
 * A read that fails is evidence too: the result says why, in words that say what to do, and the
 * preflight carries on with what it has (the token probe, the `allowlist` input).
 */
import type { HttpClient } from '../http/http-client.js'
import { getJson, isObject, type JsonRead } from './api.js'

/** One list as read. `source` is the URL asked (it never holds a credential: the token is a header). */
export interface ListRead {
  raw?: string
  error?: string
  source: string
  /** The enterprise settings template the account list comes from, when one is assigned. */
  template?: TemplateRef
  /** The account's own list, when the list IAM applies is the effective one and differs from it. */
  own?: string
  /** Why the effective (enterprise) list could not be read, when the account's own was read instead. */
  effectiveUnread?: string
}

/** An enterprise settings template assigned to the account (docs/ibm-facts.md §10). */
export interface TemplateRef {
  id?: string
  name?: string
  version?: string
}

/**
 * Reads the account level's list as IAM applies it: first the effective settings
 * (`GET {iam}/v1/accounts/{id}/effective_settings/identity` → `effective.allowed_ip_addresses`, which an
 * enterprise settings template may impose), and when that read fails, the account's own settings (with
 * why, for a notice). How IAM computes `effective` is not documented (docs/ibm-facts.md §10): it is taken
 * as the account level's list, and the template and the account's own list only explain where entries came from.
 */
export async function readAccountList(
  http: HttpClient,
  iamEndpoint: string,
  accountId: string,
  token: string
): Promise<ListRead> {
  const source = `${iamEndpoint}/v1/accounts/${encodeURIComponent(accountId)}/effective_settings/identity`
  const read = await getJson(http, source, token, {
    what: `the effective IAM settings of account ${accountId}`,
    403: "the API key's identity may not read the account's effective (enterprise) settings",
    404: 'the IAM endpoint has no effective settings for this account'
  })
  const effective = read.json && isObject(read.json.effective) ? read.json.effective.allowed_ip_addresses : undefined
  if (typeof effective !== 'string') {
    const why = read.error ?? `the answer from ${source} has no effective.allowed_ip_addresses string`
    return { ...(await readOwnAccountList(http, iamEndpoint, accountId, token)), effectiveUnread: why }
  }
  const own = read.json && isObject(read.json.account) ? read.json.account.allowed_ip_addresses : undefined
  const template = templateOf(read.json?.assigned_templates)
  return {
    raw: effective,
    source,
    ...(template ? { template } : {}),
    ...(typeof own === 'string' && own !== effective ? { own } : {})
  }
}

/** The first assigned template that names itself, if any. */
function templateOf(value: unknown): TemplateRef | undefined {
  if (!Array.isArray(value)) return undefined
  for (const t of value) {
    if (!isObject(t)) continue
    const pick = (k: string): string | undefined =>
      typeof t[k] === 'string' || typeof t[k] === 'number' ? String(t[k]) : undefined
    const ref = { id: pick('template_id'), name: pick('template_name'), version: pick('template_version') }
    if (ref.id !== undefined || ref.name !== undefined) return ref
  }
  return undefined
}

/**
 * Reads the account's own list: `GET {iam}/v1/accounts/{account_id}/settings/identity` → `allowed_ip_addresses`
 * (docs/ibm-facts.md §3). `iamEndpoint` has no trailing slash (settings normalise endpoints).
 */
async function readOwnAccountList(
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
