/**
 * The one redactor. Every string that leaves the process (annotations, summary, outputs, CLI output, error
 * messages, the debug trail) goes through it, and the engine uses it for texts it keeps from servers. The
 * engine is built never to hold the key or a token in a report; this catches what a server, a proxy or a
 * library's error text might echo, in whatever encoding it chose.
 *
 * Hand-written because no library redacts a known secret across encodings: for each secret it matches the
 * raw text, percent-encoding in either case, form encoding (`+` for space), JSON escapes (`\"`, `\\`, `\/`,
 * `\u002f`) and any mix of them, character by character; base64 and base64url at every alignment; and any
 * run of 16 or more characters of the secret (a key split across two fields still loses both halves).
 */

/** Anything shaped like a JWT (IAM access tokens are JWTs). */
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g
/** Bearer and Basic credentials in echoed headers. */
const BEARER = /(authorization["']?\s*[:=]\s*["']?)(bearer|basic)\s+[^\s"',}]+/gi
/** A run of this many characters of a secret is the secret. */
const RUN = 16
/** The mark left where a secret was. */
const MASK = '***'

/** A function that removes the given secrets (and anything token-shaped) from text. */
export type Redactor = (text: string) => string

/** Secrets shorter than this cannot be masked without also masking ordinary words: the shells warn about them. */
export const SHORT_SECRET = 8

/** Builds a redactor for `secrets` (empty values are ignored; every other length is masked). */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  const known = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s !== ''))].map(wellFormed)
  known.sort((a, b) => b.length - a.length)
  const patterns = known.map((s) => new RegExp(encodedForms(s), 'g'))
  const runs = runIndex(known)
  return (text: string) => {
    let out = wellFormed(text)
    for (const p of patterns) out = out.replace(p, MASK)
    if (runs) out = maskRuns(out, runs)
    // The token shapes are looked for only where their marks are: a report has tens of thousands of strings.
    if (out.includes('eyJ')) out = out.replace(JWT, MASK)
    if (MAY_BE_CREDENTIAL.test(out)) out = out.replace(BEARER, `$1$2 ${MASK}`)
    return out
  }
}

/** Lone UTF-16 surrogates become U+FFFD, so that no encoder (and no JSON or URI function) can throw on them. */
function wellFormed(text: string): string {
  return ANY_SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '\uFFFD') : text
}

const ANY_SURROGATE = /[\uD800-\uDFFF]/
const MAY_BE_CREDENTIAL = /bearer|basic/i

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

const hex = (n: number): string =>
  n
    .toString(16)
    .padStart(2, '0')
    .replace(/[a-f]/gi, (d) => `[${d.toLowerCase()}${d.toUpperCase()}]`)

/** A regular expression source that matches one character in any of the encodings a server may use. */
function charForms(ch: string): string {
  const forms = [ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')]
  const bytes = [...Buffer.from(ch, 'utf8')]
  forms.push(bytes.map((b) => `%${hex(b)}`).join(''))
  if (ch === ' ') forms.push('\\+')
  if (ch === '"' || ch === '\\' || ch === '/') forms.push(`\\\\\\${ch}`)
  const units = [...Array(ch.length).keys()].map((i) => ch.charCodeAt(i))
  forms.push(units.map((u) => `\\\\[uU]${hex(u >> 8)}${hex(u & 0xff)}`).join(''))
  return `(?:${forms.join('|')})`
}

/** Every encoded form of a secret, as one regular expression source. */
function encodedForms(secret: string): string {
  // Code point by code point (Array.from keeps surrogate pairs together, as the encoders do).
  const plain = Array.from(secret, charForms).join('')
  const b64 = base64Cores(secret).map((c) => c.replace(/[+/]/g, '\\$&'))
  return [plain, ...b64].join('|')
}

/**
 * The part of base64(x + secret + y) that does not depend on x and y, for each of the three alignments a
 * secret can have inside a longer base64 text, in standard and URL-safe alphabets. Short secrets have no
 * stable core at some alignments; they are then left to the raw-text match.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  const cores: string[] = []
  for (let lead = 0; lead < 3; lead++) {
    const padded = Buffer.concat([Buffer.alloc(lead), bytes])
    const full = padded.toString('base64').replace(/=+$/, '')
    // Characters carrying any lead byte are unstable, and so is the last one when the length is not a multiple of 3.
    const start = Math.ceil((lead * 8) / 6)
    const end = Math.floor((padded.length * 8) / 6)
    const core = full.slice(start, end)
    if (core.length >= 8) cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  return [...new Set(cores)]
}

/** Every run of `RUN` characters of every secret long enough to have one. */
function runIndex(secrets: readonly string[]): Set<string> | undefined {
  const runs = new Set<string>()
  for (const s of secrets) for (let i = 0; i + RUN <= s.length; i++) runs.add(s.slice(i, i + RUN))
  return runs.size > 0 ? runs : undefined
}

/** Masks every stretch of text covered by runs of a secret. */
function maskRuns(text: string, runs: ReadonlySet<string>): string {
  let out = ''
  let copied = 0
  let coveredTo = -1
  let start = -1
  for (let i = 0; i + RUN <= text.length; i++) {
    if (!runs.has(text.slice(i, i + RUN))) continue
    if (i > coveredTo) {
      if (start >= 0) {
        out += text.slice(copied, start) + MASK
        copied = coveredTo
      }
      start = i
    }
    coveredTo = i + RUN
  }
  if (start >= 0) out += text.slice(copied, start) + MASK + text.slice(coveredTo)
  else out = text
  return out
}

/**
 * A JSON value with every string redacted. Redacting the serialised text instead could cut an escape
 * sequence in half (`\\` then a secret) and leave invalid JSON; redacting each string cannot.
 */
export function redactValue<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T
  if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v, redact)) as T
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, redact)])) as T
  }
  return value
}

/** Secrets that arrive during a run (tokens come after the key), with one redactor for all of them. */
export interface SecretSet {
  /** Adds a secret (empty and undefined values are ignored). */
  add(secret: string | undefined): void
  /** Redacts every secret added so far; compiled again only after an `add`, not on every call. */
  redact: Redactor
  /** The secrets added so far. */
  list(): readonly string[]
}

/** A secret set that starts with `initial`. */
export function secretSet(initial: ReadonlyArray<string | undefined> = []): SecretSet {
  const secrets: string[] = []
  let compiled: Redactor | undefined
  const add = (secret: string | undefined): void => {
    if (secret === undefined || secret === '' || secrets.includes(secret)) return
    secrets.push(secret)
    compiled = undefined
  }
  for (const s of initial) add(s)
  return {
    add,
    redact: (text) => (compiled ??= createRedactor(secrets))(text),
    list: () => secrets
  }
}
