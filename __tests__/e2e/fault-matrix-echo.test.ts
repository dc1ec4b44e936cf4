/**
 * Fault matrix, egress discovery: the bundled action run as the runner runs it, with echo sources that fail
 * in every way the public ones do. Rows are in `echoRows`; each starts its own fakes and runs concurrently.
 * See helpers/fault-rows.ts for what every row asserts.
 */
import { describe, expect, test } from '@jest/globals'
import { answerText } from '../../src/engine/evidence/egress/discover.js'
import {
  checkRow,
  DEAD_ENDPOINTS,
  EGRESS,
  OTHER,
  markdownTable,
  type FaultRow,
  type Report,
  type RowContext
} from '../harness/fault-rows.js'
import type { EchoBehaviour } from '../fakes/fake-echo.js'

/** No key: the `allowlist` input decides, so the verdict rests on discovery alone. */
async function echoOnly(ctx: RowContext, behaviours: EchoBehaviour[], extra: Record<string, string> = {}) {
  const urls = await ctx.echo(...behaviours)
  return {
    inputs: {
      ...DEAD_ENDPOINTS,
      registry: 'us.icr.io',
      'ip-version': '4',
      allowlist: '203.0.113.0/24',
      'ip-echo-urls': urls.join('\n'),
      ...extra
    }
  }
}

/** The first source gave no address, and why (its reason, or why it was cancelled) matches `re`. */
const answerError = (re: RegExp) => (o: { report?: Report }) => {
  const answer = o.report?.egress.answers[0]
  expect(answer?.status).not.toBe('answered')
  expect(answer && answerText(answer)).toMatch(re)
}

const good: EchoBehaviour = { kind: 'text', body: `${EGRESS}\n` }

