/**
 * Loopback HTTP(S) servers that behave like echo services, well or badly. For the HTTP layer, egress
 * discovery, the fault matrix and end-to-end tests. They only ever listen on 127.0.0.1 (or ::1 when asked).
 *
 *   const echo = await startEcho({ kind: 'text', body: '203.0.113.7\n' })
 *   ... echo.url, echo.requests, echo.log ...
 *   await echo.close()
 */
import { readFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { fileURLToPath } from 'node:url'

const TLS_DIR = fileURLToPath(new URL('../../__fixtures__/tls/', import.meta.url))

/** TEST-ONLY CA (PEM) that signed the fake servers' certificate: pass as `createHttpClient({ ca })`. */
export const TEST_CA = readFileSync(`${TLS_DIR}ca.pem`, 'utf8')
/** Path of the TEST-ONLY CA, for `NODE_EXTRA_CA_CERTS` in child processes. */
export const TEST_CA_PATH = `${TLS_DIR}ca.pem`
const TLS_CERT = readFileSync(`${TLS_DIR}server.pem`, 'utf8')
const TLS_KEY = readFileSync(`${TLS_DIR}server-key.pem`, 'utf8')

/** What a fake server does with each request. `delayMs` delays the whole answer. */
export type EchoBehaviour =
  | {
      kind: 'text'
      body: string
      delayMs?: number
      status?: number
      contentType?: string
      headers?: Record<string, string>
    }
  | { kind: 'json'; ip: string; delayMs?: number }
  | { kind: 'trace'; ip: string; delayMs?: number }
  /** Accepts the connection, never answers. */
  | { kind: 'hang' }
  /** Sends status and headers (announcing a body), then nothing. */
  | { kind: 'hang-after-headers' }
  /** Destroys the connection as soon as the request arrives. */
  | { kind: 'reset' }
  /** 429 with `Retry-After: retryAfter` for the first `times` requests (default 1), then 200 `body`. */
  | { kind: 'retry-after'; retryAfter: string; times?: number; body: string }
  /** `status` (default 500) for the first `failures` requests, then 200 `body`. */
  | { kind: 'fail-then'; failures: number; status?: number; body: string }
  /** A CDN-style HTML challenge page. */
  | { kind: 'html' }
  | { kind: 'empty' }
  /** A body of `bytes` bytes (default 10 MB); `announce: false` sends it chunked, without Content-Length. */
  | { kind: 'huge'; bytes?: number; announce?: boolean }
  /** Sends `body` one byte every `intervalMs` (default 100). */
  | { kind: 'drip'; body?: string; intervalMs?: number }
  /** Anything else. */
  | { kind: 'custom'; handle: (req: http.IncomingMessage, res: http.ServerResponse, count: number) => void }

/** One request as the fake server saw it. */
export interface RecordedRequest {
  method: string
  /** Path and query. */
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

/** A running fake echo server. */
export interface FakeEcho {
  /** `http(s)://127.0.0.1:port/` (or `[::1]`). */
  url: string
  port: number
  /** Requests received so far (counted when the request arrives, before any answer). */
  readonly requests: number
  log: RecordedRequest[]
  /** Connections accepted so far. */
  readonly connections: number
  /** Connections currently open (0 once every client went away). */
  readonly openConnections: number
  close(): Promise<void>
}

export interface EchoServerOptions {
  /** Serve HTTPS with the TEST-ONLY certificate (valid for echo.test, iam.test, localhost, 127.0.0.1, ::1). */
  tls?: boolean
  /** Listen address: '127.0.0.1' (default) or '::1'. */
  host?: '127.0.0.1' | '::1'
}

const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>'

/** Starts one fake echo server on a free loopback port. */
export async function startEcho(behaviour: EchoBehaviour, options: EchoServerOptions = {}): Promise<FakeEcho> {
  const sockets = new Set<Socket>()
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const log: RecordedRequest[] = []
  let connections = 0
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t)
      fn()
    }, ms)
    timers.add(t)
  }

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const entry: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' }
    log.push(entry)
    const count = log.length
    req.on('data', (c: Buffer) => (entry.body += c.toString('utf8')))
    req.on('end', () => respond(behaviour, req, res, count, later))
  }
  const server = options.tls
    ? https.createServer({ cert: TLS_CERT, key: TLS_KEY }, handler)
    : http.createServer(handler)
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const port = (server.address() as AddressInfo).port
  const shownHost = host === '::1' ? '[::1]' : host

  return {
    url: `${options.tls ? 'https' : 'http'}://${shownHost}:${port}/`,
    port,
    log,
    get requests() {
      return log.length
    },
    get connections() {
      return connections
    },
    get openConnections() {
      return sockets.size
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t)
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}

