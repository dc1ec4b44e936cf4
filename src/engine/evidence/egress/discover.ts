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
import type { Family } from '../../net/address.js'
import type { HttpClient } from '../http/http-client.js'
import { HttpError } from '../http/http-error.js'
import { shownUrl } from '../http/url-policy.js'
import { parseEchoAnswer } from './echo-answer.js'
import { voteText, winner, type Arrival } from './vote.js'

/** Which address families to discover: the `ip-version` input. */
export type IpVersion = '4' | '6' | 'any'

/** Why a source was stopped before it answered: none of these is a fault of the source itself. */
type CancelReason = 'agreed' | 'deadline' | 'aborted'

/**
 * What one source gave: an address it saw, why its answer was not used (HTTP error, timeout, private
 * address, HTML, an address of the unwanted family, …), or why it was not waited for.
 */
type EchoAnswer = { url: string; elapsedMs: number } & (
  | { status: 'answered'; ip: string; family: Family }
  | { status: 'rejected'; reason: string; family?: Family }
  | { status: 'cancelled'; why: CancelReason }
)

/** The outcome of egress discovery. */
export interface EgressResult {
  /** Primary first (IPv4 when any), then secondary addresses. */
  addresses: string[]
  primary?: string
  /** One per URL asked, in the order of the URLs. */
  answers: EchoAnswer[]
  /** Given by the user (`egress-ip`), no discovery done. */
  fromInput: boolean
}

/** Options of `discoverEgress`. */
interface DiscoverOptions {
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
  /** The debug trail: each source's answer, and the vote. */
  log?: (line: string) => void
}

const CANCELLED_TEXT: Record<CancelReason, string> = {
  agreed: 'not needed: other sources already agreed',
  deadline: "no answer before the run's time limit",
  aborted: 'aborted'
}

/** An answer in words: the address, why it was not used, or why it was not waited for. */
export function answerText(answer: EchoAnswer): string {
  if (answer.status === 'answered') return answer.ip
  return answer.status === 'rejected' ? answer.reason : CANCELLED_TEXT[answer.why]
}

/** Largest echo answer read: a plain answer is a few dozen bytes, a Cloudflare trace a few hundred. */
const ECHO_MAX_BODY = 64 * 1024

/**
 * Asks every URL in parallel and returns the consensus: per family the address most sources agree on (a tie
 * is no address: discovery asks on). Primary is the IPv4 winner when there is one, else the IPv6 winner; every other
 * address seen follows as secondary. Stops early once two sources agree in every wanted family. A source's
 * failure is recorded in its answer; the promise rejects only on a bug (an error that is not an `HttpError`).
 */
