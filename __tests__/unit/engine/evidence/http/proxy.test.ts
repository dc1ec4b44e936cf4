/**
 * Proxy settings apply to every request of the HTTP layer. `echo.test` and `iam.test` resolve nowhere but in
 * the test proxy's map: a request that reaches them went through the proxy, and one that bypasses the proxy
 * fails to resolve them.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import { HttpClient as ActionsHttpClient } from '@actions/http-client'
import { discoverEgress } from '../../../../../src/engine/evidence/egress/discover.js'
import { createHttpClient } from '../../../../../src/engine/evidence/http/client.js'
import { HttpError } from '../../../../../src/engine/evidence/http/http-error.js'
import { startEcho, TEST_CA, type EchoBehaviour, type FakeEcho } from '../../../../fakes/fake-echo.js'
import { startProxy, withProxyEnv, type TestProxy } from '../../../../fakes/proxy.js'

const closers: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c.close()))
})
async function echo(b: EchoBehaviour, tls = true): Promise<FakeEcho> {
  const s = await startEcho(b, { tls })
  closers.push(s)
  return s
}
async function proxy(...args: Parameters<typeof startProxy>): Promise<TestProxy> {
  const p = await startProxy(...args)
  closers.push(p)
  return p
}
const client = () => createHttpClient({ deadline: Date.now() + 10_000, timeoutMs: 3000, retries: 0, ca: TEST_CA })

describe('HTTPS_PROXY', () => {
  it('sends https requests through a CONNECT tunnel, with TLS to the real host name', async () => {
    const s = await echo({ kind: 'text', body: '203.0.113.7' })
    const p = await proxy({ 'echo.test': '127.0.0.1' })
    const res = await withProxyEnv({ https: p.url }, () =>
      client().request('GET', `https://echo.test:${s.port}/ip?x=1`)
    )
    expect(res).toMatchObject({ status: 200, body: '203.0.113.7' })
    expect(p.seen).toEqual([expect.objectContaining({ method: 'CONNECT', host: 'echo.test', port: s.port })])
    expect(s.log[0]!.url).toBe('/ip?x=1')
  })

  it('applies to POSTs with bodies too (the IAM token call)', async () => {
    const s = await echo({ kind: 'text', body: '{"access_token":"x"}' })
    const p = await proxy({ 'iam.test': s.port })
    const res = await withProxyEnv({ https: p.url }, () =>
      client().request('POST', 'https://iam.test/identity/token', { body: 'grant_type=a' })
    )
    expect(res.status).toBe(200)
    expect(s.log[0]).toMatchObject({ method: 'POST', body: 'grant_type=a' })
    expect(p.seen[0]).toMatchObject({ method: 'CONNECT', host: 'iam.test', port: 443 })
  })

  it('the lower-case variable works alone', async () => {
    const s = await echo({ kind: 'text', body: 'ok' })
    const p = await proxy({ 'echo.test': '127.0.0.1' })
    const res = await withProxyEnv({}, async () => {
      process.env.https_proxy = p.url
      return client().request('GET', `https://echo.test:${s.port}/`)
    })
    expect(res.body).toBe('ok')
    expect(p.seen).toHaveLength(1)
  })

  it('still verifies the certificate through the tunnel', async () => {
    const s = await echo({ kind: 'text', body: 'ok' })
    const p = await proxy({ 'echo.test': '127.0.0.1' })
    const noCa = createHttpClient({ deadline: Date.now() + 10_000, retries: 0 })
    const err = await withProxyEnv({ https: p.url }, () =>
      noCa.request('GET', `https://echo.test:${s.port}/`).catch((e: unknown) => e)
    )
    expect(err).toBeInstanceOf(HttpError)
    expect((err as HttpError).message).toMatch(/TLS failure/)
  })

  it('a proxy refusing CONNECT is a network error naming the proxy, not the path', async () => {
    const p = await proxy({}, { connectStatus: 403 })
    const err = await withProxyEnv({ https: p.url }, () =>
      client()
        .request('GET', 'https://echo.test/secret-path?k=v')
        .catch((e: unknown) => e)
    )
    expect(err).toMatchObject({ kind: 'network' })
    expect((err as Error).message).toBe('GET https://echo.test: the proxy answered 403 to CONNECT (proxy)')
  })

  it('an unreachable proxy is a network error', async () => {
    const err = await withProxyEnv({ https: 'http://127.0.0.1:9' }, () =>
      client()
        .request('GET', 'https://echo.test/')
        .catch((e: unknown) => e)
    )
    expect(err).toMatchObject({ kind: 'network' })
    expect((err as Error).message).toMatch(/proxy could not be reached/)
  })

  it('egress discovery goes through the proxy', async () => {
    const a = await echo({ kind: 'text', body: '203.0.113.7' })
    const b = await echo({ kind: 'json', ip: '203.0.113.7' })
    const p = await proxy({ 'echo.test': a.port, 'iam.test': b.port })
    const r = await withProxyEnv({ https: p.url }, () =>
      discoverEgress(client(), ['https://echo.test/', 'https://iam.test/'], '4')
    )
    expect(r.primary).toBe('203.0.113.7')
    expect(p.seen.map((x) => x.host).sort()).toEqual(['echo.test', 'iam.test'])
  })
})

describe('NO_PROXY', () => {
  it.each(['echo.test', '.test', 'ECHO.TEST', 'other.example, echo.test', '*', `echo.test:443`])(
    'NO_PROXY=%s: the host is reached directly (so it does not resolve), the proxy sees nothing',
    async (noProxy) => {
      const p = await proxy({ 'echo.test': '127.0.0.1' })
      const err = await withProxyEnv({ https: p.url, noProxy }, () =>
        client()
          .request('GET', 'https://echo.test/')
          .catch((e: unknown) => e)
      )
      expect(err).toMatchObject({ kind: 'network' })
      expect((err as Error).message).toMatch(/ENOTFOUND|EAI_AGAIN/)
      expect(p.seen).toEqual([])
    }
  )

  it('NO_PROXY naming another host leaves the proxy in use', async () => {
    const s = await echo({ kind: 'text', body: 'via proxy' })
    const p = await proxy({ 'echo.test': '127.0.0.1' })
    const res = await withProxyEnv({ https: p.url, noProxy: 'iam.test,example.com' }, () =>
      client().request('GET', `https://echo.test:${s.port}/`)
    )
    expect(res.body).toBe('via proxy')
    expect(p.seen).toHaveLength(1)
  })

  it('loopback targets bypass the proxy even without NO_PROXY', async () => {
    const s = await echo({ kind: 'text', body: 'direct' }, false)
    const p = await proxy({})
    const res = await withProxyEnv({ https: p.url, http: p.url }, () => client().request('GET', s.url))
    expect(res.body).toBe('direct')
    expect(p.seen).toEqual([])
  })
})

describe('HTTP_PROXY', () => {
  // Our client sends plain http only to loopback hosts, which http-client never proxies: HTTP_PROXY cannot
  // matter for it. What http-client does with HTTP_PROXY is still pinned here: it tunnels plain http through
  // CONNECT as well (tunnel.httpOverHttp); it never sends absolute-URI requests.
  it('http-client tunnels plain http through CONNECT', async () => {
    const s = await echo({ kind: 'text', body: 'plain' }, false)
    const p = await proxy({ 'echo.test': '127.0.0.1' })
    const body = await withProxyEnv({ http: p.url }, async () => {
      const res = await new ActionsHttpClient('test').get(`http://echo.test:${s.port}/x`)
      return res.readBody()
    })
    expect(body).toBe('plain')
    expect(p.seen).toEqual([
      expect.objectContaining({ method: 'CONNECT', kind: 'connect', host: 'echo.test', port: s.port })
    ])
  })

  it('the test proxy also serves absolute-URI requests (for clients that send them)', async () => {
    const s = await echo({ kind: 'text', body: 'absolute' }, false)
    const p = await proxy({ 'echo.test': '127.0.0.1' })
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: p.port,
          path: `http://echo.test:${s.port}/a?b=1`,
          headers: { host: `echo.test:${s.port}` }
        },
        (res) => {
          let text = ''
          res.on('data', (c: Buffer) => (text += c.toString()))
          res.on('end', () => resolve(text))
        }
      )
      req.on('error', reject)
      req.end()
    })
    expect(body).toBe('absolute')
    expect(p.seen).toEqual([
      expect.objectContaining({ kind: 'absolute', method: 'GET', host: 'echo.test', path: '/a?b=1' })
    ])
    expect(s.log[0]!.url).toBe('/a?b=1')
  })
})

describe('a proxy that never answers', () => {
  it.each([
    ['accepts the connection but never answers CONNECT', 'https'],
    ['accepts the connection but never answers a plain request', 'http']
  ] as const)('%s: the attempt ends at its timeout, then the run deadline', async (_name, scheme) => {
    const sockets: Array<import('node:net').Socket> = []
    const silent = (await import('node:net')).createServer((socket) => void sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    closers.push({
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy()
          silent.close(() => resolve())
        })
    })
    const port = (silent.address() as import('node:net').AddressInfo).port
    const budgetMs = 1500
    const started = Date.now()
    const deadline = started + budgetMs
    const attempt = withProxyEnv({ [scheme]: `http://127.0.0.1:${port}` }, () =>
      createHttpClient({ deadline, timeoutMs: 400, retries: 1, ca: TEST_CA }).request('GET', `${scheme}://echo.test:9/`)
    )
    await expect(attempt).rejects.toBeInstanceOf(HttpError)
    // Bounded by the run's own budget, with room for a loaded machine.
    expect(Date.now() - deadline).toBeLessThan(1000)
  })
})
