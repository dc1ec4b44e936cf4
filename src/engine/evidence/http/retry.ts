/**
 * Retry policy of the HTTP layer: what is worth another attempt, how long to wait, and an abortable wait.
 */
import { HttpError } from './http-error.js'

/** First backoff step; doubled per retry, capped, then jittered. */
const BACKOFF_BASE_MS = 250
/** Largest backoff without a `Retry-After`. */
const BACKOFF_CAP_MS = 4000

/** An injectable wait (tests replace it). Must reject when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

/** Statuses that say "try again later": rate limiting and server-side faults. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status <= 599)
}

/** Node error codes of transient connection faults. DNS failures and TLS errors are not transient. */
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN'])

/** Whether a network fault (by Node error code) is worth another attempt. */
export function isRetryableCode(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_CODES.has(code)
}

/**
 * Exponential backoff with jitter for retry number `retry` (1 for the first retry): the step doubles from
 * `BACKOFF_BASE_MS` up to `BACKOFF_CAP_MS`, and the wait is drawn from its upper half so that runners that
 * failed together do not come back together.
 */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retry - 1))
  const r = Math.min(1, Math.max(0, random()))
  return Math.round(step / 2 + (step / 2) * r)
}

/**
 * Parses `Retry-After` (delay in seconds, or an HTTP date) into milliseconds from `now`. Undefined when absent
 * or unreadable; never negative.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined
  const text = value.trim()
  if (text === '') return undefined
  if (/^\d+$/.test(text)) return Number(text) * 1000
  // Only date-like text: Date.parse accepts odd forms ("1") that are not HTTP dates.
  if (!/[a-z]/i.test(text)) return undefined
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}

/** The default wait: a timer that rejects with `HttpError('aborted')` as soon as `signal` aborts. */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new HttpError('aborted', 'aborted while waiting to retry'))
      return
    }
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(new HttpError('aborted', 'aborted while waiting to retry'))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
