/**
 * The token probe: asks IAM for an access token with the API key, from this machine. IAM applies the
 * account's and the user's IP allowlists exactly here (docs/ibm-facts.md §1), so a granted token is direct
 * evidence that this machine's address is allowed, and an address refusal is direct evidence that it is not.
 * The key and the token never leave this module in a result or a message.
 */
import { createRedactor, type Redactor } from '../../report/redact.js'
import type { HttpClient } from '../http/http-client.js'
import { HttpError, type HttpErrorKind } from '../http/http-error.js'
import { isRetryableStatus } from '../http/retry.js'
import { clip, parseJsonObject } from './api.js'
import { decodeClaims, isServiceId } from './jwt.js'
import { classifyTokenError } from './token-errors.js'

/** Token probe outcome. Never holds the token or the key. */
export interface ProbeResult {
  outcome: 'granted' | 'refused-address' | 'invalid-key' | 'error' | 'unreachable'
  /** The status of IAM's last answer; absent when no answer came. */
  httpStatus?: number
  /** IAM's own error code (e.g. `BXNIM0415E`), when IAM answered with one. */
  errorCode?: string
  /** Why no answer came (`unreachable` without an HTTP status): the HTTP layer's fault kind. */
  transportError?: HttpErrorKind
  errorMessage?: string
  accountId?: string
  iamId?: string
  /** The identity is a service ID (no user list). */
  serviceId?: boolean
  /** Address literals IAM's error names, when it names no IP restriction in words. */
  mentionedAddresses?: string[]
}

/** What the probe found. `accessToken` is for the list reads that follow; never put it in a report. */
export interface TokenResult {
  probe: ProbeResult
  accessToken?: string
}

/** IAM's grant type for API keys. */
const GRANT_TYPE = 'urn:ibm:params:oauth:grant-type:apikey'

/**
 * `POST {iamEndpoint}/identity/token` with the API key (docs/ibm-facts.md §3). 200 with an `access_token` →
 * `granted`, with the account and identity read from the token's claims (left undefined when the token is not
 * a JWT: the caller reports that). Errors are classified by `classifyTokenError`; requests that got no answer,
 * or only 429 / 408 / 5xx after the retries, are `unreachable`. `iamEndpoint` has no trailing slash (settings
 * normalise endpoints).
 */
export async function requestToken(http: HttpClient, iamEndpoint: string, apikey: string): Promise<TokenResult> {
  const body = `grant_type=${encodeURIComponent(GRANT_TYPE)}&apikey=${encodeURIComponent(apikey)}`
  let result: TokenResult
  try {
    const res = await http.request('POST', `${iamEndpoint}/identity/token`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body
    })
    result = res.status === 200 ? granted(res.body) : { probe: refused(res.status, res.body, createRedactor([apikey])) }
  } catch (err) {
    if (!(err instanceof HttpError)) throw err
    result = { probe: { outcome: 'unreachable', transportError: err.kind, errorMessage: clip(err.message) } }
  }
  // IAM is not known to echo the key, and the HTTP layer promises not to quote bodies, but a proxy's error
  // text or a future IAM message might: a report that leaks the key is worse than one with a blanked word.
  const redact = createRedactor([apikey, result.accessToken])
  const { probe } = result
  if (probe.errorCode !== undefined) probe.errorCode = redact(probe.errorCode)
  if (probe.errorMessage !== undefined) probe.errorMessage = redact(probe.errorMessage)
  return result
}

/** Reads a 200 answer. A 200 without a usable `access_token` is an error: IAM did not grant anything. */
function granted(body: string): TokenResult {
  const token = parseJsonObject(body)?.access_token
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

/** Reads any other answer. */
function refused(status: number, body: string, redact: Redactor): ProbeResult {
  const probe = classifyTokenError(status, body, redact)
  // A 429, 408 or 5xx is left only once the HTTP layer's retries are spent: IAM was busy or failing, and
  // judged neither the key nor the address. That is "unreachable" (a warning), not a refusal (an error).
  return probe.outcome === 'error' && isRetryableStatus(status) ? { ...probe, outcome: 'unreachable' } : probe
}
