/**
 * What the IBM Cloud API clients share: an authenticated JSON read that turns every status into words that
 * say what to do, and the small readers of untrusted answers (JSON objects, non-JSON bodies, long messages).
 * The IAM Identity, User Management and context-based restrictions clients use it alike (docs/ibm-facts.md §3:
 * all JSON over HTTPS with `Authorization: Bearer <access_token>`).
 */
import type { HttpClient } from '../http/http-client.js'
import { HttpError } from '../http/http-error.js'

/** What to tell the user for statuses whose cause depends on the API asked. */
interface ReadHints {
  /** What was being read, e.g. "the account's IAM settings". */
  what: string
  403: string
  404: string
}

/** The outcome of one authenticated JSON GET: the parsed object, or a reason it is not there. */
export type JsonRead = { json: Record<string, unknown>; error?: undefined } | { json?: undefined; error: string }

/** Longest message kept from an answer or a fault: enough to read, bounded against hostile bodies. */
const MAX_MESSAGE_CHARS = 500

/**
 * `GET url` with the bearer token; returns the JSON object or an error that says what to do. 429 and
 * 5xx are retried by the HTTP layer; when they remain, the status and attempt count are reported.
 */
export async function getJson(http: HttpClient, url: string, token: string, hints: ReadHints): Promise<JsonRead> {
  let res
  try {
    res = await http.request('GET', url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } })
  } catch (err) {
    if (!(err instanceof HttpError)) throw err
    return { error: `could not read ${hints.what}: ${clip(`${err.kind}: ${err.message}`)}` }
  }
  const { status } = res
  if (status === 200) {
    const json = parseJsonObject(res.body)
    if (json !== undefined) return { json }
    return { error: `${hints.what}: HTTP 200 with a body that is not a JSON object (${bodyKind(res.body)})` }
  }
  const tries = res.attempts > 1 ? ` after ${res.attempts} attempts` : ''
  if (status === 401) {
    const why = 'the access token was not accepted (it may have expired or belong to another IAM endpoint); run again'
    return { error: `${hints.what}: HTTP 401, ${why}` }
  }
  if (status === 403) return { error: `${hints.what}: HTTP 403, ${hints[403]}` }
  if (status === 404) return { error: `${hints.what}: HTTP 404, ${hints[404]}` }
  if (status === 429) return { error: `${hints.what}: HTTP 429 (rate limited)${tries}; run again later` }
  if (status >= 500) return { error: `${hints.what}: HTTP ${status} (IBM service error)${tries}; run again later` }
  return { error: `${hints.what}: unexpected HTTP ${status}${tries}` }
}

/** Parses text as a JSON object; undefined for anything else (arrays, scalars, invalid JSON). */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err
    return undefined
  }
  return isObject(value) && !Array.isArray(value) ? value : undefined
}

/** Whether a JSON value is an object (arrays included), so its fields can be read. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object'
}

/** Says what kind of non-JSON body arrived, without quoting it: it could hold anything, even what we sent. */
export function bodyKind(body: string): string {
  const head = body.trimStart().slice(0, 200).toLowerCase()
  if (head === '') return 'empty body'
  if (/^<!doctype html|^<html/.test(head) || /<(head|body|title)\b/.test(head)) return 'HTML page'
  return `${body.length} bytes of text`
}

/** Shortens a message to `MAX_MESSAGE_CHARS`. */
export function clip(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text
}

/** The value when it is a string with something besides blanks in it, else undefined. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}
