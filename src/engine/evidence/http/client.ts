/**
 * The engine's one HTTP client: per-attempt timeouts clipped to the run's deadline, retries with backoff
 * and `Retry-After`, bounded bodies, https only (except to this machine), proxies from the environment.
 * Every attempt, its outcome and every wait go to the debug trail, naming the origin only.
 */
import type { HttpClient, HttpResponse, RequestOptions } from './http-client.js'
import { HttpError } from './http-error.js'
import { backoffMs, defaultSleep, isRetryableCode, isRetryableStatus, parseRetryAfter, type Sleep } from './retry.js'
import { runAttempt, type AttemptResponse } from './transport.js'
import { describeOrigin, insecureReason } from './url-policy.js'

/** Options of `createHttpClient`. */
interface HttpClientOptions {
  /** Epoch milliseconds: the whole run's bound. No attempt and no retry wait goes past it. */
  deadline: number
  /** Per-attempt timeout (connect, headers and body). Default 5000. */
  timeoutMs?: number
  /** Retries after the first attempt. Default 2. */
  retries?: number
  /** Largest response body. Default 1 MiB. */
  maxBodyBytes?: number
  userAgent?: string
  /** The wait between attempts; must reject when the signal aborts. Injectable for tests. */
  sleep?: Sleep
  /** Jitter source in [0, 1). Injectable for tests. */
  random?: () => number
  /** Extra trusted CA certificate (PEM). For tests against a private CA only. */
  ca?: string
  /** The debug trail: each attempt, its outcome and each wait. Origins only, never a path, query or body. */
  log?: (line: string) => void
}

const DEFAULTS = { timeoutMs: 5000, retries: 2, maxBodyBytes: 1024 * 1024, userAgent: 'icr-allowlist-preflight' }

/**
 * A retry is not started unless at least this much time is left after its wait: an attempt that can only
 * last a few milliseconds just turns a useful response into a `deadline` error.
 */
const MIN_ATTEMPT_MS = 100

