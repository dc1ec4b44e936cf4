import { afterEach, describe, expect, it } from '@jest/globals'
import net from 'node:net'
import { createHttpClient } from '../../../../../src/engine/evidence/http/client.js'
import { backoffMs, parseRetryAfter } from '../../../../../src/engine/evidence/http/retry.js'
import { HttpError } from '../../../../../src/engine/evidence/http/http-error.js'
import { startEcho, TEST_CA, type EchoBehaviour, type FakeEcho } from '../../../../fakes/fake-echo.js'

type HttpClientOptions = Parameters<typeof createHttpClient>[0]

const open: FakeEcho[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

async function echo(b: EchoBehaviour, tls = false): Promise<FakeEcho> {
  const s = await startEcho(b, { tls })
  open.push(s)
  return s
}

/** A client whose retry waits are recorded and skipped. */
function client(opts: Partial<HttpClientOptions> = {}): { http: ReturnType<typeof createHttpClient>; waits: number[] } {
  const waits: number[] = []
  const http = createHttpClient({
    deadline: Date.now() + 20_000,
    sleep: async (ms) => {
      waits.push(ms)
    },
    random: () => 0.5,
    ...opts
  })
  return { http, waits }
}

async function failure(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError)
    return err as HttpError
  }
  throw new Error('expected a failure')
}

async function freePort(): Promise<number> {
  const srv = net.createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const port = (srv.address() as net.AddressInfo).port
  await new Promise<void>((r) => srv.close(() => r()))
  return port
}

