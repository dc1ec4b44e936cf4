/**
 * The token probe: asks IAM for an access token with the API key, from this machine. IAM applies the
 * account's and the user's IP allowlists exactly here (IBM facts, section 1), so a granted token is
 * direct evidence that this machine's address is allowed, and an address refusal is direct evidence that
 * it is not. The key and the token never leave this module in a result or a message.
 */
import type { HttpClient } from '../http/http-client.js'
import { decodeClaims, isServiceId } from './jwt.js'
import { classifyTokenError, parseJsonObject, unreachable } from './token-errors.js'
import { isRetryableStatus } from '../http/retry.js'

/** What the probe found. `accessToken` is for the list reads that follow; never put it in a report. */
export interface TokenResult {
  probe: ProbeResult
  accessToken?: string
}

/** Options of the probe. */
export interface TokenOptions {
  /** Per-attempt timeout (the client's default otherwise). */
  timeoutMs?: number
  signal?: AbortSignal
}

/** IAM's grant type for API keys. */
const GRANT_TYPE = 'urn:ibm:params:oauth:grant-type:apikey'

/**
 * `POST {iamEndpoint}/identity/token` with the API key. 200 with an `access_token` → `granted`, with
 * the account and identity read from the token's claims (left undefined when the token is not a JWT:
 * the caller reports that). Errors are classified by `classifyTokenError`; requests that got no answer,
 * or only 429 / 408 / 5xx after the retries, are `unreachable`.
 */
export async function requestToken(
  http: HttpClient,
  iamEndpoint: string,
  apikey: string,
  options: TokenOptions = {}
): Promise<TokenResult> {
  const url = `${trimSlash(iamEndpoint)}/identity/token`
  const body = `grant_type=${encodeURIComponent(GRANT_TYPE)}&apikey=${encodeURIComponent(apikey)}`
  let probe: ProbeResult
  let accessToken: string | undefined
  try {
    const res = await http.request('POST', url, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body,
      timeoutMs: options.timeoutMs,
      signal: options.signal
    })
    if (res.status === 200) {
      ;({ probe, accessToken } = granted(res.body))
    } else {
      probe = classifyTokenError(res.status, res.body)
      // A 429, 408 or 5xx is left only once the HTTP layer's retries are spent: IAM was busy or failing, and
      // judged neither the key nor the address. That is "unreachable" (a warning), not a refusal (an error).
      if (probe.outcome === 'error' && isRetryableStatus(res.status)) probe = { ...probe, outcome: 'unreachable' }
    }
  } catch (err) {
    probe = unreachable(err)
  }
  return { probe: scrub(probe, [apikey, encodeURIComponent(apikey), accessToken]), accessToken }
}

/** Reads a 200 answer. A 200 without a usable `access_token` is an error: IAM did not grant anything. */
function granted(body: string): TokenResult {
  const json = parseJsonObject(body)
  const token = json?.access_token
  if (typeof token !== 'string' || token === '') {
    return { probe: { outcome: 'error', httpStatus: 200, errorMessage: 'HTTP 200 without an access_token' } }
  }
  const claims = decodeClaims(token)
  const probe: ProbeResult = { outcome: 'granted', httpStatus: 200 }
  if (claims?.accountId !== undefined) probe.accountId = claims.accountId
  if (claims?.iamId !== undefined) {
    probe.iamId = claims.iamId
    probe.serviceId = isServiceId(claims.iamId)
  }
  return { probe, accessToken: token }
}

/**
 * Removes any secret from the texts of a result. IAM is not known to echo the key, and the HTTP layer
 * promises not to quote bodies, but a proxy's error text or a future IAM message might: a report that
 * leaks the key is worse than a report with a blanked word.
 */
function scrub(probe: ProbeResult, secrets: Array<string | undefined>): ProbeResult {
  const real = secrets.filter((s): s is string => s !== undefined && s.length >= 4)
  const clean = (text: string | undefined): string | undefined =>
    text === undefined ? undefined : real.reduce((acc, secret) => acc.split(secret).join('[redacted]'), text)
  const out: ProbeResult = { ...probe }
  if (out.errorCode !== undefined) out.errorCode = clean(out.errorCode)
  if (out.errorMessage !== undefined) out.errorMessage = clean(out.errorMessage)
  return out
}

/** Drops trailing slashes so `https://iam.cloud.ibm.com/` and `https://iam.cloud.ibm.com` both work. */
export function trimSlash(endpoint: string): string {
  return endpoint.replace(/\/+$/, '')
}

/** Token probe outcome. Never holds the token or the key. */
export interface ProbeResult {
  outcome: 'granted' | 'refused-address' | 'invalid-key' | 'error' | 'unreachable'
  httpStatus?: number
  errorCode?: string
  errorMessage?: string
  accountId?: string
  iamId?: string
  /** The identity is a service ID (no user list). */
  serviceId?: boolean
}