/** Creates the client the engine is given. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs
  const sleep = options.sleep ?? defaultSleep
  const random = options.random ?? Math.random
  const log = options.log ?? ((): void => undefined)
  const remainingMs = (): number => Math.max(0, options.deadline - Date.now())

  /** The attempts of one request, until a response that is not worth retrying, a fault, or no time. */
  async function attempts(
    method: 'GET' | 'POST',
    target: URL,
    where: string,
    req: RequestOptions
  ): Promise<HttpResponse> {
    const started = Date.now()
    const retries = Math.max(0, req.retries ?? options.retries ?? DEFAULTS.retries)
    const perAttempt = req.timeoutMs ?? timeoutMs
    let attempt = 0
    let last: AttemptResponse | HttpError | undefined
    for (;;) {
      if (req.signal?.aborted) throw new HttpError('aborted', `${where}: aborted`, { attempts: attempt })
      const left = remainingMs()
      if (left <= 0) {
        log(`${where}: the run's time limit is reached, no attempt ${attempt + 1}`)
        if (last !== undefined && !(last instanceof HttpError)) return toResponse(last, attempt, started)
        throw new HttpError('deadline', `${where}: the run's time limit was reached`, { attempts: attempt })
      }
      attempt++
      const attemptStarted = Date.now()
      const took = (): string => `after ${Date.now() - attemptStarted} ms`
      let retryAfterMs: number | undefined
      try {
        last = await runAttempt({
          method,
          url: target,
          where,
          headers: req.headers ?? {},
          body: req.body,
          timeoutMs: Math.min(perAttempt, left),
          clipped: left < perAttempt,
          maxBodyBytes: req.maxBodyBytes ?? options.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
          userAgent: options.userAgent ?? DEFAULTS.userAgent,
          signal: req.signal,
          family: req.family,
          ca: options.ca
        })
        log(`${where}: attempt ${attempt}: HTTP ${last.status} ${took()}`)
        if (!isRetryableStatus(last.status)) return toResponse(last, attempt, started)
        retryAfterMs = parseRetryAfter(last.headers['retry-after'])
      } catch (err) {
        if (!(err instanceof HttpError)) throw err
        last = attempt === 1 ? err : laterAttempt(err, attempt)
        const retryable = err.kind === 'timeout' || (err.kind === 'network' && isRetryableCode(err.code))
        const fault = `${err.kind}${err.code ? ` (${err.code})` : ''}`
        log(`${where}: attempt ${attempt}: ${fault} ${took()}${retryable ? '' : ', not retried'}${trail(err.cause)}`)
        if (!retryable) throw last
      }

      if (attempt > retries) {
        log(`${where}: no retry left after ${attempt} attempts`)
        return settle(last, attempt, started)
      }
      const wait = retryAfterMs ?? backoffMs(attempt, random)
      // A wait that would leave no room for another attempt is not taken: the caller gets what we have now,
      // well before the deadline, instead of a deadline error later.
      if (wait + MIN_ATTEMPT_MS > remainingMs()) {
        log(`${where}: no retry, a ${wait} ms wait would pass the run's time limit`)
        return settle(last, attempt, started)
      }
      const why = retryAfterMs !== undefined ? ' (Retry-After)' : ''
      log(`${where}: waiting ${wait} ms${why} before attempt ${attempt + 1}`)
      try {
        await sleep(wait, req.signal)
      } catch (err) {
        if (!req.signal?.aborted) throw err
        log(`${where}: aborted while waiting`)
        throw new HttpError('aborted', `${where}: aborted`, { attempts: attempt })
      }
    }
  }

  return {
    async request(method, url, req = {}) {
      const target = requestUrl(method, url)
      const where = `${method} ${describeOrigin(target)}`
      try {
        return await attempts(method, target, where, req)
      } catch (err) {
        if (err instanceof HttpError) throw err
        // The boundary of the layer. Whatever else escaped the request logic is a bug of this program, and
        // its text (a TypeError naming a value, a library's message) may repeat the URL, a header or the
        // body. It is neither swallowed nor passed on as it is: the caller gets an `internal` HttpError,
        // which callers report as "internal error" (never as a network fault), and the original stays in
        // `cause` (not serialised) and, by class and code location only, in the debug trail.
        log(`${where}: internal error${trail(err)}`)
        throw new HttpError('internal', `${where}: request failed (internal error)`, { cause: err })
      }
    },
    remainingMs
  }
}

/** Parses a URL and applies the https rule. Throws an `HttpError` that names the origin at most. */
function requestUrl(method: string, url: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    // Node's error repeats the whole input.
    throw new HttpError('network', `${method}: not a valid URL`, { attempts: 0 })
  }
  const reason = insecureReason(parsed)
  if (reason) throw new HttpError('insecure', `${method} ${describeOrigin(parsed)}: ${reason}`, { attempts: 0 })
  return parsed
}

/**
 * What the debug trail may say of an unexpected throw: its class and where it was thrown. Never its message,
 * which may quote the request; stack frames name only functions and files.
 */
function trail(cause: unknown): string {
  if (cause === undefined) return ''
  if (!(cause instanceof Error)) return ` (a thrown ${typeof cause})`
  const frames = (cause.stack ?? '')
    .split('\n')
    .filter((l) => l.trimStart().startsWith('at '))
    .slice(0, 3)
  return ` (${cause.name} ${frames.map((f) => f.trim()).join(' ')})`.replace(/ \)$/, ')')
}

/** An attempt's error as the caller sees it: which attempt it was, in the count and in the message. */
function laterAttempt(err: HttpError, attempt: number): HttpError {
  const details = { attempts: attempt, code: err.code, cause: err.cause }
  return new HttpError(err.kind, `${err.message} (attempt ${attempt})`, details)
}

/** The outcome of the last attempt, once no other follows: its response, or its error thrown. */
function settle(last: AttemptResponse | HttpError, attempts: number, started: number): HttpResponse {
  if (last instanceof HttpError) throw last
  return toResponse(last, attempts, started)
}

function toResponse(r: AttemptResponse, attempts: number, started: number): HttpResponse {
  return { status: r.status, headers: r.headers, body: r.body, attempts, elapsedMs: Date.now() - started }
}
