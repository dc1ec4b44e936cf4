/**
 * Reads an echo service's answer ("what address do you see?") and keeps it only when it is an address IAM
 * could see: public unicast (documentation ranges count as public, so examples and tests can use them).
 *
 * Echo services answer in three shapes (docs/ibm-facts.md §7): plain text (ipify, icanhazip, AWS, ident.me),
 * JSON `{"ip": …}` (ipify `?format=json`) and `key=value` lines (Cloudflare's `/cdn-cgi/trace`). Anything
 * else, such as an HTML challenge page from a CDN, is refused rather than guessed at.
 */
import { classifyAddress, parseAddress, type AddressClass, type Family } from '../../net/address.js'

/** The outcome of reading one answer: an address (canonical text) and its family, or why there is none. */
type EchoParse = { ip: string; family: Family } | { reason: string }

/** A candidate address found in the answer, not yet checked. */
type Candidate = { text: string } | { reason: string }

/** How the discarded classes are named in reasons. */
const CLASS_TEXT: Partial<Record<AddressClass, string>> = {
  private: 'a private address',
  shared: 'a shared address (100.64.0.0/10, carrier-grade NAT)',
  loopback: 'a loopback address',
  'link-local': 'a link-local address',
  multicast: 'a multicast address',
  unspecified: 'an unspecified address',
  reserved: 'a reserved (special-purpose) address'
}

/**
 * Parses an echo answer. `contentType` is the response's `Content-Type`, when known. Reasons are short and
 * printable, and show at most a few dozen characters of what was answered.
 */
export function parseEchoAnswer(body: string, contentType?: string): EchoParse {
  const candidate = extractCandidate(body, contentType?.toLowerCase() ?? '')
  return 'reason' in candidate ? candidate : checkAddress(candidate.text)
}

function extractCandidate(body: string, contentType: string): Candidate {
  const text = body.replace(/^\uFEFF/, '').trim()
  if (text === '') return { reason: 'empty answer' }
  if (contentType.includes('html') || /^<(!doctype|html|head|body|\?xml|[a-z]+[\s>])/i.test(text)) {
    return { reason: 'answered an HTML page, not an address' }
  }
  if (contentType.includes('json') || text.startsWith('{')) return fromJson(text)

  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
  if (lines.some((l) => /^ip=/i.test(l))) return fromKeyValues(lines)
  const [only, ...more] = lines
  if (only === undefined) return { reason: 'answered nothing' }
  if (more.length > 0 || /\s/.test(only)) {
    return { reason: `answered several values, expected one address: ${quote(text)}` }
  }
  return { text: only }
}

function fromJson(text: string): Candidate {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err
    return { reason: `answered malformed JSON: ${quote(text)}` }
  }
  const ip = value !== null && typeof value === 'object' ? (value as Record<string, unknown>).ip : undefined
  if (typeof ip !== 'string') return { reason: 'answered JSON without an "ip" string' }
  return { text: ip.trim() }
}

/** Cloudflare trace: `fl=…`, `h=…`, `ip=…`, … one per line. Every line must be `key=value`. */
function fromKeyValues(lines: string[]): Candidate {
  if (!lines.every((l) => /^[a-z0-9_-]+=/i.test(l))) {
    return { reason: 'answered text with an "ip=" line but other lines are not key=value' }
  }
  const ips = new Set(lines.filter((l) => /^ip=/i.test(l)).map((l) => l.slice(3).trim()))
  const [ip] = ips
  if (ip === undefined) return { reason: 'answered text without an "ip=" line' }
  if (ips.size > 1) return { reason: 'answered several different "ip=" lines' }
  return { text: ip }
}

function checkAddress(candidate: string): EchoParse {
  const parsed = parseAddress(candidate)
  if (!parsed) return { reason: `answered ${quote(candidate)}, which is not an IP address` }
  const cls = classifyAddress(parsed.text)
  if (cls === 'public' || cls === 'documentation') return { ip: parsed.text, family: parsed.family }
  const what = (cls && CLASS_TEXT[cls]) ?? 'not a public unicast address'
  return { reason: `answered ${parsed.text}, ${what}` }
}

/** A short, printable excerpt of untrusted text for a reason. */
function quote(text: string): string {
  const flat = text.replace(/[^\x20-\x7e]+/g, ' ').trim()
  return JSON.stringify(flat.length > 40 ? `${flat.slice(0, 40)}…` : flat)
}
