/**
 * One HTTP attempt through `@actions/http-client`, bounded in time from connect to the last body byte, with a
 * bounded body.
 *
 * `@actions/http-client` brings the proxy handling (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, through `tunnel`
 * CONNECT agents). Its own `socketTimeout` is an idle timeout: a server that drips a byte a second, or that
 * sends headers and then hangs, never trips it. So each attempt gets an AbortSignal, handed to Node's
 * `http.request` through a request handler, and a timer that aborts it. Its `readBody()` reads without limit,
 * so the body is read here: an echo service or a proxy's error page must not make the preflight buffer
 * megabytes. Its retries and redirects are turned off: retries are done by the caller, and a redirect would
 * read an unbounded body and could carry headers to another host.
 */
import type { RequestOptions as NodeRequestOptions, Agent, IncomingMessage } from 'node:http'
import { HttpClient as ActionsHttpClient } from '@actions/http-client'
import type { RequestHandler } from '@actions/http-client/lib/interfaces'
import { HttpError } from './http-error.js'

/** What one attempt needs. `where` ("GET https://host") is the only name of the target its errors use. */
interface AttemptSpec {
  method: 'GET' | 'POST'
  url: URL
  where: string
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
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string | undefined>
  body: string
}

type AbortReason = 'timeout' | 'deadline' | 'aborted'

/** The body was larger than allowed: not a Node error, so it is told apart by class. */
class TooLarge extends Error {}

/**
 * Runs one attempt. Resolves with the response (any status) or rejects with an `HttpError` (attempts 1)
 * whose `code` is Node's error code, when the fault had one.
 */
export async function runAttempt(spec: AttemptSpec): Promise<AttemptResponse> {
  if (spec.signal?.aborted) throw new HttpError('aborted', `${spec.where}: aborted`)
  const controller = new AbortController()
  let reason: AbortReason | undefined
  const stop = (why: AbortReason): void => {
    reason ??= why
    controller.abort()
  }
  const onCallerAbort = (): void => stop('aborted')
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
  // The signal reaches Node's request, but not the CONNECT that a proxy tunnel sends first: a proxy that takes
  // the connection and never answers CONNECT would hold the attempt for ever. Racing the abort ends it anyway.
  const abandoned = new Promise<never>((_resolve, reject) => {
    controller.signal.addEventListener('abort', () => reject(new Error('attempt abandoned')), { once: true })
  })
  abandoned.catch(() => undefined)
  let phase: 'headers' | 'body' = 'headers'
  try {
    const request = client.request(spec.method, spec.url.href, spec.body ?? null, { ...spec.headers })
    // Should an abandoned request still get its answer, the answer is thrown away, not left open.
    request.then(
      (late) => (controller.signal.aborted ? late.message.destroy() : undefined),
      () => undefined
    )
    const res = await Promise.race([request, abandoned])
    phase = 'body'
    const body = await Promise.race([readBody(res.message, spec.maxBodyBytes), abandoned])
    return { status: res.message.statusCode ?? 0, headers: flattenHeaders(res.message.headers), body }
  } catch (err) {
    throw toHttpError(err, reason, phase, spec)
  } finally {
    clearTimeout(timer)
    spec.signal?.removeEventListener('abort', onCallerAbort)
    client.dispose()
  }
}

/**
 * Reads a body whole as UTF-8, refusing it as soon as the announced `Content-Length` or the bytes received
 * pass `maxBytes` (leaving the loop destroys the stream: nothing more is downloaded). An abort or a peer that
 * hangs up mid-body ends the iteration with the stream's error.
 */
async function readBody(message: IncomingMessage, maxBytes: number): Promise<string> {
  if (Number(message.headers['content-length']) > maxBytes) {
    message.destroy()
    throw new TooLarge()
  }
  const chunks: Buffer[] = []
  let received = 0
  for await (const chunk of message as AsyncIterable<Buffer>) {
    received += chunk.length
    if (received > maxBytes) throw new TooLarge()
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
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
      if (typeof options.host === 'string') options.host = options.host.replace(/^\[(.*)\]$/, '$1')
      if (spec.ca) {
        ;(options as { ca?: string }).ca = spec.ca
        // Tunnel agents (proxy) build the TLS socket from their own options, not the request's: this is
        // also how http-client itself applies `ignoreSslError`.
        const agent = options.agent as (Agent & { options?: Record<string, unknown> }) | undefined
        if (agent?.options) agent.options.ca = spec.ca
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
 * Turns what Node, `tunnel` or http-client threw into an `HttpError` whose message is built here from the
 * method, origin and an error code: their own messages can repeat the request path and query (http-client's
 * "Request timeout: /path?query") and are never passed on. A throw none of them makes (no error code, no
 * known text) is this program's fault: it becomes `internal`, with the original kept as `cause`.
 */
function toHttpError(
  err: unknown,
  reason: AbortReason | undefined,
  phase: 'headers' | 'body',
  { where, timeoutMs, maxBodyBytes }: AttemptSpec
): HttpError {
  if (reason === 'aborted') return new HttpError('aborted', `${where}: aborted`)
  if (reason === 'deadline') {
    return new HttpError('deadline', `${where}: the run's time limit was reached after ${timeoutMs} ms`)
  }
  // http-client's idle timer firing before ours (it should not, but both exist) is the same timeout.
  if (reason === 'timeout' || (err instanceof Error && err.message.startsWith('Request timeout'))) {
    return new HttpError('timeout', `${where}: no complete response within ${timeoutMs} ms`)
  }
  if (err instanceof TooLarge) {
    return new HttpError('too-large', `${where}: response body larger than ${maxBodyBytes} bytes`)
  }
  const code = errorCode(err)
  const message = err instanceof Error ? err.message : ''
  if (message.startsWith('tunneling socket could not be established')) {
    const status = /statusCode=(\d{3})/.exec(message)?.[1]
    const detail = status ? `the proxy answered ${status} to CONNECT` : 'the proxy could not be reached'
    return new HttpError('network', `${where}: ${detail} (proxy)`, { code })
  }
  if (!code) return new HttpError('internal', `${where}: request failed (internal error)`, { cause: err })
  if (phase === 'body') {
    // The peer hung up mid-body: as transient as a reset, whatever code the stream reported.
    const text = `${where}: connection closed before the body ended (${code})`
    return new HttpError('network', text, { code: 'ECONNRESET' })
  }
  return new HttpError('network', `${where}: ${describeCode(code)}`, { code })
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

function describeCode(code: string): string {
  if (CODE_TEXT[code]) return `${CODE_TEXT[code]} (${code})`
  // Node validates the request (header characters, methods) before sending anything.
  if (code.startsWith('ERR_INVALID')) return `request refused by Node before sending (${code})`
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)) return `TLS failure (${code})`
  return `network error (${code})`
}

/** A Node error code, only when it looks like one: nothing else of the error is ever shown. */
function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,60}$/.test(code) ? code : undefined
}