/** Starts several fake servers; `close()` closes them all. */
export async function startEchos(
  behaviours: EchoBehaviour[],
  options: EchoServerOptions = {}
): Promise<{ servers: FakeEcho[]; urls: string[]; close(): Promise<void> }> {
  const servers = await Promise.all(behaviours.map((b) => startEcho(b, options)))
  return {
    servers,
    urls: servers.map((s) => s.url),
    close: async () => {
      await Promise.all(servers.map((s) => s.close()))
    }
  }
}

function respond(
  b: EchoBehaviour,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  count: number,
  later: (ms: number, fn: () => void) => void
): void {
  const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
    res.writeHead(status, {
      'content-type': 'text/plain',
      'content-length': String(Buffer.byteLength(body)),
      ...headers
    })
    res.end(body)
  }
  const delayed = (ms: number | undefined, fn: () => void): void => (ms ? later(ms, fn) : fn())
  switch (b.kind) {
    case 'text':
      return delayed(b.delayMs, () =>
        send(b.status ?? 200, b.body, { 'content-type': b.contentType ?? 'text/plain', ...b.headers })
      )
    case 'json':
      return delayed(b.delayMs, () => send(200, JSON.stringify({ ip: b.ip }), { 'content-type': 'application/json' }))
    case 'trace':
      return delayed(b.delayMs, () =>
        send(
          200,
          `fl=123f45\nh=1.1.1.1\nip=${b.ip}\nts=1700000000.123\nvisit_scheme=https\nuag=test\ncolo=FRA\nhttp=http/1.1\nloc=DE\ntls=TLSv1.3\n`
        )
      )
    case 'hang':
      return
    case 'hang-after-headers':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' })
      res.flushHeaders()
      return
    case 'reset':
      req.socket.destroy()
      return
    case 'retry-after':
      if (count <= (b.times ?? 1)) return send(429, 'slow down', { 'retry-after': b.retryAfter })
      return send(200, b.body)
    case 'fail-then':
      if (count <= b.failures) return send(b.status ?? 500, 'internal error')
      return send(200, b.body)
    case 'html':
      return send(200, HTML_PAGE, { 'content-type': 'text/html; charset=utf-8' })
    case 'empty':
      return send(200, '')
    case 'huge': {
      const bytes = b.bytes ?? 10 * 1024 * 1024
      res.writeHead(200, b.announce === false ? { 'content-type': 'text/plain' } : { 'content-length': String(bytes) })
      const chunk = Buffer.alloc(64 * 1024, 'a')
      let sent = 0
      const pump = (): void => {
        while (sent < bytes) {
          const n = Math.min(chunk.length, bytes - sent)
          sent += n
          if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
            res.once('drain', pump)
            return
          }
        }
        res.end()
      }
      res.on('error', () => undefined)
      return pump()
    }
    case 'drip': {
      const body = b.body ?? '203.0.113.9'.padEnd(200, ' ')
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(body)) })
      let i = 0
      const step = (): void => {
        if (res.destroyed) return
        if (i >= body.length) return void res.end()
        res.write(body[i++])
        later(b.intervalMs ?? 100, step)
      }
      return step()
    }
    case 'custom':
      return b.handle(req, res, count)
  }
}
