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
import { bodyKind, clip, isObject, nonEmptyString, parseJsonObject } from './api.js'

/** How IAM refused a token request, with its own code and words. */
export interface TokenError {
  outcome: 'refused-address' | 'invalid-key' | 'error'
  httpStatus: number
  errorCode?: string
  errorMessage?: string
}

/** The documented "API key not found" code. */
const INVALID_KEY_CODE = 'BXNIM0415E'

/**
 * Phrases that make an IAM error about the caller's address. Deliberately broad (the refusal text is
 * undocumented and may change): "IP"/"IPs"/"IPv4"/"IPv6" as words, "IP address" / "ip_address", "not
 * allowed from", "allowlist"/"whitelist", and "restricted"/"restriction" (IAM's feature is called
 * "Restrict IP address access"). Address literals are matched separately (see `speaksOfAddress`).
 * "address" alone is not enough: "email address" errors exist.
 */
const ADDRESS_PHRASES: RegExp[] = [
  /\bIP(s|v4|v6)?\b/i,
  /\bIP[\s_-]*address/i,
  /\bnot allowed from\b/i,
  /\b(allow|white)[\s_-]?list/i,
  /\brestrict(ed|ion|ions)?\b/i
]

/**
 * True when the text speaks of an IP address: one of `ADDRESS_PHRASES`, or an IPv4/IPv6 literal
 * (optionally with a /prefix) anywhere in it.
 */
function speaksOfAddress(text: string): boolean {
  if (ADDRESS_PHRASES.some((re) => re.test(text))) return true
  // Split on anything that cannot be part of an address literal, then ask Node, which is exact
  // (so times like 12:30:45 or version numbers like 1.2.3 do not count).
  return text
    .split(/[^0-9A-Za-z.:%/]+/)
    .map((token) => token.replace(/[.,]+$|(?<!:):$/, '').replace(/\/\d{1,3}$/, ''))
    .some((token) => token.length >= 3 && isIP(token) !== 0)
}

/**
 * Classifies a non-200 answer of `POST /identity/token`:
 * - `BXNIM0415E` → `invalid-key`;
 * - an error whose `errorMessage` or `errorDetails` speaks of an IP address → `refused-address`;
 * - any other JSON error → `error`, with the raw code and message;
 * - a non-JSON body (HTML error pages from a proxy or load balancer) → `error` with a short description
 *   (the body itself is never copied: it could hold anything, including what we sent).
 *
 * `context` is deliberately not searched: it is request metadata, and IAM has been seen to put the
 * caller's own address in it (`clientIp`) on every error, which would make every error look like a
 * refusal. The error code is not searched either: the refusal code is undocumented.
 */
export function classifyTokenError(status: number, body: string): TokenError {
  const parsed = parseJsonObject(body)
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
  if (code === INVALID_KEY_CODE) result.outcome = 'invalid-key'
  else if (speaksOfAddress(`${message ?? ''}\n${details ?? ''}`)) result.outcome = 'refused-address'
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
