import { afterEach, describe, expect, it } from '@jest/globals'
import { answerText, discoverEgress } from '../../../../../src/engine/evidence/egress/discover.js'
import { createHttpClient } from '../../../../../src/engine/evidence/http/client.js'
import type { HttpClient } from '../../../../../src/engine/evidence/http/http-client.js'
import { HttpError } from '../../../../../src/engine/evidence/http/http-error.js'
import { startEchos, type EchoBehaviour } from '../../../../fakes/fake-echo.js'

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()))
})

async function sources(...behaviours: EchoBehaviour[]) {
  const set = await startEchos(behaviours)
  closers.push(set.close)
  return set
}

const http = (ms = 10_000, timeoutMs = 5000) =>
  createHttpClient({ deadline: Date.now() + ms, timeoutMs, sleep: async () => undefined })
const text = (body: string, delayMs?: number): EchoBehaviour => ({ kind: 'text', body: `${body}\n`, delayMs })

describe('discoverEgress: consensus', () => {
  it('takes the address most sources agree on; the disagreeing one is secondary', async () => {
    const s = await sources(
      text('198.51.100.9'),
      text('203.0.113.7', 30),
      { kind: 'json', ip: '203.0.113.7', delayMs: 60 },
      { kind: 'trace', ip: '203.0.113.7', delayMs: 90 }
    )
    const r = await discoverEgress(http(), s.urls, '4')
    expect(r.primary).toBe('203.0.113.7')
    expect(r.addresses).toEqual(['203.0.113.7', '198.51.100.9'])
    expect(r.fromInput).toBe(false)
    expect(r.answers.map((a) => a.url)).toEqual(s.urls)
    expect(r.answers[0]).toMatchObject({ status: 'answered', ip: '198.51.100.9', family: 4 })
  })

  it('does not let the faster of two disagreeing sources decide: a tie has no primary', async () => {
    const s = await sources(text('203.0.113.2', 200), text('203.0.113.1', 20))
    const r = await discoverEgress(http(), s.urls, '4')
    expect(r.primary).toBeUndefined()
    expect(r.addresses).toEqual(['203.0.113.1', '203.0.113.2'])
  })

  it('asks on after a tie, and a third source settles it', async () => {
    const s = await sources(text('203.0.113.2', 20), text('203.0.113.1', 40), text('203.0.113.1', 150))
    const r = await discoverEgress(http(), s.urls, '4')
    expect(r.primary).toBe('203.0.113.1')
  })

  it('keeps a single uncontested answer (one source answered, the others failed)', async () => {
    const s = await sources(text('203.0.113.9', 20), { kind: 'html' })
    const r = await discoverEgress(http(), s.urls, '4')
    expect(r.primary).toBe('203.0.113.9')
  })

  it('records failures per source without failing the discovery', async () => {
    const s = await sources(
      text('203.0.113.3'),
      { kind: 'html' },
      { kind: 'fail-then', failures: 9, body: 'x' },
      text('10.0.0.8'),
      { kind: 'empty' }
    )
    const r = await discoverEgress(http(), s.urls, 'any', { retries: 0 })
    expect(r.primary).toBe('203.0.113.3')
    expect(r.addresses).toEqual(['203.0.113.3'])
    expect(r.answers[1]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/HTML/) })
    expect(r.answers[2]).toMatchObject({ status: 'rejected', reason: 'HTTP 500' })
    expect(r.answers[3]).toMatchObject({ status: 'rejected', reason: 'answered 10.0.0.8, a private address' })
    expect(r.answers[4]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/empty/) })
    for (const a of r.answers) expect(a.elapsedMs).toBeGreaterThanOrEqual(0)
  })

  it('finds nothing when no source answers usefully', async () => {
    const s = await sources({ kind: 'reset' }, text('127.0.0.1'))
    const r = await discoverEgress(http(), s.urls, 'any', { retries: 0 })
    expect(r).toMatchObject({ addresses: [], primary: undefined })
    expect(r.answers.map((a) => a.status)).toEqual(['rejected', 'rejected'])
    expect(r.answers[0]).toMatchObject({ reason: expect.stringMatching(/connection reset \(ECONNRESET\)$/) })
  })

  it('handles an empty list', async () => {
    expect(await discoverEgress(http(), [], 'any')).toEqual({
      addresses: [],
      primary: undefined,
      answers: [],
      fromInput: false
    })
  })
})

