import { describe, expect, it } from '@jest/globals'
import { parseAllowlist } from '../../../../src/engine/allowlist/grammar.js'
import { boundReport } from '../../../../src/engine/report/bound.js'
import type { Report } from '../../../../src/engine/report/schema.js'

function report(subjects: number, entries: number): Report {
  const addresses = Array.from({ length: subjects }, (_, i) => `198.18.${String(i >> 8)}.${String(i & 255)}`)
  const raw = Array.from({ length: entries }, (_, i) => `10.${String(i >> 8)}.${String(i & 255)}.0/24`).join(',')
  return {
    version: 1,
    result: 'fail',
    gatePassed: false,
    failOn: 'error',
    egressIps: addresses,
    missing: addresses.slice(1),
    subjects: addresses.map((address, i) => ({ address, role: i === 0 ? 'egress-primary' : 'egress-secondary' })),
    registries: [],
    egress: { addresses, primary: addresses[0], answers: [], fromInput: true },
    lists: [{ level: 'input', source: 'input', raw, parsed: parseAllowlist(raw) }],
    matches: addresses.map((subject, i) => ({
      subject,
      level: 'input',
      status: i % 2 ? 'allowed' : 'not-allowed',
      entry: i % 2 ? '10.0.0.0/24' : undefined
    })),
    findings: addresses.map((subject) => ({
      severity: 'warning',
      code: 'SECONDARY_NOT_ALLOWED',
      title: 't',
      message: `m ${subject}`,
      subject
    })),
    paths: { public: 'fail' },
    startedAt: '2026-12-01T00:00:00.000Z',
    elapsedMs: 1
  }
}

describe('boundReport', () => {
  it('leaves a small report as it is', () => {
    const r = report(3, 10)
    expect(boundReport(r)).toBe(r)
  })

  it('drops list contents first, keeping their sizes, then allowed matches, and says so', () => {
    const r = report(50, 5500)
    const out = boundReport(r, 20_000)
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThanOrEqual(20_000)
    expect(out.listSizes).toEqual([{ level: 'input', entries: 5500, errors: 0 }])
    expect(out.lists[0]?.raw).toMatch(/^\(\d+ characters, left out\)$/)
    expect(out.omitted?.listEntries).toBe(5500)
    expect(out.result).toBe('fail')
    expect(out.missing).toEqual(r.missing)
  })

  it('halves subjects, matches and findings (errors first) until it fits', () => {
    const r = report(20_000, 10)
    const out = boundReport(r, 300_000)
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThanOrEqual(300_000)
    expect(out.omitted?.subjects).toBeGreaterThan(0)
    expect((out.omitted?.findings ?? 0) + out.findings.length).toBe(20_000)
    expect(out.matches.every((m) => m.status === 'not-allowed')).toBe(true)
  })
})
