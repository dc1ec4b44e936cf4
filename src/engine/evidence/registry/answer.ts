/**
 * What a registry's refusal says, and which kind of refusal it is. Pure: no I/O.
 *
 * The wording is Container Registry's, as its troubleshooting pages quote it (docs/ibm-facts.md §8). The
 * statuses these refusals come with, and the JSON they are wrapped in on the token endpoint, are NOT
 * documented: a refusal is recognised by its words, wherever in the body they are, and the status only
 * decides when the words match nothing known. The raw status, code and words are always kept.
 */
import { bodyKind, isObject, nonEmptyString, parseJsonObject } from '../iam/api.js'

/** The kinds of refusal the registry's words can be matched to. */
export type RefusalKind = 'private-only' | 'quota' | 'credentials-refused' | 'not-authorized'

/** What the registry said: its error code and message when it gave them, or what kind of body came. */
export interface RegistryWords {
  /** The registry's code (`UNAUTHORIZED`, `DENIED`), when the body carried one. */
  code?: string
  /** Its message, as sent (not yet redacted or clipped: the caller does both). */
  message?: string
  /** Set when the body was not JSON: what came instead (never the body itself, which could hold anything). */
  nonJson?: string
}

/**
 * IBM's wording per refusal (docs/ibm-facts.md §8), loosened against small changes in punctuation and case.
 * Checked in this order: the private-only and quota texts speak of access too, and must win over the
 * generic "not authorized" ones. `unauthorized: The login credentials are not valid…` holds "unauthorized",
 * which on its own says nothing: it is never matched as a word by itself.
 */
const WORDING: ReadonlyArray<readonly [RefusalKind, readonly RegExp[]]> = [
  [
    'private-only',
    [
      /private[\s-]*only access is enabled/i,
      /request was over the public network/i,
      /must access this account over the private network/i
    ]
  ],
  ['quota', [/exceeded its [\w ]*quota/i, /\bquota (exceeded|limit)\b/i]],
  [
    'credentials-refused',
    [
      /login credentials are not valid/i,
      /account is not active/i,
      /\bauthentication required\b/i,
      /\binvalid (credentials|api ?key|username or password)\b/i
    ]
  ],
  [
    'not-authorized',
    [/not authorized to access/i, /\binsufficient[\s_]scope\b/i, /requested access to the resource is denied/i]
  ]
]

/** Docker's error codes that name a refusal kind when no wording matched (the distribution spec's codes). */
const CODES: Readonly<Record<string, RefusalKind>> = { DENIED: 'not-authorized', INSUFFICIENT_SCOPE: 'not-authorized' }

/**
 * The kind of refusal a non-2xx answer is: by IBM's words first (any status), then by Docker's error code,
 * then, when `byStatus` (an answer to credentials: the token request), by status alone (401: the credentials
 * were not taken; 403: they were, but not for this). Undefined when nothing says: the caller reports the
 * answer as unexpected.
 */
export function refusalKind(status: number, words: RegistryWords, byStatus: boolean): RefusalKind | undefined {
  const text = `${words.code ?? ''} ${words.message ?? ''}`
  for (const [kind, patterns] of WORDING) if (patterns.some((p) => p.test(text))) return kind
  const byCode = words.code === undefined ? undefined : CODES[words.code.toUpperCase()]
  if (byCode) return byCode
  if (!byStatus || words.nonJson?.startsWith('HTML')) return undefined
  if (status === 401) return 'credentials-refused'
  if (status === 403) return 'not-authorized'
  return undefined
}

/**
 * The registry's code and message from an answer body. Registries answer in Docker's envelope
 * (`{"errors":[{"code","message","detail"}]}`); token endpoints are known in the wild to use OAuth's
 * (`{"error","error_description"}`) or a bare `{"code","message"}`; all are read. A short plain-text body is
 * the message itself (Docker prints refusals as `code: message` lines); HTML is described, never quoted.
 */
export function registryWords(body: string): RegistryWords {
  const json = parseJsonObject(body)
  if (json === undefined) {
    const kind = bodyKind(body)
    const text = body.trim()
    if (kind.startsWith('HTML') || text === '' || text.length > 2000) return { nonJson: kind }
    return { message: text }
  }
  const first: unknown = Array.isArray(json.errors) ? json.errors[0] : undefined
  const envelope = isObject(first) ? first : json
  const code = nonEmptyString(envelope.code) ?? nonEmptyString(json.error)
  const message =
    nonEmptyString(envelope.message) ??
    nonEmptyString(json.error_description) ??
    nonEmptyString(json.details) ??
    nonEmptyString(json.detail)
  const out: RegistryWords = {}
  if (code !== undefined) out.code = code
  if (message !== undefined) out.message = message
  return out
}