describe('discoverEgress: families', () => {
  const mixed = (): EchoBehaviour[] => [
    text('203.0.113.7'),
    text('2001:db8::7'),
    text('203.0.113.7', 20),
    text('2001:db8::7', 20)
  ]

  it('any: IPv4 winner is primary, IPv6 winner secondary', async () => {
    const s = await sources(...mixed())
    const r = await discoverEgress(http(), s.urls, 'any')
    expect(r.primary).toBe('203.0.113.7')
    expect(r.addresses).toEqual(['203.0.113.7', '2001:db8::7'])
    expect(r.answers.map((a) => a.status === 'answered' && a.family)).toEqual([4, 6, 4, 6])
  })

  it('ip-version 4 keeps only IPv4 answers', async () => {
    const s = await sources(...mixed())
    const r = await discoverEgress(http(), s.urls, '4')
    expect(r.addresses).toEqual(['203.0.113.7'])
    expect(r.answers[1]).toEqual({
      url: s.urls[1],
      elapsedMs: expect.any(Number),
      status: 'rejected',
      family: 6,
      reason: 'answered 2001:db8::7, an IPv6 address, but ip-version is 4'
    })
  })

  it('ip-version 6 keeps only IPv6 answers', async () => {
    const s = await sources(...mixed())
    const r = await discoverEgress(http(), s.urls, '6')
    expect(r.primary).toBe('2001:db8::7')
    expect(r.addresses).toEqual(['2001:db8::7'])
  })

  it('any with IPv6 answers only: IPv6 is primary', async () => {
    const s = await sources(text('2001:db8::1'), text('2001:db8::1'), { kind: 'reset' })
    const r = await discoverEgress(http(), s.urls, 'any', { retries: 0 })
    expect(r.primary).toBe('2001:db8::1')
  })

  it('a family of its own: an "IPv4" URL answering IPv6 counts as IPv6', async () => {
    const s = await sources(text('2001:db8::5'), text('203.0.113.5'))
    const r = await discoverEgress(http(), s.urls, 'any')
    expect(r.answers[0]).toMatchObject({ status: 'answered', family: 6 })
    expect(r.addresses).toEqual(['203.0.113.5', '2001:db8::5'])
  })
})

describe('discoverEgress: time', () => {
  it('stops as soon as two sources agree, aborting the rest', async () => {
    const s = await sources(text('203.0.113.7'), text('203.0.113.7', 50), { kind: 'hang' }, text('198.51.100.1', 3000))
    const t0 = Date.now()
    const r = await discoverEgress(http(), s.urls, '4')
    expect(Date.now() - t0).toBeLessThan(1000)
    expect(r.addresses).toEqual(['203.0.113.7'])
    expect(r.answers[2]).toMatchObject({ status: 'cancelled', why: 'agreed' })
    expect(r.answers[3]).toMatchObject({ status: 'cancelled', why: 'agreed' })
    expect(answerText(r.answers[2]!)).toBe('not needed: other sources already agreed')
    // The aborted requests' connections are closed, not left hanging.
    await new Promise((res) => setTimeout(res, 100))
    expect(s.servers[2]!.openConnections).toBe(0)
  })

  it('any: waits for the other family as long as the first took to agree, capped by graceMs', async () => {
    const s = await sources(text('203.0.113.7', 200), text('203.0.113.7', 200), { kind: 'hang' })
    const t0 = Date.now()
    const r = await discoverEgress(http(), s.urls, 'any', { graceMs: 300 })
    const took = Date.now() - t0
    // Agreement at ~200 ms, then min(300, ~200) ms of grace.
    expect(took).toBeGreaterThanOrEqual(380)
    expect(took).toBeLessThan(480 + 300)
    expect(r.primary).toBe('203.0.113.7')
    const capped = await sources(text('203.0.113.7', 400), text('203.0.113.7', 400), { kind: 'hang' })
    const t1 = Date.now()
    await discoverEgress(http(), capped.urls, 'any', { graceMs: 100 })
    expect(Date.now() - t1).toBeLessThan(400 + 100 + 250)
  })

  it('any: keeps an IPv6 answer that arrives within the grace', async () => {
    const s = await sources(text('203.0.113.7', 100), text('203.0.113.7', 100), text('2001:db8::9', 150), {
      kind: 'hang'
    })
    const r = await discoverEgress(http(), s.urls, 'any')
    expect(r.addresses).toEqual(['203.0.113.7', '2001:db8::9'])
  })

  it('any: stops at once when both families have agreement', async () => {
    const s = await sources(text('203.0.113.7'), text('203.0.113.7'), text('2001:db8::1'), text('2001:db8::1'), {
      kind: 'hang'
    })
    const t0 = Date.now()
    await discoverEgress(http(), s.urls, 'any', { graceMs: 5000 })
    expect(Date.now() - t0).toBeLessThan(1500)
  })

  it('hanging sources are bounded by the run deadline', async () => {
    const s = await sources({ kind: 'hang' }, { kind: 'hang-after-headers' }, { kind: 'drip', intervalMs: 200 })
    const t0 = Date.now()
    const r = await discoverEgress(http(700, 60_000), s.urls, 'any')
    const took = Date.now() - t0
    expect(took).toBeGreaterThanOrEqual(650)
    expect(took).toBeLessThan(2000)
    expect(r.addresses).toEqual([])
    expect(r.answers).toHaveLength(3)
    for (const a of r.answers)
      expect(a.status === 'rejected' || (a.status === 'cancelled' && a.why === 'deadline')).toBe(true)
  })

  it('a single answer is used when the others fail by the deadline', async () => {
    const s = await sources(text('203.0.113.7'), { kind: 'hang' })
    const r = await discoverEgress(http(600), s.urls, '4')
    expect(r.primary).toBe('203.0.113.7')
  })

  it('stops when the caller aborts, keeping what was answered', async () => {
    const s = await sources(text('203.0.113.7'), { kind: 'hang' })
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 200)
    const t0 = Date.now()
    const r = await discoverEgress(http(), s.urls, '4', { signal: ac.signal })
    expect(Date.now() - t0).toBeLessThan(1000)
    expect(r.primary).toBe('203.0.113.7')
    expect(r.answers[1]).toMatchObject({ status: 'cancelled', why: 'aborted' })
    expect(answerText(r.answers[1]!)).toBe('aborted')
  })
})