describe('createHttpClient: answers', () => {
  it('returns status, lower-cased headers and body in one attempt', async () => {
    const s = await echo({ kind: 'text', body: '203.0.113.7\n', headers: { 'X-Thing': 'yes' } })
    const res = await client().http.request('GET', s.url)
    expect(res).toMatchObject({ status: 200, body: '203.0.113.7\n', attempts: 1 })
    expect(res.headers['x-thing']).toBe('yes')
    expect(res.elapsedMs).toBeGreaterThanOrEqual(0)
  })

  it('sends POST bodies, headers and the user agent', async () => {
    const s = await echo({ kind: 'text', body: 'ok' })
    await client({ userAgent: 'ua-test/1' }).http.request('POST', s.url + 'token?x=1', {
      body: 'grant_type=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
    })
    expect(s.log[0]).toMatchObject({ method: 'POST', url: '/token?x=1', body: 'grant_type=x' })
    expect(s.log[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(s.log[0]!.headers['user-agent']).toMatch(/^ua-test\/1/)
  })

  it('does not follow redirects: a 3xx is a response', async () => {
    const s = await echo({ kind: 'text', status: 302, body: '', headers: { location: 'http://127.0.0.1:1/' } })
    const res = await client().http.request('GET', s.url)
    expect(res.status).toBe(302)
    expect(s.requests).toBe(1)
  })

  it('reaches [::1] (http-client passes the bracketed host to Node, which is fixed here)', async () => {
    const s = await startEcho({ kind: 'text', body: 'v6' }, { host: '::1' })
    open.push(s)
    expect((await client().http.request('GET', s.url)).body).toBe('v6')
  })

  it('speaks https with a trusted CA and refuses an untrusted certificate without retrying', async () => {
    const s = await echo({ kind: 'text', body: 'secure' }, true)
    const url = `https://localhost:${s.port}/`
    expect((await client({ ca: TEST_CA }).http.request('GET', url)).body).toBe('secure')
    const err = await failure(client().http.request('GET', url))
    expect(err.kind).toBe('network')
    expect(err.message).toMatch(/TLS failure/)
    expect(err.attempts).toBe(1)
  })
})

describe('createHttpClient: timeouts and deadline', () => {
  it.each<[string, EchoBehaviour]>([
    ['no answer at all', { kind: 'hang' }],
    ['a hang after headers', { kind: 'hang-after-headers' }],
    ['a slow-drip body', { kind: 'drip', intervalMs: 50 }]
  ])('ends %s at the per-attempt timeout', async (_name, b) => {
    const s = await echo(b)
    const t0 = Date.now()
    const err = await failure(client({ timeoutMs: 400, retries: 0 }).http.request('GET', s.url))
    const took = Date.now() - t0
    expect(err.kind).toBe('timeout')
    expect(took).toBeGreaterThanOrEqual(380)
    expect(took).toBeLessThan(1200)
  })

  it('retries timeouts and reports the attempts', async () => {
    const s = await echo({ kind: 'hang' })
    const { http, waits } = client({ timeoutMs: 200, retries: 2 })
    const err = await failure(http.request('GET', s.url))
    expect(err).toMatchObject({ kind: 'timeout', attempts: 3 })
    expect(waits).toHaveLength(2)
    expect(s.requests).toBe(3)
  })

  it('clips the attempt to the deadline and says so', async () => {
    const s = await echo({ kind: 'hang' })
    const { http } = client({ deadline: Date.now() + 500, timeoutMs: 10_000 })
    const t0 = Date.now()
    const err = await failure(http.request('GET', s.url))
    expect(err.kind).toBe('deadline')
    expect(Date.now() - t0).toBeLessThan(1200)
    expect(http.remainingMs()).toBe(0)
  })

  it('makes no request once the deadline has passed', async () => {
    const s = await echo({ kind: 'text', body: 'x' })
    const err = await failure(client({ deadline: Date.now() - 1 }).http.request('GET', s.url))
    expect(err).toMatchObject({ kind: 'deadline', attempts: 0 })
    expect(s.requests).toBe(0)
  })
})

describe('createHttpClient: retries', () => {
  it('retries 5xx with growing backoff, then succeeds', async () => {
    const s = await echo({ kind: 'fail-then', failures: 2, body: 'ok' })
    const { http, waits } = client()
    const res = await http.request('GET', s.url)
    expect(res).toMatchObject({ status: 200, body: 'ok', attempts: 3 })
    expect(waits).toEqual([backoffMs(1, () => 0.5), backoffMs(2, () => 0.5)])
    expect(waits[1]).toBeGreaterThan(waits[0]!)
  })

  it('returns (does not throw) the last non-2xx response once retries are spent', async () => {
    const s = await echo({ kind: 'fail-then', failures: 99, status: 503, body: 'never' })
    const res = await client({ retries: 1 }).http.request('GET', s.url)
    expect(res).toMatchObject({ status: 503, attempts: 2 })
    expect(s.requests).toBe(2)
  })

  it('does not retry other 4xx', async () => {
    const s = await echo({ kind: 'text', status: 403, body: 'no' })
    const res = await client().http.request('GET', s.url)
    expect(res).toMatchObject({ status: 403, attempts: 1 })
  })

  it('honours Retry-After in seconds', async () => {
    const s = await echo({ kind: 'retry-after', retryAfter: '3', body: 'ok' })
    const { http, waits } = client()
    const res = await http.request('GET', s.url)
    expect(res).toMatchObject({ status: 200, attempts: 2 })
    expect(waits).toEqual([3000])
  })

  it('honours Retry-After as an HTTP date', async () => {
    const date = new Date(Date.now() + 4000).toUTCString()
    const s = await echo({ kind: 'retry-after', retryAfter: date, body: 'ok' })
    const { http, waits } = client()
    await http.request('GET', s.url)
    expect(waits[0]).toBeGreaterThan(2000)
    expect(waits[0]).toBeLessThanOrEqual(4000)
  })

  it('stops retrying when Retry-After would overrun the deadline and returns the 429', async () => {
    const s = await echo({ kind: 'retry-after', retryAfter: '120', body: 'ok' })
    const { http, waits } = client({ deadline: Date.now() + 3000 })
    const t0 = Date.now()
    const res = await http.request('GET', s.url)
    expect(res).toMatchObject({ status: 429, attempts: 1 })
    expect(waits).toEqual([])
    expect(Date.now() - t0).toBeLessThan(1000)
  })

  it('retries a reset connection, then throws a network error', async () => {
    const s = await echo({ kind: 'reset' })
    const { http, waits } = client()
    const err = await failure(http.request('GET', s.url))
    expect(err).toMatchObject({ kind: 'network', attempts: 3 })
    expect(err.message).toMatch(/ECONNRESET/)
    expect(s.requests).toBe(3)
    expect(waits).toHaveLength(2)
  })

  it('retries a refused connection', async () => {
    const port = await freePort()
    const err = await failure(client({ retries: 1 }).http.request('GET', `http://127.0.0.1:${port}/`))
    expect(err).toMatchObject({ kind: 'network', attempts: 2 })
    expect(err.message).toMatch(/connection refused \(ECONNREFUSED\)/)
  })

  it('uses the real, abortable wait by default', async () => {
    const s = await echo({ kind: 'fail-then', failures: 1, body: 'ok' })
    const http = createHttpClient({ deadline: Date.now() + 10_000, random: () => 0 })
    const res = await http.request('GET', s.url)
    expect(res).toMatchObject({ status: 200, attempts: 2 })
  })
})

describe('createHttpClient: bodies', () => {
  it('refuses an announced 10 MB body at once', async () => {
    const s = await echo({ kind: 'huge' })
    const t0 = Date.now()
    const err = await failure(client().http.request('GET', s.url))
    expect(err).toMatchObject({ kind: 'too-large', attempts: 1 })
    expect(Date.now() - t0).toBeLessThan(2000)
  })

  it('stops reading an unannounced body past the bound', async () => {
    const s = await echo({ kind: 'huge', announce: false })
    const err = await failure(client({ maxBodyBytes: 100_000 }).http.request('GET', s.url))
    expect(err.kind).toBe('too-large')
    expect(err.message).toMatch(/larger than 100000 bytes/)
  })

  it('accepts a body exactly at the bound (per-request bound)', async () => {
    const s = await echo({ kind: 'huge', bytes: 5000 })
    const res = await client().http.request('GET', s.url, { maxBodyBytes: 5000 })
    expect(res.body).toHaveLength(5000)
  })
})

describe('createHttpClient: abort', () => {
  it('aborts a hanging attempt', async () => {
    const s = await echo({ kind: 'hang' })
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 150)
    const t0 = Date.now()
    const err = await failure(client({ timeoutMs: 5000 }).http.request('GET', s.url, { signal: ac.signal }))
    expect(err.kind).toBe('aborted')
    expect(Date.now() - t0).toBeLessThan(1000)
  })

  it('aborts a retry wait', async () => {
    const s = await echo({ kind: 'retry-after', retryAfter: '5', body: 'ok' })
    const http = createHttpClient({ deadline: Date.now() + 20_000 })
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 300)
    const t0 = Date.now()
    const err = await failure(http.request('GET', s.url, { signal: ac.signal }))
    expect(err).toMatchObject({ kind: 'aborted', attempts: 1 })
    expect(Date.now() - t0).toBeLessThan(1500)
  })

  it('does nothing with an already aborted signal', async () => {
    const s = await echo({ kind: 'text', body: 'x' })
    const err = await failure(client().http.request('GET', s.url, { signal: AbortSignal.abort() }))
    expect(err.kind).toBe('aborted')
    expect(s.requests).toBe(0)
  })
})

