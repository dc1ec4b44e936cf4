/**
 * Turns IAM's answers to a token request into a `ProbeResult` outcome. Pure: no I/O.
 *
 * IAM errors look like `{errorCode, errorMessage, errorDetails?, context}` (e.g. HTTP 400 `BXNIM0415E`
 * "Provided API key could not be found"). The code and text IAM uses when it refuses a token because of
 * the caller's address are NOT documented anywhere, so the refusal is recognised by what the error says,
 * never by one code; the raw code and message are always kept so the user sees what IAM said.
 */
import { isIP } from 'node:net'
import type { ProbeResult } from './token.js'
import { HttpError } from '../http/http-error.js'

/** The documented "API key not found" code. */
export const INVALID_KEY_CODE = 'BXNIM0415E'

/** Longest IAM message kept in a ProbeResult: enough to read, bounded against hostile bodies. */
const MAX_MESSAGE_CHARS = 500

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
export function speaksOfAddress(text: string): boolean {
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
export function classifyTokenError(status: number, body: string): ProbeResult {
  const parsed = parseJsonObject(body)
  if (parsed === undefined) {
    return { outcome: 'error', httpStatus: status, errorMessage: `HTTP ${status} with a non-JSON body (${bodyKind(body)})` }
  }
  const { code, message, details } = iamErrorFields(parsed)
  const shown = clip(details !== undefined && details !== message ? `${message ?? ''} (${details})`.trim() : message)
  const result: ProbeResult = { outcome: 'error', httpStatus: status, errorCode: code, errorMessage: shown }
  if (code === undefined && message === undefined && details === undefined) {
    result.errorMessage = `HTTP ${status} without an IAM error code or message`
    return result
  }
  if (code === INVALID_KEY_CODE) result.outcome = 'invalid-key'
  else if (speaksOfAddress(`${message ?? ''}\n${details ?? ''}`)) result.outcome = 'refused-address'
  return result
}

/** A ProbeResult for a request that produced no answer (network, timeout, deadline, …). */
export function unreachable(err: unknown): ProbeResult {
  if (err instanceof HttpError) return { outcome: 'unreachable', errorCode: err.kind, errorMessage: clip(err.message) }
  // Not an HttpError: a bug or an unexpected rejection. Still no answer from IAM; keep the message short.
  const message = err instanceof Error ? err.message : String(err)
  return { outcome: 'unreachable', errorMessage: clip(message) }
}

/** Parses text as a JSON object; undefined for anything else (arrays, scalars, invalid JSON). */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** Says what kind of non-JSON body arrived, without quoting it. */
export function bodyKind(body: string): string {
  const head = body.trimStart().slice(0, 200).toLowerCase()
  if (head === '') return 'empty body'
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /<(head|body|title)\b/.test(head)) return 'HTML page'
  return `${body.length} bytes of text`
}

/** Shortens a message to `MAX_MESSAGE_CHARS`. */
export function clip(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text
}

/**
 * IAM's documented error fields. IBM platform APIs also use `{errors: [{code, message}]}`; it is read as
 * a fallback so an unexpected shape still shows its code and message rather than nothing.
 */
function iamErrorFields(body: Record<string, unknown>): { code?: string; message?: string; details?: string } {
  const first = Array.isArray(body.errors) && body.errors[0] !== null && typeof body.errors[0] === 'object'
    ? (body.errors[0] as Record<string, unknown>)
    : {}
  return {
    code: str(body.errorCode) ?? str(first.code),
    message: str(body.errorMessage) ?? str(first.message),
    details: str(body.errorDetails) ?? str(first.more_info)
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}
