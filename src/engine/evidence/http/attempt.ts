/**
 * One HTTP attempt through `@actions/http-client`, bounded in time from connect to the last body byte.
 *
 * `@actions/http-client` brings the proxy handling (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, through `tunnel`
 * CONNECT agents). Its own `socketTimeout` is an idle timeout: a server that drips a byte a second, or that
 * sends headers and then hangs, never trips it. So each attempt gets an AbortSignal, handed to Node's
 * `http.request` through a request handler, and a timer that aborts it; the body is read here with a bound.
 * Its retries and redirects are turned off: retries are done by the caller, and a redirect would read an
 * unbounded body and could carry headers to another host.
 */
import type { RequestOptions as NodeRequestOptions, Agent } from 'node:http'
import { HttpClient as ActionsHttpClient, HttpClientResponse } from '@actions/http-client'
import type { RequestHandler } from '@actions/http-client/lib/interfaces'
import { BodyError, readBoundedBody } from './body.js'
import { describeOrigin } from './url-policy.js'
import { HttpError } from './http-client.js'

/** What one attempt needs. */
export interface AttemptSpec {
  method: 'GET' | 'POST'
  url: URL
  headers: Record<string, string>
  body?: string
  /** Time allowed to this attempt, already clipped to the deadline. */
  timeoutMs: number
  /** The timeout was clipped by the run's deadline: its expiry is a `deadline` fault. */
  clipped: boolean
  maxBodyBytes: number
  userAgent: string
  signal?: AbortSignal
  family?: 4 | 6
  /** Extra trusted CA (PEM), for tests with a private CA. */
  ca?: string
}

/** A response read whole. */
export interface AttemptResponse {
  status: number
  headers: Record<string, string | undefined>
  body: string
}

/** A failed attempt: the error to report, and the Node error code for the retry decision. */
export class AttemptError extends Error {
  constructor(
    public readonly error: HttpError,
    public readonly code?: string
  ) {
    super(error.message)
    this.name = 'AttemptError'
  }
}

type AbortReason = 'timeout' | 'deadline' | 'aborted'

/** Runs one attempt. Resolves with the response (any status) or rejects with an `AttemptError`. */
export async function runAttempt(spec: AttemptSpec): Promise<AttemptResponse> {
  const where = `${spec.method} ${describeOrigin(spec.url)}`
  const controller = new AbortController()
  let reason: AbortReason | undefined
  const stop = (why: AbortReason): void => {
    if (reason) return
    reason = why
    controller.abort()
  }
  const onCallerAbort = (): void => stop('aborted')
  if (spec.signal?.aborted) throw new AttemptError(new HttpError('aborted', `${where}: aborted`))
  spec.signal?.addEventListener('abort', onCallerAbort, { once: true })
  const timer = setTimeout(() => stop(spec.clipped ? 'deadline' : 'timeout'), Math.max(0, spec.timeoutMs))

  const client = new ActionsHttpClient(spec.userAgent, [requestHandler(spec, controller.signal)], {
    allowRetries: false,
    allowRedirects: false,
    keepAlive: false,
    // Our timer covers the whole attempt; http-client's idle timer is set later so that it never wins the race
    // (its expiry would end the socket and look like a truncated body rather than a timeout).
    socketTimeout: Math.max(1, spec.timeoutMs) + 1000
  })
  try {
    const res: HttpClientResponse = await client.request(spec.method, spec.url.href, spec.body ?? null, {
      ...spec.headers
    })
    const body = await readBoundedBody(res.message, spec.maxBodyBytes, controller.signal)
    return { status: res.message.statusCode ?? 0, headers: flattenHeaders(res.message.headers), body }
  } catch (err) {
    throw toAttemptError(err, where, reason, spec)
  } finally {
    clearTimeout(timer)
    spec.signal?.removeEventListener('abort', onCallerAbort)
    client.dispose()
  }
}

