import { afterEach, describe, expect, it } from '@jest/globals'
import { DEFAULT_ECHO_URLS, discoverEgress } from '../../../../../src/engine/evidence/egress/discover.js'
import { createHttpClient } from '../../../../../src/engine/evidence/http/client.js'
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

const http = (ms = 10_000, timeoutMs = 5000) => createHttpClient({ deadline: Date.now() + ms, timeoutMs, sleep: async () => undefined })
const text = (body: string, delayMs?: number): EchoBehaviour => ({ kind: 'text', body: `${body}\n`, delayMs })

describe('discoverEgress: consensus', () => {
  it('takes the address most sources agree on; the disagreeing one is secondary', async () => {
    const s = await sources(text('198.51.100.9'), text('203.0.113.7', 30), { kind: 'json', ip: '203.0.113.7', delayMs: 60 }, { kind: 'trace', ip: '203.0.113.7', delayMs: 90 })
    const r = await discoverEgress(http(), s.urls, '4')
    expect(r.primary).toBe('203.0.113.7')
    expect(r.addresses).toEqual(['203.0.113.7', '198.51.100.9'])
    expect(r.fromInput).toBe(false)
    expect(r.answers.map((a) => a.url)).toEqual(s.urls)
    expect(r.answers[0]).toMatchObject({ ip: '198.51.100.9', family: 4 })
  })

  it('breaks ties by the earliest answer', async () => {
    const s = await sources(text('203.0.113.2', 200), text('203.0.113.1', 20))
    const r = await discoverEgress(http(), s.urls, '4')
    expect(r.primary).toBe('203.0.113.1')
    expect(r.addresses).toEqual(['203.0.113.1', '203.0.113.2'])
  })

  it('records failures per source without failing the discovery', async () => {
    const s = await sources(text('203.0.113.3'), { kind: 'html' }, { kind: 'fail-then', failures: 9, body: 'x' }, text('10.0.0.8'), { kind: 'empty' })
    const r = await discoverEgress(http(), s.urls, 'any', { retries: 0 })
    expect(r.primary).toBe('203.0.113.3')
    expect(r.addresses).toEqual(['203.0.113.3'])
    expect(r.answers[1].error).toMatch(/HTML/)
    expect(r.answers[2].error).toBe('HTTP 500')
    expect(r.answers[3].error).toBe('answered 10.0.0.8, a private address')
    expect(r.answers[4].error).toMatch(/empty/)
    for (const a of r.answers) expect(a.elapsedMs).toBeGreaterThanOrEqual(0)
  })

  it('finds nothing when no source answers usefully', async () => {
    const s = await sources({ kind: 'reset' }, text('127.0.0.1'))
    const r = await discoverEgress(http(), s.urls, 'any', { retries: 0 })
    expect(r).toMatchObject({ addresses: [], primary: undefined })
    expect(r.answers.every((a) => a.error)).toBe(true)
  })

  it('handles an empty list', async () => {
    expect(await discoverEgress(http(), [], 'any')).toEqual({ addresses: [], primary: undefined, answers: [], fromInput: false })
  })
})

describe('discoverEgress: families', () => {
  const mixed = (): EchoBehaviour[] => [text('203.0.113.7'), text('2001:db8::7'), text('203.0.113.7', 20), text('2001:db8::7', 20)]

  it('any: IPv4 winner is primary, IPv6 winner secondary', async () => {
    const s = await sources(...mixed())
    const r = await discoverEgress(http(), s.urls, 'any')
    expect(r.primary).toBe('203.0.113.7')
    expect(r.addresses).toEqual(['203.0.113.7', '2001:db8::7'])
    expect(r.answers.map((a) => a.family)).toEqual([4, 6, 4, 6])
  })

  it('ip-version 4 keeps only IPv4 answers', async () => {
    const s = await sources(...mixed())
    const r = await discoverEgress(http(), s.urls, '4')
    expect(r.addresses).toEqual(['203.0.113.7'])
    expect(r.answers[1]).toMatchObject({ family: 6, error: 'answered 2001:db8::7, an IPv6 address, but ip-version is 4' })
    expect(r.answers[1].ip).toBeUndefined()
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
    expect(r.answers[0].family).toBe(6)
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
    expect(r.answers[2].error).toMatch(/not needed/)
    expect(r.answers[3].error).toMatch(/not needed/)
    // The aborted requests' connections are closed, not left hanging.
    await new Promise((res) => setTimeout(res, 100))
    expect(s.servers[2].openConnections).toBe(0)
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
    const s = await sources(text('203.0.113.7', 100), text('203.0.113.7', 100), text('2001:db8::9', 150), { kind: 'hang' })
    const r = await discoverEgress(http(), s.urls, 'any')
    expect(r.addresses).toEqual(['203.0.113.7', '2001:db8::9'])
  })

  it('any: stops at once when both families have agreement', async () => {
    const s = await sources(text('203.0.113.7'), text('203.0.113.7'), text('2001:db8::1'), text('2001:db8::1'), { kind: 'hang' })
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
    for (const a of r.answers) expect(a.error).toBeTruthy()
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
    expect(r.answers[1].error).toBe('aborted')
  })
})

describe('DEFAULT_ECHO_URLS', () => {
  it('is https only and covers both families', () => {
    expect(DEFAULT_ECHO_URLS).toHaveLength(8)
    for (const u of DEFAULT_ECHO_URLS) expect(u.startsWith('https://')).toBe(true)
    expect(DEFAULT_ECHO_URLS.some((u) => /6/.test(new URL(u).hostname))).toBe(true)
  })
})