export function discoverEgress(
  http: HttpClient,
  urls: readonly string[],
  ipVersion: IpVersion,
  opts: DiscoverOptions = {}
): Promise<EgressResult> {
  const started = Date.now()
  const log = opts.log ?? ((): void => undefined)
  const controller = new AbortController()
  const answers: Array<EchoAnswer | undefined> = urls.map(() => undefined)
  const arrivals: Arrival[] = []
  const wanted: Family[] = ipVersion === '4' ? [4] : ipVersion === '6' ? [6] : [4, 6]

  return new Promise<EgressResult>((resolve, reject) => {
    let finished = false
    let graceTimer: ReturnType<typeof setTimeout> | undefined
    const onCallerAbort = (): void => finish('aborted')
    // setTimeout fires at once for delays past 2^31-1 ms, hence the clamp.
    const deadlineTimer = setTimeout(() => finish('deadline'), Math.min(http.remainingMs(), 2 ** 31 - 1))

    /** Stops everything still running; true when this call did (discovery was not over yet). */
    function end(): boolean {
      if (finished) return false
      finished = true
      clearTimeout(deadlineTimer)
      clearTimeout(graceTimer)
      opts.signal?.removeEventListener('abort', onCallerAbort)
      // Sources still running are cancelled and not awaited: their late answers are not needed.
      controller.abort()
      return true
    }

    /** Ends discovery; `why` is what the sources still running (if any) are told. */
    function finish(why: CancelReason): void {
      if (!end()) return
      const elapsedMs = Date.now() - started
      const all = urls.map(
        (url, i): EchoAnswer => answers[i] ?? { url: shownUrl(url), elapsedMs, status: 'cancelled', why }
      )
      const cancelled = all.filter((a) => a.status === 'cancelled').length
      const stop = cancelled > 0 ? `${cancelled} cancelled: ${why}` : 'every source answered'
      log(`echo vote: ${wanted.map((f) => voteText(arrivals, f)).join(', ')}; stopped after ${elapsedMs} ms (${stop})`)
      resolve(buildResult(all, arrivals))
    }

    function check(): void {
      if (answers.every((a) => a !== undefined)) return finish('agreed')
      const agreed = wanted.filter((f) => {
        const w = winner(arrivals, f)
        return w.ip !== undefined && w.votes >= 2
      })
      if (agreed.length === wanted.length) return finish('agreed')
      if (agreed.length > 0 && graceTimer === undefined) {
        // Both families usually cross the same path, so the other one gets as long again as the first took
        // to agree, never more than graceMs: a runner without IPv6 loses little, a dual-stack one its answer.
        const grace = Math.min(opts.graceMs ?? 500, Math.max(50, Date.now() - started))
        graceTimer = setTimeout(() => finish('agreed'), grace)
      }
    }

    if (opts.signal?.aborted) return finish('aborted')
    opts.signal?.addEventListener('abort', onCallerAbort, { once: true })
    if (urls.length === 0) return finish('agreed')

    urls.forEach((url, i) => {
      askOne(http, url, ipVersion, controller.signal, opts, started)
        .then((answer) => {
          if (finished) return
          log(`echo ${answer.url}: ${answerText(answer)} (${answer.elapsedMs} ms)`)
          answers[i] = answer
          if (answer.status === 'answered') arrivals.push({ family: answer.family, ip: answer.ip })
          check()
        })
        .catch((bug: unknown) => {
          // A bug, not a fault of the source: it is not turned into an answer. Discovery stops and rejects
          // with it (a no-op when discovery already resolved: then only the trail keeps it).
          end()
          log(`echo ${shownUrl(url)}: internal error (${bug instanceof Error ? bug.name : 'a non-Error thrown'})`)
          reject(bug instanceof Error ? bug : new Error(String(bug)))
        })
    })
  })
}

/** Asks one source. Rejects only on a bug: every fault of the source or the network is an answer. */
async function askOne(
  http: HttpClient,
  url: string,
  ipVersion: IpVersion,
  signal: AbortSignal,
  opts: DiscoverOptions,
  started: number
): Promise<EchoAnswer> {
  const rejected = (reason: string, family?: Family): EchoAnswer => {
    return {
      url: shownUrl(url),
      elapsedMs: Date.now() - started,
      status: 'rejected',
      reason,
      ...(family && { family })
    }
  }
  let res
  try {
    res = await http.request('GET', url, {
      signal,
      headers: { accept: 'text/plain, application/json;q=0.9, */*;q=0.1' },
      timeoutMs: opts.timeoutMs,
      retries: opts.retries ?? 1,
      maxBodyBytes: ECHO_MAX_BODY,
      family: ipVersion === 'any' ? undefined : ipVersion === '4' ? 4 : 6
    })
  } catch (err) {
    if (!(err instanceof HttpError)) throw err
    // HttpError messages name the method, origin and fault only.
    return rejected(err.message)
  }
  if (res.status < 200 || res.status > 299) return rejected(`HTTP ${res.status}`)
  const parsed = parseEchoAnswer(res.body, res.headers['content-type'])
  if ('reason' in parsed) return rejected(parsed.reason)
  if (ipVersion !== 'any' && String(parsed.family) !== ipVersion) {
    const reason = `answered ${parsed.ip}, an IPv${parsed.family} address, but ip-version is ${ipVersion}`
    return rejected(reason, parsed.family)
  }
  return {
    url: shownUrl(url),
    elapsedMs: Date.now() - started,
    status: 'answered',
    ip: parsed.ip,
    family: parsed.family
  }
}

function buildResult(answers: EchoAnswer[], arrivals: Arrival[]): EgressResult {
  const v4 = winner(arrivals, 4).ip
  const v6 = winner(arrivals, 6).ip
  const primary = v4 ?? v6
  const ordered = [primary, v4 && v6 ? v6 : undefined, ...arrivals.map((a) => a.ip)]
  const addresses = [...new Set(ordered.filter((a): a is string => a !== undefined))]
  return { addresses, primary, answers, fromInput: false }
}
