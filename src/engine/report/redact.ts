/**
 * Last line of defence for secrets: every string that leaves the process (annotations, summary, outputs,
 * CLI output, error messages) goes through a redactor. The engine is built never to hold the key or a token
 * in a report; this catches what a future change or a library's error text might let through.
 */

/** Anything shaped like a JWT (IAM access tokens are JWTs). */
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g
/** Bearer credentials in echoed headers. */
const BEARER = /(authorization["']?\s*[:=]\s*["']?)(bearer|basic)\s+[^\s"',}]+/gi

/** A function that removes the given secrets (and anything token-shaped) from text. */
export type Redactor = (text: string) => string

/** Builds a redactor for `secrets`; empty and very short values are ignored (they would mangle text). */
export function createRedactor(secrets: Array<string | undefined>): Redactor {
  const known = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6))].sort((a, b) => b.length - a.length)
  return (text: string) => {
    let out = text
    for (const s of known) out = out.split(s).join('***')
    // URL-encoded forms travel in form bodies (apikey=...), so they are removed too.
    for (const s of known) {
      const enc = encodeURIComponent(s)
      if (enc !== s) out = out.split(enc).join('***')
    }
    return out.replace(JWT, '***').replace(BEARER, '$1$2 ***')
  }
}
