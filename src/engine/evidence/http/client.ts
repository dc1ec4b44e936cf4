/**
 * The engine's one HTTP client: per-attempt timeouts clipped to the run's deadline, retries with backoff
 * and `Retry-After`, bounded bodies, https only (except to this machine), proxies from the environment.
 */
import { runAttempt, AttemptError, type AttemptResponse } from './attempt.js'
import { backoffMs, defaultSleep, isRetryableCode, isRetryableStatus, parseRetryAfter, type Sleep } from './retry.js'
import { checkRequestUrl, describeOrigin } from './url-policy.js'
import { HttpError, type HttpClient, type HttpResponse, type RequestOptions } from './http-client.js'

export { assertSecureUrl, isLoopbackHost } from './url-policy.js'

/** Options of `createHttpClient`. */
export interface HttpClientOptions {
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

/** Defaults of `createHttpClient`. */
export const HTTP_DEFAULTS = {
  timeoutMs: 5000,
  retries: 2,
  maxBodyBytes: 1024 * 1024,
  userAgent: 'icr-allowlist-preflight'
} as const

/**
 * A retry is not started unless at least this much time is left after its wait: an attempt that can only
 * last a few milliseconds just turns a useful response into a `deadline` error.
 */
const MIN_ATTEMPT_MS = 100

/** Creates the client the engine is given. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const timeoutMs = options.timeoutMs ?? HTTP_DEFAULTS.timeoutMs
  const defaultRetries = options.retries ?? HTTP_DEFAULTS.retries
  const defaultMaxBody = options.maxBodyBytes ?? HTTP_DEFAULTS.maxBodyBytes
  const userAgent = options.userAgent ?? HTTP_DEFAULTS.userAgent
  const sleep = options.sleep ?? defaultSleep
  const random = options.random ?? Math.random
  const remainingMs = (): number => Math.max(0, options.deadline - Date.now())
  const log = options.log ?? ((): void => undefined)

  async function request(method: 'GET' | 'POST', url: string, req: RequestOptions = {}): Promise<HttpResponse> {
    const started = Date.now()
    const parsed = checkRequestUrl(method, url)
    const where = `${method} ${describeOrigin(parsed)}`
    const retries = Math.max(0, req.retries ?? defaultRetries)
    const perAttempt = req.timeoutMs ?? timeoutMs
    let attempts = 0
    let last: { response?: AttemptResponse; error?: HttpError } = {}

    for (;;) {
      if (req.signal?.aborted) throw new HttpError('aborted', `${where}: aborted`, attempts)
      const left = remainingMs()
      if (left <= 0) {
        if (last.response) return toResponse(last.response, attempts, started)
        throw new HttpError('deadline', `${where}: the run's time limit was reached`, attempts)
      }
      attempts++
      let retryAfterMs: number | undefined
      try {
        const response = await runAttempt({
          method,
          url: parsed,
          headers: req.headers ?? {},
          body: req.body,
          timeoutMs: Math.min(perAttempt, left),
          clipped: left < perAttempt,
          maxBodyBytes: req.maxBodyBytes ?? defaultMaxBody,
          userAgent,
          signal: req.signal,
          family: req.family,
          ca: options.ca
        })
        log(`${where}: attempt ${attempts}: HTTP ${response.status}`)
        if (!isRetryableStatus(response.status)) return toResponse(response, attempts, started)
        last = { response }
        retryAfterMs = parseRetryAfter(response.headers['retry-after'])
      } catch (err) {
        if (!(err instanceof AttemptError)) throw internalError(where, attempts)
        const e = err.error
        const error = new HttpError(e.kind, attempts > 1 ? `${e.message} (attempt ${attempts})` : e.message, attempts)
        const retryable = e.kind === 'timeout' || (e.kind === 'network' && isRetryableCode(err.code))
        log(`${where}: attempt ${attempts}: ${e.kind}${retryable ? '' : ' (not retried)'}`)
        if (!retryable) throw error
        last = { error }
      }

      if (attempts > retries) break
      const wait = retryAfterMs ?? backoffMs(attempts, random)
      // A wait that would leave no room for another attempt is not taken: the caller gets what we have now,
      // well before the deadline, instead of a deadline error later.
      if (wait + MIN_ATTEMPT_MS > remainingMs()) {
        log(`${where}: no retry, ${wait} ms wait would pass the run's time limit`)
        break
      }
      log(`${where}: retry in ${wait} ms${retryAfterMs !== undefined ? ' (Retry-After)' : ''}`)
      try {
        await sleep(wait, req.signal)
      } catch {
        throw new HttpError('aborted', `${where}: aborted`, attempts)
      }
    }
    if (last.response) return toResponse(last.response, attempts, started)
    throw last.error ?? internalError(where, attempts)
  }

  return { request: guard(request), remainingMs }
}

/**
 * Whatever escapes the request logic (a bug, an exotic throw) is replaced by an error that names nothing of
 * the request: only `HttpError`s built by this layer, whose messages are safe, pass through.
 */
function guard(fn: HttpClient['request']): HttpClient['request'] {
  return async (method, url, options) => {
    try {
      return await fn(method, url, options)
    } catch (err) {
      if (err instanceof HttpError) throw err
      throw new HttpError('network', `${method}: request failed (internal error)`)
    }
  }
}

function internalError(where: string, attempts: number): HttpError {
  return new HttpError('network', `${where}: request failed (internal error)`, attempts)
}

function toResponse(r: AttemptResponse, attempts: number, started: number): HttpResponse {
  return { status: r.status, headers: r.headers, body: r.body, attempts, elapsedMs: Date.now() - started }
}