describe('createHttpClient: insecure URLs', () => {
  it.each([
    'http://example.com/x',
    'http://10.0.0.1/',
    'http://[2001:db8::1]/',
    'ftp://127.0.0.1/',
    'file:///etc/passwd'
  ])('refuses %s without connecting', async (url) => {
    const err = await failure(client().http.request('GET', url))
    expect(err.kind).toBe('insecure')
  })

  it('allows http to localhost names', async () => {
    const s = await echo({ kind: 'text', body: 'x' })
    expect((await client().http.request('GET', `http://localhost:${s.port}/`)).status).toBe(200)
  })
})

describe('createHttpClient: secrets stay out of messages', () => {
  const SECRET = 'S3CR3T-apikey-0123456789'
  const request = (
    http: ReturnType<typeof createHttpClient>,
    base: string,
    method: 'GET' | 'POST' = 'POST'
  ): Promise<unknown> =>
    http.request(method, `${base}v1/accounts/${SECRET}/settings?apikey=${SECRET}&x=1`, {
      headers: { Authorization: `Bearer ${SECRET}`, 'X-Api-Key': SECRET },
      body: `apikey=${SECRET}`
    })

  it.each<
    [string, EchoBehaviour | 'refused' | 'insecure' | 'bad-header' | 'deadline' | 'abort', Partial<HttpClientOptions>]
  >([
    ['timeout', { kind: 'hang' }, { timeoutMs: 200, retries: 0 }],
    ['hang after headers', { kind: 'hang-after-headers' }, { timeoutMs: 200, retries: 0 }],
    ['reset', { kind: 'reset' }, { retries: 0 }],
    ['too large', { kind: 'huge', announce: false }, { maxBodyBytes: 1000 }],
    ['refused', 'refused', { retries: 0 }],
    ['insecure', 'insecure', {}],
    ['invalid header', 'bad-header', {}],
    ['deadline', 'deadline', { deadline: Date.now() - 1 }],
    ['abort', 'abort', {}]
  ])('%s', async (_name, b, opts) => {
    let err: HttpError
    const { http } = client(opts)
    if (b === 'refused') {
      err = await failure(request(http, `http://127.0.0.1:${await freePort()}/`))
    } else if (b === 'insecure') {
      err = await failure(request(http, `http://${SECRET}.example.com/`))
      expect(err.message).not.toContain('/v1/')
      return
    } else if (b === 'bad-header') {
      const s = await echo({ kind: 'text', body: 'x' })
      err = await failure(http.request('GET', `${s.url}?k=${SECRET}`, { headers: { 'X-Bad': `${SECRET}\n` } }))
    } else if (b === 'abort') {
      const s = await echo({ kind: 'hang' })
      const ac = new AbortController()
      setTimeout(() => ac.abort(new Error(SECRET)), 50)
      err = await failure(http.request('GET', `${s.url}?k=${SECRET}`, { signal: ac.signal }))
    } else if (b === 'deadline') {
      err = await failure(request(http, 'http://127.0.0.1:9/'))
    } else {
      const s = await echo(b)
      err = await failure(request(http, s.url))
    }
    for (const text of [err.message, String(err), err.stack ?? '', JSON.stringify(err)]) {
      expect(text).not.toContain(SECRET)
      expect(text).not.toContain('apikey')
      expect(text).not.toContain('/v1/')
    }
  })
})

