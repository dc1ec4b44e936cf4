/**
 * Reads the `WWW-Authenticate` challenge a registry's anonymous `GET /v2/` answers with, and decides whether
 * its realm may be sent the API key. Pure: no I/O.
 *
 * Hand-written rather than taken from a library: Node has no parser for this header, and IBM's registry has
 * been seen sending both the quoted form (`Bearer realm="https://…",service="registry"`) and an unquoted form
 * with spaces after the commas (`Bearer realm=https://cp.icr.io/oauth/token, service=registry`,
 * docs/ibm-facts.md §8). The unquoted realm holds `:` and `/`, which RFC 7235's token syntax does not allow,
 * so a strict parser rejects what IBM sends, and a naive comma split without trimming builds URLs that fail.
 */
import { isRegistryHost } from '../../registry/hosts.js'

/** A Bearer challenge: where to ask for a token, and for which service. */
export interface BearerChallenge {
  realm: string
  service?: string
  /** The scope the registry suggested, when it named one (a bare `/v2/` usually names none). */
  scope?: string
}

/** Why a challenge cannot be used. */
export type ChallengeProblem = 'missing' | 'not-bearer' | 'no-realm'

/** One challenge of the header: its scheme (lower case) and its parameters (names lower case, first wins). */
interface Challenge {
  scheme: string
  params: Map<string, string>
}

/** Longest header read: real challenges are a few hundred bytes; anything far larger is not one. */
const MAX_HEADER_CHARS = 8 * 1024

/**
 * The Bearer challenge of a `WWW-Authenticate` header (several challenges may share one header, as Node
 * joins repeated headers with ", "), or why there is none.
 */
export function parseBearerChallenge(header: string | undefined): BearerChallenge | { problem: ChallengeProblem } {
  if (header === undefined || header.trim() === '') return { problem: 'missing' }
  const bearer = parseChallenges(header.slice(0, MAX_HEADER_CHARS)).find((c) => c.scheme === 'bearer')
  if (!bearer) return { problem: 'not-bearer' }
  const realm = bearer.params.get('realm')
  if (realm === undefined || realm === '') return { problem: 'no-realm' }
  const out: BearerChallenge = { realm }
  const service = bearer.params.get('service')
  const scope = bearer.params.get('scope')
  if (service !== undefined && service !== '') out.service = service
  if (scope !== undefined && scope !== '') out.scope = scope
  return out
}

/**
 * Splits a header into challenges. A challenge is a scheme token followed by `name=value` parameters
 * separated by commas; a value is a quoted string (backslash escapes honoured) or everything up to the next
 * comma, trimmed. A bare word after a comma starts a new challenge, except right after an unquoted `scope`:
 * Docker scopes list actions with commas (`repository:ns/app:pull,push`), and unquoted they split there.
 */
function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = []
  let current: Challenge | undefined
  let lastUnquoted: string | undefined
  let i = 0
  const skip = (chars: RegExp): void => {
    while (i < header.length && chars.test(header.charAt(i))) i++
  }
  while (i < header.length) {
    skip(/[\s,]/)
    if (i >= header.length) break
    const start = i
    while (i < header.length && !/[\s=,]/.test(header.charAt(i))) i++
    const word = header.slice(start, i)
    skip(/\s/)
    if (header.charAt(i) === '=' && word !== '') {
      i++
      skip(/\s/)
      const { value, quoted } = readValue()
      const name = word.toLowerCase()
      if (current && !current.params.has(name)) current.params.set(name, value)
      lastUnquoted = quoted ? undefined : name
      continue
    }
    if (current && lastUnquoted === 'scope' && (i >= header.length || header.charAt(i) === ',')) {
      current.params.set('scope', `${current.params.get('scope') ?? ''},${word}`)
      continue
    }
    if (word === '') {
      i++ // a stray character (a lone `=`): step over it
      continue
    }
    current = { scheme: word.toLowerCase(), params: new Map() }
    challenges.push(current)
    lastUnquoted = undefined
  }
  return challenges

  function readValue(): { value: string; quoted: boolean } {
    if (header.charAt(i) !== '"') {
      const end = header.indexOf(',', i)
      const value = header.slice(i, end < 0 ? header.length : end).trim()
      i = end < 0 ? header.length : end
      return { value, quoted: false }
    }
    let value = ''
    i++
    while (i < header.length && header.charAt(i) !== '"') {
      if (header.charAt(i) === '\\' && i + 1 < header.length) i++
      value += header.charAt(i)
      i++
    }
    i++ // the closing quote (or past the end of an unterminated string)
    return { value, quoted: true }
  }
}

/**
 * Why the realm must not be sent the key, or undefined when it may: the key goes only to an IBM Cloud
 * Container Registry host over https (`*.icr.io`, the deprecated `*.bluemix.net` ones), or back to the
 * very origin the challenge came from (which the run chose itself: a registry host, or this machine in tests).
 * A realm with credentials in it, or that is no URL, is refused too.
 */
export function realmProblem(realm: string, registryOrigin: string): string | undefined {
  let url: URL
  try {
    url = new URL(realm)
  } catch {
    return 'the realm is not a URL'
  }
  if (url.username !== '' || url.password !== '') return 'the realm URL carries credentials'
  if (url.origin === registryOrigin) return undefined
  if (url.protocol !== 'https:') return `the realm is not https (${url.protocol.replace(/:$/, '')})`
  if (!isRegistryHost(url.hostname))
    return `the realm is on ${url.hostname}, which is not an IBM Cloud Container Registry host`
  return undefined
}
