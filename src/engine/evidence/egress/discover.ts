/**
 * Egress discovery: asks several echo services at once which address they see, and keeps the address most
 * of them agree on, per address family.
 *
 * Family: a source's family is the family of the address it answers, whatever its URL suggests (IPv4-only
 * hosts do answer IPv6 now and then). With `ip-version: 4` or `6` the connection is also pinned to that
 * family (Node's `family` lookup option), so dual-stack services answer in the wanted family; answers of the
 * other family are still discarded. With `any` Node picks the family (happy eyeballs), and both are kept.
 * Through a proxy the pin has no effect: the proxy connects, and the services see the proxy's address.
 *
 * Knows nothing of IBM.
 */
import { parseAddress } from '../../net/address.js'
import type { HttpClient } from '../http/http-client.js'
import type { Family } from '../../net/address.js'
import type { IpVersion } from '../../settings/settings.js'
import { parseEchoAnswer } from './echo-answer.js'

/** The default `ip-echo-urls`: IPv4 and IPv6 sources of four independent operators. */
export const DEFAULT_ECHO_URLS: readonly string[] = [
  'https://api.ipify.org',
  'https://api6.ipify.org',
  'https://ipv4.icanhazip.com',
  'https://ipv6.icanhazip.com',
  'https://checkip.amazonaws.com',
  'https://1.1.1.1/cdn-cgi/trace',
  'https://v4.ident.me',
  'https://v6.ident.me'
]

/** Options of `discoverEgress`. */
export interface DiscoverOptions {
  /** Aborts discovery; what has been answered so far is still returned. */
  signal?: AbortSignal
  /** Per-attempt timeout of each source. Default: the client's. */
  timeoutMs?: number
  /** Retries per source. Default 1: there are other sources to ask. */
  retries?: number
  /**
   * `ip-version: any` only: once one family has two agreeing sources, the longest to keep waiting for the
   * other family before stopping (a runner without IPv6 may leave its IPv6 sources hanging); the wait is
   * as long as the first family took to agree (at least 50 ms), up to this. Default 500:
   * on a dual-stack network both families answer within about the same round trip, and the other family
   * only ever yields secondary addresses, so waiting longer buys little and delays every run.
   */
  graceMs?: number
}

/** Largest echo answer read: a plain answer is a few dozen bytes, a Cloudflare trace a few hundred. */
const ECHO_MAX_BODY = 64 * 1024

/** The error of a source cancelled because others already agreed: not a fault of that source. */
export const STOPPED_AGREED = 'not needed: other sources already agreed'
const STOPPED_DEADLINE = "no answer before the run's time limit"
const STOPPED_ABORTED = 'aborted'

/**
 * Asks every URL in parallel and returns the consensus: per family the address most sources agree on (ties:
 * the earliest answer). Primary is the IPv4 winner when there is one, else the IPv6 winner; every other
 * address seen follows as secondary. Stops early once two sources agree in every wanted family. Never
 * throws: a source's failure is recorded in its answer. `answers` are in the order of `urls`.
 */
export function discoverEgress(
  http: HttpClient,
  urls: readonly string[],
  ipVersion: IpVersion,
  opts: DiscoverOptions = {}
): Promise<EgressResult> {
  const started = Date.now()
  const controller = new AbortController()
  const answers: Array<EchoAnswer | undefined> = urls.map(() => undefined)
  const arrivals: Array<{ family: Family; ip: string }> = []
  const wanted: Family[] = ipVersion === '4' ? [4] : ipVersion === '6' ? [6] : [4, 6]

  return new Promise<EgressResult>((resolve) => {
    let finished = false
    let graceTimer: ReturnType<typeof setTimeout> | undefined
    const onCallerAbort = (): void => finish(STOPPED_ABORTED)
    // setTimeout fires at once for delays past 2^31-1 ms, hence the clamp.
    const deadlineTimer = setTimeout(() => finish(STOPPED_DEADLINE), Math.min(http.remainingMs(), 2 ** 31 - 1))

    function finish(why: string): void {
      if (finished) return
      finished = true
      clearTimeout(deadlineTimer)
      if (graceTimer) clearTimeout(graceTimer)
      opts.signal?.removeEventListener('abort', onCallerAbort)
      // Sources still running are cancelled and not awaited: their late answers are not needed.
      controller.abort()
      const elapsedMs = Date.now() - started
      urls.forEach((url, i) => {
        if (!answers[i]) answers[i] = { url, error: why, elapsedMs }
      })
      resolve(buildResult(answers as EchoAnswer[], arrivals))
    }

    function check(): void {
      if (answers.every((a) => a !== undefined)) return finish(STOPPED_AGREED)
      const agreed = wanted.filter((f) => winner(arrivals, f).votes >= 2)
      if (agreed.length === wanted.length) return finish(STOPPED_AGREED)
      if (agreed.length > 0 && graceTimer === undefined) {
        // Both families usually cross the same path, so the other one gets as long again as the first took
        // to agree, never more than graceMs: a runner without IPv6 loses little, a dual-stack one its answer.
        const grace = Math.min(opts.graceMs ?? 500, Math.max(50, Date.now() - started))
        graceTimer = setTimeout(() => finish(STOPPED_AGREED), grace)
      }
    }

    if (opts.signal?.aborted) return finish(STOPPED_ABORTED)
    opts.signal?.addEventListener('abort', onCallerAbort, { once: true })
    if (urls.length === 0) return finish(STOPPED_AGREED)

    urls.forEach((url, i) => {
      void askOne(http, url, ipVersion, controller.signal, opts).then((answer) => {
        if (finished) return
        answer.elapsedMs = Date.now() - started
        answers[i] = answer
        if (answer.ip && answer.family) arrivals.push({ family: answer.family, ip: answer.ip })
        check()
      })
    })
  })
}