/**
 * The per-request hook of `@actions/http-client`: the only place where Node's request options can be
 * changed. Adds the abort signal and the address family, and fixes IPv6 literals (http-client passes
 * `URL.hostname`, brackets included, which Node then tries to resolve as a name).
 */
function requestHandler(spec: AttemptSpec, signal: AbortSignal): RequestHandler {
  return {
    prepareRequest(options: NodeRequestOptions): void {
      options.signal = signal
      if (spec.family) options.family = spec.family
      if (typeof options.host === 'string' && options.host.startsWith('[') && options.host.endsWith(']')) {
        options.host = options.host.slice(1, -1)
      }
      if (spec.ca) {
        ;(options as { ca?: string }).ca = spec.ca
        // Tunnel agents (proxy) build the TLS socket from their own options, not the request's: this is
        // also how http-client itself applies `ignoreSslError`.
        const agent = options.agent as (Agent & { options?: Record<string, unknown> }) | undefined
        if (agent && typeof agent === 'object' && agent.options) agent.options.ca = spec.ca
      }
    },
    canHandleAuthentication: () => false,
    handleAuthentication: () => Promise.reject(new Error('not supported'))
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

/**
 * Turns anything thrown by Node, `tunnel` or http-client into an `HttpError` whose message is built here from
 * the method, origin and an error code: their own messages can repeat the request path and query
 * (http-client's "Request timeout: /path?query") and are never passed on.
 */
function toAttemptError(err: unknown, where: string, reason: AbortReason | undefined, spec: AttemptSpec): AttemptError {
  if (reason === 'aborted') return new AttemptError(new HttpError('aborted', `${where}: aborted`))
  if (reason === 'deadline') {
    return new AttemptError(new HttpError('deadline', `${where}: the run's time limit was reached after ${spec.timeoutMs} ms`))
  }
  if (reason === 'timeout') {
    return new AttemptError(new HttpError('timeout', `${where}: no complete response within ${spec.timeoutMs} ms`))
  }
  if (err instanceof BodyError && err.reason === 'too-large') {
    return new AttemptError(new HttpError('too-large', `${where}: response body larger than ${spec.maxBodyBytes} bytes`))
  }
  const code = errorCode(err)
  const message = err instanceof Error ? err.message : ''
  if (message.startsWith('Request timeout')) {
    // http-client's idle timer fired before ours (it should not, but both exist).
    return new AttemptError(new HttpError('timeout', `${where}: no complete response within ${spec.timeoutMs} ms`))
  }
  if (message.startsWith('tunneling socket could not be established')) {
    const status = /statusCode=(\d{3})/.exec(message)?.[1]
    const detail = status ? `the proxy answered ${status} to CONNECT` : 'the proxy could not be reached'
    return new AttemptError(new HttpError('network', `${where}: ${detail} (proxy)`), code)
  }
  if (err instanceof BodyError) {
    return new AttemptError(new HttpError('network', `${where}: connection closed before the body ended${suffix(err.code)}`), err.code ?? 'ECONNRESET')
  }
  return new AttemptError(new HttpError('network', `${where}: ${describeCode(code)}`), code)
}

const CODE_TEXT: Record<string, string> = {
  ECONNRESET: 'connection reset',
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not resolved',
  EAI_AGAIN: 'host name lookup failed temporarily',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending',
  ECONNABORTED: 'connection aborted',
  EPROTO: 'TLS handshake failed'
}

function describeCode(code: string | undefined): string {
  if (!code) return 'network error'
  if (CODE_TEXT[code]) return `${CODE_TEXT[code]} (${code})`
  // Node validates the request (header characters, methods) before sending anything.
  if (code.startsWith('ERR_INVALID')) return `request refused by Node before sending (${code})`
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)) return `TLS failure (${code})`
  return `network error (${code})`
}

function suffix(code: string | undefined): string {
  return code ? ` (${code})` : ''
}

/** A Node error code, only when it looks like one: nothing else of the error is ever shown. */
function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,60}$/.test(code) ? code : undefined
}