describe('retry helpers', () => {
  it('parseRetryAfter', () => {
    const now = Date.parse('2030-01-01T00:00:00Z')
    expect(parseRetryAfter('7', now)).toBe(7000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:10 GMT', now)).toBe(10_000)
    expect(parseRetryAfter('Mon, 31 Dec 2029 00:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('-3', now)).toBeUndefined()
    expect(parseRetryAfter('1.5', now)).toBeUndefined()
  })

  it('backoffMs doubles, caps and jitters within the upper half', () => {
    expect(backoffMs(1, () => 0)).toBe(125)
    expect(backoffMs(1, () => 1)).toBe(250)
    expect(backoffMs(3, () => 1)).toBe(1000)
    expect(backoffMs(20, () => 1)).toBe(4000)
  })
})

describe('createHttpClient: a body cut short', () => {
  /** Announces 100 bytes, sends 6, then hangs up; from request `goodFrom` on, answers whole. */
  const cutShort = (goodFrom = Infinity): EchoBehaviour => ({
    kind: 'custom',
    handle: (_req, res, count) => {
      if (count >= goodFrom) return void res.end('203.0.113.7')
      res.writeHead(200, { 'content-length': '100' })
      res.write('203.0.')
      setTimeout(() => res.socket?.destroy(), 20)
    }
  })

  it('is a network fault, retried like a reset', async () => {
    const s = await echo(cutShort(2))
    const { http, waits } = client()
    expect(await http.request('GET', s.url)).toMatchObject({ status: 200, body: '203.0.113.7', attempts: 2 })
    expect(waits).toHaveLength(1)
  })

  it('says so once retries are spent', async () => {
    const s = await echo(cutShort())
    const err = await failure(client({ retries: 1 }).http.request('GET', s.url))
    expect(err).toMatchObject({ kind: 'network', attempts: 2 })
    expect(err.message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+: connection closed before the body ended \([A-Z_]+\) \(attempt 2\)$/
    )
  })
})

describe('createHttpClient: the debug trail', () => {
  const SECRET = 'S3CR3T-0123456789'

  it('logs every attempt, its outcome and every wait, by origin only', async () => {
    const s = await echo({ kind: 'fail-then', failures: 2, status: 503, body: 'ok' })
    const lines: string[] = []
    const { http } = client({ log: (l) => lines.push(l) })
    await http.request('POST', `${s.url}v1/${SECRET}?apikey=${SECRET}`, {
      body: SECRET,
      headers: { authorization: SECRET }
    })
    const origin = s.url.replace(/\/$/, '')
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^POST ${origin}: attempt 1: HTTP 503 after \\d+ ms$`)),
      `POST ${origin}: waiting ${backoffMs(1, () => 0.5)} ms before attempt 2`,
      expect.stringMatching(/attempt 2: HTTP 503/),
      `POST ${origin}: waiting ${backoffMs(2, () => 0.5)} ms before attempt 3`,
      expect.stringMatching(/attempt 3: HTTP 200/)
    ])
    for (const l of lines) expect(l).not.toMatch(new RegExp(`${SECRET}|/v1|apikey`))
  })

  it('logs faults with their code, Retry-After waits, and a retry given up for lack of time', async () => {
    const reset = await echo({ kind: 'reset' })
    const lines: string[] = []
    await failure(client({ retries: 1, log: (l) => lines.push(l) }).http.request('GET', reset.url))
    expect(lines[0]).toMatch(/attempt 1: network \(ECONNRESET\) after \d+ ms$/)
    expect(lines.at(-1)).toMatch(/no retry left after 2 attempts$/)

    const slow = await echo({ kind: 'retry-after', retryAfter: '120', body: 'ok' })
    lines.length = 0
    await client({ deadline: Date.now() + 3000, log: (l) => lines.push(l) }).http.request('GET', slow.url)
    expect(lines[1]).toMatch(/no retry, a 120000 ms wait would pass the run's time limit$/)

    const later = await echo({ kind: 'retry-after', retryAfter: '1', body: 'ok' })
    lines.length = 0
    await client({ log: (l) => lines.push(l) }).http.request('GET', later.url)
    expect(lines[1]).toMatch(/waiting 1000 ms \(Retry-After\) before attempt 2$/)
  })
})

describe('createHttpClient: its own faults', () => {
  it('a bug in the request logic is an internal HttpError: not hidden, not a network fault, no details', async () => {
    const s = await echo({ kind: 'fail-then', failures: 1, body: 'ok' })
    const lines: string[] = []
    const bug = new TypeError(`cannot read ${s.url}v1/secret-path`)
    const http = createHttpClient({
      deadline: Date.now() + 10_000,
      sleep: async () => {
        throw bug
      },
      log: (l) => lines.push(l)
    })
    const err = await failure(http.request('GET', `${s.url}v1/secret-path`))
    expect(err.kind).toBe('internal')
    expect(err.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+: request failed \(internal error\)$/)
    expect(err.cause).toBe(bug)
    expect(JSON.stringify(err)).not.toContain('secret-path')
    expect(err.stack).not.toContain('secret-path')
    expect(lines.at(-1)).toMatch(/internal error \(TypeError at /)
    for (const l of lines) expect(l).not.toContain('secret-path')
  })

  it('a URL that does not parse is refused without repeating it', async () => {
    const err = await failure(client().http.request('GET', 'https://exa mple.com/secret-path'))
    expect(err).toMatchObject({ kind: 'network', attempts: 0, message: 'GET: not a valid URL' })
  })
})
