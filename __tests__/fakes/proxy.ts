/**
 * A loopback forward proxy for tests: plain HTTP on 127.0.0.1, handling `CONNECT host:port` tunnels and
 * absolute-URI requests (`GET http://host:port/path`). It "resolves" names through a map, so a test can use
 * names that do not resolve anywhere else (`echo.test`, `iam.test`): reaching them at all proves the request
 * went through the proxy. Every request it handles is recorded.
 *
 *   const proxy = await startProxy({ 'echo.test': '127.0.0.1' })   // keep the port of the request
 *   const proxy = await startProxy({ 'iam.test': 43123 })          // send to 127.0.0.1:43123
 */
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo, Socket } from 'node:net'

/** One request the proxy handled. */
export interface ProxiedRequest {
  /** `CONNECT`, or the method of an absolute-URI request. */
  method: string
  kind: 'connect' | 'absolute'
  /** Host as the client asked for it (lower case, no brackets). */
  host: string
  port: number
  /** Absolute-URI requests: path and query. */
  path?: string
  /** The `Proxy-Authorization` header, when sent. */
  proxyAuthorization?: string
}

export interface TestProxy {
  /** `http://127.0.0.1:port`: the value for HTTPS_PROXY / HTTP_PROXY. */
  url: string
  port: number
  seen: ProxiedRequest[]
  close(): Promise<void>
}

export interface ProxyOptions {
  /** Answer every CONNECT with this status instead of tunnelling (e.g. 403, 407). */
  connectStatus?: number
}

/**
 * Map values: a loopback address (the request's port is kept) or a port number on 127.0.0.1. Names not in the
 * map are refused with 502, except loopback addresses, which are reached as they are.
 */
export type HostMap = Record<string, string | number>

export async function startProxy(map: HostMap, options: ProxyOptions = {}): Promise<TestProxy> {
  const seen: ProxiedRequest[] = []
  const sockets = new Set<Socket>()
  const resolveTarget = (host: string, port: number): { host: string; port: number } | undefined => {
    const mapped = map[host]
    if (typeof mapped === 'number') return { host: '127.0.0.1', port: mapped }
    if (typeof mapped === 'string') return { host: mapped, port }
    if (host === 'localhost' || host === '::1' || host.startsWith('127.')) return { host, port }
    return undefined
  }

  const server = http.createServer((req, res) => {
    let target: URL
    try {
      target = new URL(req.url ?? '')
    } catch {
      res.writeHead(400).end('absolute URI expected')
      return
    }
    const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase()
    const port = Number(target.port || 80)
    seen.push({
      method: req.method ?? '',
      kind: 'absolute',
      host,
      port,
      path: target.pathname + target.search,
      proxyAuthorization: req.headers['proxy-authorization']
    })
    const to = resolveTarget(host, port)
    if (!to) {
      res.writeHead(502).end('unknown host')
      return
    }
    const headers = { ...req.headers }
    delete headers['proxy-authorization']
    delete headers['proxy-connection']
    const upstream = http.request(
      { host: to.host, port: to.port, method: req.method, path: target.pathname + target.search, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      }
    )
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502)
      res.destroy()
    })
    req.pipe(upstream)
  })

  server.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => undefined)
    const authority = req.url ?? ''
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(authority)
    const host = (m?.[1] ?? authority).toLowerCase()
    const port = Number(m?.[2] ?? 443)
    seen.push({
      method: 'CONNECT',
      kind: 'connect',
      host,
      port,
      proxyAuthorization: req.headers['proxy-authorization']
    })
    const to = m ? resolveTarget(host, port) : undefined
    if (options.connectStatus || !to) {
      client.end(`HTTP/1.1 ${options.connectStatus ?? 502} Refused\r\ncontent-length: 0\r\n\r\n`)
      return
    }
    const upstream = net.connect(to.port, to.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(upstream)
    upstream.on('close', () => {
      sockets.delete(upstream)
      client.destroy()
    })
    upstream.on('error', () => client.destroy())
    client.on('close', () => upstream.destroy())
  })
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'] as const

/**
 * Sets proxy variables for the duration of `fn` (both cases of each name, since http-client reads the lower-case
 * one first) and restores the previous environment afterwards, even on failure. Unlisted proxy variables are
 * cleared while `fn` runs.
 */
export async function withProxyEnv<T>(
  vars: { https?: string; http?: string; noProxy?: string },
  fn: () => Promise<T>
): Promise<T> {
  const saved = new Map(PROXY_VARS.map((k) => [k, process.env[k]]))
  const set = (names: readonly string[], value: string | undefined): void => {
    for (const n of names) {
      if (value === undefined) delete process.env[n]
      else process.env[n] = value
    }
  }
  try {
    set(['HTTPS_PROXY', 'https_proxy'], vars.https)
    set(['HTTP_PROXY', 'http_proxy'], vars.http)
    set(['NO_PROXY', 'no_proxy'], vars.noProxy)
    return await fn()
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}