const echoRows: FaultRow[] = [
  {
    name: 'echo: the only source never answers (timeout)',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'hang' }]),
    expect: {
      result: 'unknown',
      code: 0,
      finding: 'EGRESS_NOT_FOUND',
      level: 'warning',
      check: answerError(/time limit|no complete response/)
    }
  },
  {
    name: 'echo: headers, then the body hangs',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'hang-after-headers' }]),
    expect: {
      result: 'unknown',
      code: 0,
      finding: 'EGRESS_NOT_FOUND',
      level: 'warning',
      check: answerError(/time limit|no complete response/)
    }
  },
  {
    name: 'echo: connection reset',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'reset' }]),
    expect: {
      result: 'unknown',
      code: 0,
      finding: 'EGRESS_NOT_FOUND',
      level: 'warning',
      check: answerError(/reset|closed|ECONNRESET|socket hang up/)
    }
  },
  {
    name: 'echo: 429 with Retry-After: 1 on every request',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'retry-after', retryAfter: '1', times: 99, body: EGRESS }]),
    expect: { result: 'unknown', code: 0, finding: 'EGRESS_NOT_FOUND', minMs: 1000, check: answerError(/^HTTP 429$/) }
  },
  {
    name: 'echo: 429 with Retry-After: 1, then the address',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'retry-after', retryAfter: '1', body: EGRESS }]),
    expect: {
      result: 'pass',
      code: 0,
      finding: 'none',
      minMs: 1000,
      check: (o) => expect(o.echos[0]!.requests).toBe(2)
    }
  },
  {
    name: 'echo: 500 on every request',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'fail-then', failures: 99, body: EGRESS }]),
    expect: { result: 'unknown', code: 0, finding: 'EGRESS_NOT_FOUND', check: answerError(/^HTTP 500$/) }
  },
  {
    name: 'echo: 500, then the address',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'fail-then', failures: 1, body: EGRESS }]),
    expect: { result: 'pass', code: 0, finding: 'none', check: (o) => expect(o.run.outputs['egress-ips']).toBe(EGRESS) }
  },
  {
    name: 'echo: an HTML challenge page',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'html' }]),
    expect: { result: 'unknown', code: 0, finding: 'EGRESS_NOT_FOUND', check: answerError(/HTML page/) }
  },
  {
    name: 'echo: an empty body',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'empty' }]),
    expect: { result: 'unknown', code: 0, finding: 'EGRESS_NOT_FOUND', check: answerError(/empty answer/) }
  },
  {
    name: 'echo: a private address (10.1.2.3)',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'text', body: '10.1.2.3' }]),
    expect: {
      result: 'unknown',
      code: 0,
      finding: 'EGRESS_ANSWER_DISCARDED',
      level: 'notice',
      check: answerError(/10\.1\.2\.3, a private address/)
    }
  },
  {
    name: 'echo: a loopback address (JSON {"ip": "127.0.0.1"})',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'json', ip: '127.0.0.1' }]),
    expect: {
      result: 'unknown',
      code: 0,
      finding: 'EGRESS_NOT_FOUND',
      check: answerError(/127\.0\.0\.1, a loopback address/)
    }
  },
  {
    name: 'echo: an IPv4 source answers IPv6, ip-version 4',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'trace', ip: '2001:db8::77' }]),
    expect: {
      result: 'unknown',
      code: 0,
      finding: 'EGRESS_NOT_FOUND',
      check: answerError(/2001:db8::77, an IPv6 address, but ip-version is 4/)
    }
  },
  {
    name: 'echo: an IPv4 source answers IPv6 beside a good one, ip-version 4',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'text', body: '2001:db8::77' }, good]),
    expect: {
      result: 'pass',
      code: 0,
      finding: 'EGRESS_ANSWER_DISCARDED',
      check: (o) => {
        expect(o.run.outputs['egress-ips']).toBe(EGRESS)
        expect(o.report?.egress.answers[1]).toMatchObject({ status: 'answered', ip: EGRESS })
      }
    }
  },
  {
    name: 'echo: sources disagree (2 × allowed, 1 × other)',
    setup: (ctx) =>
      echoOnly(ctx, [
        { kind: 'text', body: OTHER },
        { kind: 'json', ip: EGRESS, delayMs: 150 },
        { kind: 'trace', ip: EGRESS, delayMs: 300 }
      ]),
    expect: {
      result: 'pass',
      code: 0,
      finding: 'SECONDARY_NOT_ALLOWED',
      level: 'warning',
      check: (o) => {
        expect(o.run.outputs['egress-ips']).toBe(`${EGRESS},${OTHER}`)
        expect(o.report?.findings.map((f) => f.code)).toContain('EGRESS_DISAGREE')
        expect(o.run.outputs.missing).toBe('')
      }
    },
    judgment:
      'The majority address is primary; the disagreeing one is a secondary subject: a warning, never a failure (the contract: secondary addresses are not subjects of the result).'
  },
  {
    name: 'echo: a tie, one fast source against one slow one (1 × other, 1 × allowed)',
    setup: (ctx) =>
      echoOnly(ctx, [
        { kind: 'text', body: OTHER },
        { kind: 'json', ip: EGRESS, delayMs: 200 }
      ]),
    expect: {
      result: 'unknown',
      code: 0,
      finding: 'EGRESS_NOT_FOUND',
      level: 'warning',
      check: (o) => {
        expect(o.report?.egress.primary).toBeUndefined()
        expect(o.report?.findings.find((f) => f.code === 'EGRESS_NOT_FOUND')?.message).toMatch(/no majority/)
      }
    },
    judgment:
      'A tie is not consensus: the faster source must not decide. No primary address: the public check is unknown.'
  },
  {
    name: 'echo: sources disagree and the majority address is not allowed',
    setup: (ctx) =>
      echoOnly(ctx, [
        { kind: 'text', body: EGRESS },
        { kind: 'json', ip: OTHER, delayMs: 150 },
        { kind: 'trace', ip: OTHER, delayMs: 300 }
      ]),
    expect: {
      result: 'fail',
      code: 1,
      finding: 'ADDRESS_NOT_ALLOWED',
      level: 'error',
      check: (o) => {
        expect(o.run.outputs['egress-ips']).toBe(`${OTHER},${EGRESS}`)
        expect(o.run.outputs.missing).toBe(OTHER)
      }
    }
  },
  {
    name: 'echo: a 10 MB body',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'huge' }]),
    expect: { result: 'unknown', code: 0, finding: 'EGRESS_NOT_FOUND', check: answerError(/larger than 65536 bytes/) }
  },
  {
    name: 'echo: a 10 MB chunked body without Content-Length',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'huge', announce: false }]),
    expect: { result: 'unknown', code: 0, finding: 'EGRESS_NOT_FOUND', check: answerError(/larger than 65536 bytes/) }
  },
  {
    name: 'echo: a slow-drip body (one byte every 100 ms)',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'drip' }]),
    expect: {
      result: 'unknown',
      code: 0,
      finding: 'EGRESS_NOT_FOUND',
      check: answerError(/time limit|no complete response/)
    }
  },
  {
    name: 'echo: one good source, one hanging',
    setup: (ctx) => echoOnly(ctx, [good, { kind: 'hang' }]),
    expect: { result: 'pass', code: 0, finding: 'EGRESS_ANSWER_DISCARDED', level: 'notice' },
    judgment:
      "With a single answer, discovery waits for a second vote until the run's time limit, then decides on the one answer it has (pass, with a notice naming the silent source)."
  },
  {
    name: 'echo: every source fails, ip-version any',
    setup: (ctx) =>
      echoOnly(ctx, [{ kind: 'reset' }, { kind: 'html' }, { kind: 'text', body: 'fe80::1' }], { 'ip-version': 'any' }),
    expect: { result: 'unknown', code: 0, finding: 'EGRESS_NOT_FOUND', level: 'warning' }
  },
  {
    name: 'echo: every source fails, fail-on warning',
    setup: (ctx) => echoOnly(ctx, [{ kind: 'empty' }], { 'fail-on': 'warning' }),
    expect: { result: 'unknown', code: 1, finding: 'EGRESS_NOT_FOUND', level: 'warning' }
  },
  {
    name: 'echo: every source hangs, key granted',
    usesKey: true,
    setup: async (ctx) => {
      const ibm = await ctx.ibm()
      const urls = await ctx.echo({ kind: 'hang' }, { kind: 'hang-after-headers' })
      return {
        inputs: {
          ...ctx.endpoints(ibm),
          apikey: ctx.key,
          registry: 'us.icr.io',
          'ip-version': '4',
          'ip-echo-urls': urls.join('\n')
        }
      }
    },
    expect: {
      result: 'pass',
      code: 0,
      finding: 'EGRESS_NOT_FOUND',
      level: 'warning',
      check: (o) => {
        expect(o.ibm?.issuedTokens.length).toBe(1)
        // The lists are read while discovery still waits: hanging sources do not starve them.
        expect(o.report?.lists.map((l) => [l.level, l.error])).toEqual([
          ['account', undefined],
          ['user', undefined]
        ])
      }
    },
    judgment:
      "No egress address, but IAM granted a token: pass (IAM's own answer is the stronger evidence), with the EGRESS_NOT_FOUND warning."
  },
  {
    name: 'echo: every source hangs, key granted, private registry address not allowed',
    usesKey: true,
    setup: async (ctx) => {
      const ibm = await ctx.ibm()
      const urls = await ctx.echo({ kind: 'hang' })
      return {
        inputs: {
          ...ctx.endpoints(ibm),
          apikey: ctx.key,
          registry: 'us.icr.io, private.us.icr.io',
          'private-ip': '10.240.0.5',
          'ip-version': '4',
          'ip-echo-urls': urls.join('\n')
        }
      }
    },
    expect: {
      result: 'fail',
      code: 1,
      finding: 'ADDRESS_NOT_ALLOWED',
      level: 'error',
      check: (o) => {
        expect(o.run.outputs.missing).toBe('10.240.0.5')
        expect(o.report?.findings.find((f) => f.code === 'ADDRESS_NOT_ALLOWED')?.subject).toBe('10.240.0.5')
      }
    }
  },
  {
    name: 'echo: 10 MB body and a reset, key refused by address',
    usesKey: true,
    setup: async (ctx) => {
      const ibm = await ctx.ibm({ refusal: { allowed: [OTHER] } })
      const urls = await ctx.echo({ kind: 'huge' }, { kind: 'reset' })
      return {
        inputs: {
          ...ctx.endpoints(ibm),
          apikey: ctx.key,
          registry: 'us.icr.io',
          'ip-version': '4',
          'ip-echo-urls': urls.join('\n')
        }
      }
    },
    expect: {
      result: 'fail',
      code: 1,
      finding: 'TOKEN_REFUSED_ADDRESS',
      level: 'error',
      check: (o) => {
        // No egress address to name: the refusal still fails the run, with nothing listed as missing.
        expect(o.run.outputs['egress-ips']).toBe('')
        expect(o.run.outputs.missing).toBe('')
      }
    }
  }
]

describe('fault matrix: echo sources (dist/index.js, runner-style)', () => {
  test.concurrent.each(echoRows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    await checkRow(row)
  })
})

if (process.env.PRINT_MATRIX) {
  // The README's reliability table for these rows: PRINT_MATRIX=1 npx jest __tests__/fault-matrix-echo
  console.log(markdownTable([['echo sources', echoRows]]))
}