describe('discoverEgress: the debug trail', () => {
  it("logs each source's answer and the vote", async () => {
    const s = await sources(text('203.0.113.7'), text('203.0.113.7', 30), text('10.0.0.1'), { kind: 'hang' })
    const lines: string[] = []
    await discoverEgress(http(), s.urls, '4', { log: (l) => lines.push(l) })
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^echo ${s.urls[0]}: 203\\.0\\.113\\.7 \\(\\d+ ms\\)$`)),
        expect.stringMatching(
          new RegExp(`^echo ${s.urls[2]}: answered 10\\.0\\.0\\.1, a private address \\(\\d+ ms\\)$`)
        )
      ])
    )
    expect(lines.at(-1)).toMatch(
      /^echo vote: IPv4 203\.0\.113\.7 \(2 of 2 answers\); stopped after \d+ ms \(1 cancelled: agreed\)$/
    )
  })

  it('says when every source answered', async () => {
    const s = await sources(text('203.0.113.7'), text('2001:db8::7'))
    const lines: string[] = []
    await discoverEgress(http(), s.urls, 'any', { log: (l) => lines.push(l) })
    expect(lines.at(-1)).toMatch(/^echo vote: IPv4 203\.0\.113\.7 \(1 of 1 answers\), IPv6 2001:db8::7 \(1 of 1 /)
    expect(lines.at(-1)).toMatch(/\(every source answered\)$/)
  })
})

describe('discoverEgress: faults of its own', () => {
  const stub = (request: HttpClient['request']): HttpClient => ({ request, remainingMs: () => 5000 })

  it('an internal HttpError is the rejection of that source, like any other HttpError', async () => {
    const r = await discoverEgress(
      stub(() => Promise.reject(new HttpError('internal', 'GET https://a.example: request failed (internal error)'))),
      ['https://a.example'],
      'any'
    )
    expect(r.answers).toEqual([
      {
        url: 'https://a.example',
        elapsedMs: expect.any(Number),
        status: 'rejected',
        reason: 'GET https://a.example: request failed (internal error)'
      }
    ])
  })

  it('a bug is not turned into an answer: discovery rejects with it', async () => {
    const bug = new TypeError('a bug')
    await expect(
      discoverEgress(
        stub(() => Promise.reject(bug)),
        ['https://a.example', 'https://b.example'],
        'any'
      )
    ).rejects.toBe(bug)
  })
})
