import { describe, expect, it } from '@jest/globals'
import { Report } from '../../../src/engine/report/schema.js'
import { listDetail } from '../../../src/render/format.js'
import { renderMarkdown } from '../../../src/render/markdown.js'
import { renderText } from '../../../src/render/text.js'

function report(over: Partial<Report> = {}): Report {
  return {
    version: 1,
    result: 'fail',
    gatePassed: false,
    failOn: 'error',
    egressIps: ['203.0.113.77'],
    missing: ['203.0.113.77'],
    subjects: [{ address: '203.0.113.77', role: 'egress-primary' }],
    registries: [],
    egress: { addresses: ['203.0.113.77'], primary: '203.0.113.77', answers: [], fromInput: true },
    lists: [
      {
        level: 'account',
        source: 'https://iam.example/v1',
        raw: 'x|y',
        parsed: { monitor: true, empty: false, entries: [], errors: [{ raw: 'x|y', reason: 'bad' }] }
      }
    ],
    matches: [{ subject: '203.0.113.77', level: 'account', status: 'not-allowed', monitor: true }],
    findings: [
      { severity: 'notice', code: 'LIST_MONITOR', title: 'N', message: 'n' },
      {
        severity: 'error',
        code: 'ADDRESS_NOT_ALLOWED',
        title: 'E',
        message: 'e | pipe',
        fix: { steps: ['line one'], command: 'line two' }
      }
    ],
    startedAt: '2026-11-30T00:00:00.000Z',
    elapsedMs: 5,
    paths: { public: 'fail' },
    ...over
  }
}

describe('renderers', () => {
  it('renders the summary most severe first, escaping table cells', () => {
    const md = renderMarkdown(report())
    expect(md.indexOf('**E**')).toBeLessThan(md.indexOf('**N**'))
    expect(md).toContain('⚠️ not allowed (monitor mode)')
    expect(md).toContain('  line one\n  line two')
    expect(md).toContain('- Account list (https://iam.example/v1): 0 entries, 1 malformed, monitor mode')
    // A pipe or a line break inside a cell would end the cell or the row: both are escaped.
    const echoed = renderMarkdown(
      report({
        egress: {
          addresses: [],
          answers: [{ url: 'https://echo.example', status: 'rejected', reason: 'a|b\nc', elapsedMs: 3 }],
          fromInput: false
        }
      })
    )
    expect(echoed).toContain('| https://echo.example | a\\|b c | 3 ms |')
  })

  it('shows each echo source by what became of it: its address, why it was not used, or why it was not waited for', () => {
    const answers: Report['egress']['answers'] = [
      { url: 'https://a.example', status: 'answered', ip: '203.0.113.77', family: 4, elapsedMs: 10 },
      { url: 'https://b.example', status: 'rejected', reason: 'HTTP 503', elapsedMs: 11 },
      { url: 'https://c.example', status: 'cancelled', why: 'agreed', elapsedMs: 12 },
      { url: 'https://d.example', status: 'cancelled', why: 'deadline', elapsedMs: 13 }
    ]
    const r = report({ egress: { addresses: ['203.0.113.77'], primary: '203.0.113.77', answers, fromInput: false } })
    const md = renderMarkdown(r)
    expect(md).toContain('| https://a.example | `203.0.113.77` | 10 ms |')
    expect(md).toContain('| https://b.example | HTTP 503 | 11 ms |')
    expect(md).toContain('| https://c.example | not needed: other sources already agreed | 12 ms |')
    expect(md).toContain("| https://d.example | no answer before the run's time limit | 13 ms |")
    const text = renderText(r)
    expect(text).toContain('echo https://a.example: 203.0.113.77 (10 ms)')
    expect(text).toContain('echo https://b.example: HTTP 503 (11 ms)')
    expect(text).toContain('echo https://c.example: not needed: other sources already agreed (12 ms)')
    expect(text).toContain("echo https://d.example: no answer before the run's time limit (13 ms)")
  })

  it("prints IAM's error code, and a fault of the transport apart from it", () => {
    const refused = report({
      probe: { outcome: 'refused-address', httpStatus: 403, errorCode: 'BXNIM9901E', errorMessage: 'IP refused' }
    })
    expect(renderText(refused)).toContain('IAM token probe: refused-address (HTTP 403) BXNIM9901E')
    expect(renderMarkdown(refused)).toContain('IAM token probe: **refused-address** (HTTP 403: BXNIM9901E IP refused).')
    const timedOut = report({
      probe: {
        outcome: 'unreachable',
        transportError: 'timeout',
        errorMessage: 'POST https://iam.example: no complete response'
      }
    })
    expect(renderText(timedOut)).toContain('IAM token probe: unreachable (no answer: timeout)\n')
    expect(renderMarkdown(timedOut)).toContain(
      'IAM token probe: **unreachable** (no HTTP answer: POST https://iam.example: no complete response).'
    )
  })

  it("keeps the summary under GitHub's 1 MiB cap and says it was cut", () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({
      severity: 'warning' as const,
      code: 'ENTRY_MALFORMED' as const,
      title: `W${i}`,
      message: 'x'.repeat(300)
    }))
    const md = renderMarkdown(report({ findings: many }))
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024)
    expect(md).toContain('cut to stay under GitHub')
  })

  it('describes lists in words', () => {
    expect(listDetail({ level: 'user', source: 's', error: 'HTTP 403' })).toBe('not read: HTTP 403')
    expect(
      listDetail({
        level: 'user',
        source: 's',
        raw: '',
        parsed: { monitor: false, empty: true, entries: [], errors: [] }
      })
    ).toBe('0 entries, empty (unrestricted)')
  })

  it('renders text for the CLI with the fix under each finding', () => {
    const text = renderText(report())
    expect(text).toMatch(/^icr-allowlist-preflight: Result: fail — the exit code is 1 because --fail-on is error/)
    expect(text).toContain('203.0.113.77  egress-primary  NOT ALLOWED (monitor)')
    expect(text).toContain('ERROR   ADDRESS_NOT_ALLOWED: E')
    expect(text).toContain('fix: line one')
    expect(text.indexOf('ERROR')).toBeLessThan(text.indexOf('NOTICE'))
  })
})
