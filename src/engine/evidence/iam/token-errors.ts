/**
 * Turns IAM's error answers to a token request into an outcome. Pure: no I/O.
 *
 * IAM errors look like `{errorCode, errorMessage, errorDetails?, context}` (e.g. HTTP 400 `BXNIM0415E`
 * "Provided API key could not be found"). The code and text IAM uses when it refuses a token because of
 * the caller's address are NOT documented anywhere (docs/ibm-facts.md §3), so the refusal is recognised by
 * what the error says, never by one code; the raw code and message are always kept so the user sees what
 * IAM said.
 */
import { isIP } from 'node:net'
import { parseAddress } from '../../net/address.js'
import { redactValue, type Redactor } from '../../report/redact.js'
import { bodyKind, clip, isObject, nonEmptyString, parseJsonObject } from './api.js'

/** How IAM refused a token request, with its own code and words. */
export interface TokenError {
  outcome: 'refused-address' | 'invalid-key' | 'error'
  httpStatus: number
  errorCode?: string
  errorMessage?: string
  /**
   * Address literals IAM's message names, when it names no IP restriction in words: a refusal only if one of
   * them is this runner's own address (see `confirmAddressRefusal`); `2.4.1.0` may as well be a version.
   */
  mentionedAddresses?: string[]
}

/** The documented "API key not found" code. */
const INVALID_KEY_CODE = 'BXNIM0415E'

/**
 * Phrases that make an IAM error about IP restrictions (the refusal text is undocumented and may change):
 * "IP"/"IPs"/"IPv4"/"IPv6" as a word (IAM's feature is "Restrict IP address access"), "not allowed from",
 * "allowlist"/"whitelist". "restricted" alone is not enough (many errors say "restricted"), nor "address"
 * ("email address" errors exist).
 */
const ADDRESS_PHRASES: RegExp[] = [
  /\bIP(s|v4|v6)?\b/i,
  /\bIP[\s_-]*address/i,
  /\bnot allowed from\b/i,
  /\b(allow|white)[\s_-]?list/i
]

/** Address literals in the text (optionally with a /prefix), in canonical form. */
function addressLiterals(text: string): string[] {
  // Split on anything that cannot be part of an address literal, then ask Node, which is exact
  // (so times like 12:30:45 do not count; a version like 2.4.1.0 does, hence `confirmAddressRefusal`).
  const found = text
    .split(/[^0-9A-Za-z.:%/]+/)
    .map((token) => token.replace(/[.,]+$|(?<!:):$/, '').replace(/\/\d{1,3}$/, ''))
    .filter((token) => token.length >= 3 && isIP(token) !== 0)
    .map((token) => parseAddress(token)?.text ?? token)
  return [...new Set(found)]
}

/** Only a 4xx refusal judges the caller: 408 and 429 mean IAM was busy, 5xx that it failed. */
function isRefusalStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429
}

/**
 * An error whose message names address literals but no IP restriction becomes an address refusal when one
 * of the literals is an address of this runner (known once discovery is done): IAM then spoke of the caller.
 */
export function confirmAddressRefusal<
  T extends { outcome: string; httpStatus?: number; mentionedAddresses?: string[] }
>(probe: T, runnerAddresses: readonly string[]): T {
  if (probe.outcome !== 'error' || probe.httpStatus === undefined || !isRefusalStatus(probe.httpStatus)) return probe
  const own = new Set(runnerAddresses.map((a) => parseAddress(a)?.text ?? a))
  return probe.mentionedAddresses?.some((a) => own.has(a)) === true ? { ...probe, outcome: 'refused-address' } : probe
}

/**
 * Classifies a non-200 answer of `POST /identity/token`:
 * - `BXNIM0415E` → `invalid-key`;
 * - a 4xx (not 408 or 429) whose `errorMessage` or `errorDetails` speaks of IP restrictions → `refused-address`;
 *   one that only names address literals keeps them, for `confirmAddressRefusal`;
 * - any other JSON error → `error`, with the raw code and message;
 * - a non-JSON body (HTML error pages from a proxy or load balancer) → `error` with a short description
 *   (the body itself is never copied: it could hold anything, including what we sent).
 *
 * `context` is deliberately not searched: it is request metadata, and IAM has been seen to put the
 * caller's own address in it (`clientIp`) on every error, which would make every error look like a
 * refusal. The error code is not searched either: the refusal code is undocumented.
 */
export function classifyTokenError(status: number, body: string, redact: Redactor): TokenError {
  const raw = parseJsonObject(body)
  // Redact before anything is clipped: a secret cut in half by a clip would no longer be recognised.
  const parsed = raw === undefined ? undefined : redactValue(raw, redact)
  if (parsed === undefined) {
    const described = `HTTP ${status} with a non-JSON body (${bodyKind(body)})`
    return { outcome: 'error', httpStatus: status, errorMessage: described }
  }
  const { code, message, details } = iamErrorFields(parsed)
  if (code === undefined && message === undefined && details === undefined) {
    return { outcome: 'error', httpStatus: status, errorMessage: `HTTP ${status} without an IAM error code or message` }
  }
  const shown = details !== undefined && details !== message ? `${message ?? ''} (${details})`.trim() : message
  const result: TokenError = { outcome: 'error', httpStatus: status, errorCode: code }
  if (shown !== undefined) result.errorMessage = clip(shown)
  const text = `${message ?? ''}\n${details ?? ''}`
  if (code === INVALID_KEY_CODE) result.outcome = 'invalid-key'
  else if (isRefusalStatus(status) && ADDRESS_PHRASES.some((re) => re.test(text))) result.outcome = 'refused-address'
  else {
    const literals = addressLiterals(text)
    if (literals.length > 0) result.mentionedAddresses = literals
  }
  return result
}

/**
 * IAM's documented error fields. IBM platform APIs also use `{errors: [{code, message}]}`; it is read as
 * a fallback so an unexpected shape still shows its code and message rather than nothing.
 */
function iamErrorFields(body: Record<string, unknown>): { code?: string; message?: string; details?: string } {
  const first: unknown = Array.isArray(body.errors) ? body.errors[0] : undefined
  const fallback = isObject(first) ? first : {}
  return {
    code: nonEmptyString(body.errorCode) ?? nonEmptyString(fallback.code),
    message: nonEmptyString(body.errorMessage) ?? nonEmptyString(fallback.message),
    details: nonEmptyString(body.errorDetails) ?? nonEmptyString(fallback.more_info)
  }
}