/** Asks one source. Never rejects. */
async function askOne(
  http: HttpClient,
  url: string,
  ipVersion: IpVersion,
  signal: AbortSignal,
  opts: DiscoverOptions
): Promise<EchoAnswer> {
  try {
    const res = await http.request('GET', url, {
      signal,
      headers: { accept: 'text/plain, application/json;q=0.9, */*;q=0.1' },
      timeoutMs: opts.timeoutMs,
      retries: opts.retries ?? 1,
      maxBodyBytes: ECHO_MAX_BODY,
      family: ipVersion === 'any' ? undefined : ipVersion === '4' ? 4 : 6
    })
    if (res.status < 200 || res.status > 299) return { url, error: `HTTP ${res.status}`, elapsedMs: 0 }
    const parsed = parseEchoAnswer(res.body, res.headers['content-type'])
    if ('error' in parsed) return { url, error: parsed.error, elapsedMs: 0 }
    const family = parseAddress(parsed.ip)?.family
    if (!family) return { url, error: 'not an IP address', elapsedMs: 0 }
    if (ipVersion !== 'any' && String(family) !== ipVersion) {
      return { url, family, error: `answered ${parsed.ip}, an IPv${family} address, but ip-version is ${ipVersion}`, elapsedMs: 0 }
    }
    return { url, family, ip: parsed.ip, elapsedMs: 0 }
  } catch (err) {
    // HttpError messages name the method, origin and fault only; anything else is not shown.
    const message = err instanceof Error && err.name === 'HttpError' ? err.message : 'request failed'
    return { url, error: message, elapsedMs: 0 }
  }
}

/**
 * The winner of a family and its votes: most votes, ties to the earliest arrival (Map keeps
 * first-insertion order). No answer of the family: no address, 0 votes.
 */
function winner(arrivals: Array<{ family: Family; ip: string }>, family: Family): { ip?: string; votes: number } {
  const counts = new Map<string, number>()
  for (const a of arrivals) if (a.family === family) counts.set(a.ip, (counts.get(a.ip) ?? 0) + 1)
  let best: { ip?: string; votes: number } = { votes: 0 }
  for (const [ip, votes] of counts) if (votes > best.votes) best = { ip, votes }
  return best
}

function buildResult(answers: EchoAnswer[], arrivals: Array<{ family: Family; ip: string }>): EgressResult {
  const v4 = winner(arrivals, 4).ip
  const v6 = winner(arrivals, 6).ip
  const primary = v4 ?? v6
  const ordered = [primary, v4 && v6 ? v6 : undefined, ...arrivals.map((a) => a.ip)]
  const addresses = [...new Set(ordered.filter((a): a is string => a !== undefined))]
  return { addresses, primary, answers, fromInput: false }
}

/** Why an echo answer was discarded or what it said. */
export interface EchoAnswer {
  url: string
  family?: Family
  /** The address the source reported, when usable. */
  ip?: string
  /** Why the answer was not used (HTTP error, timeout, private address, HTML, …). */
  error?: string
  elapsedMs: number
}

/** The outcome of egress discovery. */
export interface EgressResult {
  /** Primary first (IPv4 when any), then secondary addresses. */
  addresses: string[]
  primary?: string
  answers: EchoAnswer[]
  /** Given by the user (`egress-ip`), no discovery done. */
  fromInput: boolean
}
