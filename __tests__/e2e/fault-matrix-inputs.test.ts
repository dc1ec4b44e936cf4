/**
 * Fault matrix, inputs and environment: every input with a malformed value, conflicting inputs, unknown
 * registry hosts, plain-http endpoints to non-loopback hosts, a runner without GITHUB_STEP_SUMMARY or
 * RUNNER_ENVIRONMENT. The bundled action run as the runner runs it; see helpers/fault-rows.ts for what every
 * row asserts. An invalid input always fails the step (exit 1) with one error naming the input and the form.
 */
import { fixText } from '../harness/fix-text.js'
import { describe, expect, test } from '@jest/globals'
import {
  assertRow,
  checkRow,
  DEAD_ENDPOINTS,
  EGRESS,
  OTHER,
  USER,
  ACCOUNT,
  markdownTable,
  type FaultRow,
  type RowOutcome
} from '../harness/fault-rows.js'
import type { FakeIbm } from '../fakes/fake-ibm.js'

/** An input-error row: `inputs` on top of a valid no-network run; the error must name `input`. */
function bad(name: string, input: string, inputs: Record<string, string>, extra: Partial<FaultRow> = {}): FaultRow {
  return {
    name,
    setup: (ctx) => ({
      inputs: {
        ...DEAD_ENDPOINTS,
        'egress-ip': EGRESS,
        allowlist: EGRESS,
        ...(extra.usesKey ? { apikey: ctx.key } : {}),
        ...inputs
      }
    }),
    expect: { result: 'input-error', code: 1, finding: `input:${input}` },
    ...extra
  }
}

/** The text shown to the user (annotations and log), for rows that check a message. */
const shown = (o: { run: { stdout: string } }) => o.run.stdout

const inputRows: FaultRow[] = [
  // Each input with a malformed value.
  {
    name: 'apikey: spaces and a newline inside (IAM does not know it)',
    usesKey: true,
    setup: async (ctx) => {
      const ibm = await ctx.ibm()
      return {
        inputs: {
          ...ctx.endpoints(ibm),
          apikey: `${ctx.key} with\nnewline`,
          'egress-ip': EGRESS,
          registry: 'us.icr.io'
        }
      }
    },
    expect: {
      result: 'fail',
      code: 1,
      finding: 'TOKEN_INVALID_KEY',
      level: 'error',
      check: (o) => {
        // The malformed key as given (and its tail, which is not the row's key) appears nowhere either.
        expect(o.run.everything).not.toContain('with\nnewline')
        expect(o.run.everything).not.toContain(encodeURIComponent(`${o.key} with\nnewline`))
      }
    },
    judgment:
      'The API key has no documented form: any value is sent to IAM, which decides (unknown key: TOKEN_INVALID_KEY).'
  },
  bad('account-id: not an account id', 'account-id', { 'account-id': '../other-account?x=1' }, { usesKey: true }),
  {
    name: 'allowlist: malformed entries beside a good one',
    setup: () => ({
      inputs: {
        ...DEAD_ENDPOINTS,
        'egress-ip': EGRESS,
        registry: 'us.icr.io',
        allowlist: `10.0.0.0/33, 1.2.3\n17.5.7.8.0/16\n${EGRESS}`
      }
    }),
    expect: {
      result: 'pass',
      code: 0,
      finding: 'ENTRY_MALFORMED',
      level: 'warning',
      check: (o) => expect(o.report?.findings.filter((f) => f.code === 'ENTRY_MALFORMED')).toHaveLength(3)
    }
  },
  {
    name: 'allowlist: nothing but malformed entries',
    setup: () => ({
      inputs: { ...DEAD_ENDPOINTS, 'egress-ip': EGRESS, registry: 'us.icr.io', allowlist: '10.0.0.0/33, 300.1.1.1' }
    }),
    expect: {
      result: 'fail',
      code: 1,
      finding: 'ADDRESS_NOT_ALLOWED',
      level: 'error',
      check: (o) => expect(o.run.outputs.missing).toBe(EGRESS)
    },
    judgment:
      'A list holding only malformed entries is not an empty (unrestricted) list: it allows nothing, so the runner fails against it (plus ENTRY_MALFORMED warnings).'
  },
  bad('registry: not an IBM registry (docker.io)', 'registry', { registry: 'docker.io/library/nginx:1' }),
  bad('registry: one unknown host among good ones', 'registry', { registry: 'us.icr.io, quay.io/org/app, de.icr.io' }),
  bad('registry: a look-alike domain (us.icr.io.evil.example)', 'registry', {
    registry: 'us.icr.io.evil.example/ns/app'
  }),
  {
    name: 'registry: a deprecated bluemix.net domain',
    setup: () => ({
      inputs: { ...DEAD_ENDPOINTS, 'egress-ip': EGRESS, registry: 'registry.ng.bluemix.net/ns/app', allowlist: EGRESS }
    }),
    expect: { result: 'pass', code: 0, finding: 'DEPRECATED_REGISTRY_DOMAIN', level: 'warning' }
  },
  bad('egress-ip: 203.0.113.300', 'egress-ip', { 'egress-ip': '203.0.113.300' }),
  bad('private-ip: a host name', 'private-ip', { 'private-ip': 'runner.internal', registry: 'private.us.icr.io' }),
  bad('ip-echo-urls: not a URL', 'ip-echo-urls', { 'egress-ip': '', 'ip-echo-urls': 'api.ipify.org' }),
  bad('ip-echo-urls: plain http to a non-loopback host', 'ip-echo-urls', {
    'egress-ip': '',
    'ip-echo-urls': 'https://api.ipify.org\nhttp://ipv4.icanhazip.com'
  }),
  bad('ip-version: 5', 'ip-version', { 'ip-version': '5' }),
  bad('fail-on: sometimes', 'fail-on', { 'fail-on': 'sometimes' }),
  bad('timeout-seconds: 0', 'timeout-seconds', { 'timeout-seconds': '0' }),
  bad('timeout-seconds: 2.5', 'timeout-seconds', { 'timeout-seconds': '2.5' }),
  bad('timeout-seconds: 601', 'timeout-seconds', { 'timeout-seconds': '601' }),
  bad(
    'iam-endpoint: plain http to a non-loopback host, with a key',
    'iam-endpoint',
    { 'iam-endpoint': 'http://iam.cloud.ibm.com' },
    { usesKey: true }
  ),
  bad(
    'iam-endpoint: plain http to localhost. (a name HTTP_PROXY would receive), with a key',
    'iam-endpoint',
    { 'iam-endpoint': 'http://localhost.:9' },
    { usesKey: true }
  ),
  bad('user-management-endpoint: ftp://', 'user-management-endpoint', {
    'user-management-endpoint': 'ftp://user-management.cloud.ibm.com'
  }),
  bad(
    'cbr-endpoint: credentials in the URL',
    'cbr-endpoint',
    { 'cbr-endpoint': 'https://admin:hunter2-secret@cbr.cloud.ibm.com' },
    {
      expect: {
        result: 'input-error',
        code: 1,
        finding: 'input:cbr-endpoint',
        check: (o) => expect(o.run.everything).not.toContain('hunter2-secret')
      }
    }
  ),
  bad('cbr-endpoint: not a URL', 'cbr-endpoint', { 'cbr-endpoint': 'cbr dot cloud' }),
  bad('comment-on-pr: maybe', 'comment-on-pr', { 'comment-on-pr': 'maybe' }),

  // Conflicting inputs.
  bad('conflict: account-id without apikey', 'account-id', { 'account-id': ACCOUNT }),
  bad('conflict: an IPv6 egress-ip with ip-version 4', 'egress-ip', { 'egress-ip': '2001:db8::77', 'ip-version': '4' }),
  bad('conflict: no echo source and no egress-ip', 'ip-echo-urls', { 'egress-ip': '', 'ip-echo-urls': ',' }),
  {
    name: 'conflict: fail-on never with a refused address',
    setup: () => ({
      inputs: { ...DEAD_ENDPOINTS, 'egress-ip': EGRESS, registry: 'us.icr.io', allowlist: OTHER, 'fail-on': 'never' }
    }),
    expect: { result: 'fail', code: 0, finding: 'ADDRESS_NOT_ALLOWED', level: 'error' }
  },
  {
    name: 'no apikey and no allowlist',
    setup: () => ({ inputs: { ...DEAD_ENDPOINTS, 'egress-ip': EGRESS, registry: 'us.icr.io', allowlist: '' } }),
    expect: { result: 'unknown', code: 0, finding: 'NO_EVIDENCE', level: 'warning' }
  },

  // The runner's environment.
  {
    name: 'env: no GITHUB_STEP_SUMMARY (failing run)',
    setup: () => ({
      inputs: { ...DEAD_ENDPOINTS, 'egress-ip': EGRESS, registry: 'us.icr.io', allowlist: OTHER },
      noSummary: true
    }),
    expect: {
      result: 'fail',
      code: 1,
      finding: 'ADDRESS_NOT_ALLOWED',
      level: 'error',
      check: (o) => {
        expect(o.run.summary).toBe('')
        expect(shown(o)).toMatch(/Job summary not written/)
      }
    }
  },
  {
    name: 'env: no RUNNER_ENVIRONMENT (key refused)',
    usesKey: true,
    setup: async (ctx) => {
      const ibm = await ctx.ibm({ refusal: { allowed: [OTHER] } })
      return {
        inputs: { ...ctx.endpoints(ibm), apikey: ctx.key, 'egress-ip': EGRESS, registry: 'us.icr.io' },
        env: { RUNNER_ENVIRONMENT: undefined }
      }
    },
    expect: {
      result: 'fail',
      code: 1,
      finding: 'TOKEN_REFUSED_ADDRESS',
      level: 'error',
      check: (o) => {
        const fix = fixText(o.report?.findings.find((f) => f.code === 'TOKEN_REFUSED_ADDRESS'))
        expect(fix).not.toMatch(/GitHub-hosted/)
        // The account list was not read (no token): the fix names the address, without a ready command line.
        expect(fix).toContain(`Add ${EGRESS}`)
      }
    }
  },
  {
    name: 'env: neither GITHUB_STEP_SUMMARY nor RUNNER_ENVIRONMENT (key granted)',
    usesKey: true,
    setup: async (ctx) => {
      const ibm = await ctx.ibm({ users: [{ accountId: ACCOUNT, iamId: USER, list: '' }] })
      return {
        inputs: { ...ctx.endpoints(ibm), apikey: ctx.key, 'egress-ip': EGRESS, registry: 'us.icr.io' },
        env: { RUNNER_ENVIRONMENT: undefined },
        noSummary: true
      }
    },
    expect: {
      result: 'pass',
      code: 0,
      finding: 'none',
      check: (o) => expect(o.report?.lists.map((l) => l.level)).toEqual(['account', 'user'])
    }
  },
  {
    name: 'timeout-seconds: 1, echo source and IAM both hang',
    usesKey: true,
    timeout: 1,
    setup: async (ctx) => {
      const ibm = await ctx.ibm()
      ibm.failAlways('token', 'hang')
      const urls = await ctx.echo({ kind: 'hang' })
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
      result: 'unknown',
      code: 0,
      finding: 'TOKEN_UNREACHABLE',
      level: 'warning',
      check: (o) => expect(o.report?.findings.map((f) => f.code)).toContain('EGRESS_NOT_FOUND')
    }
  }
]

describe('fault matrix: inputs and environment (dist/index.js, runner-style)', () => {
  test.concurrent.each(inputRows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    await checkRow(row)
  })
})

describe('the matrix harness itself', () => {
  // A clean passing run, then the same run with one thing wrong: the checks must catch each.
  const key = 'fm-key-harness-0123456789'
  const token = 'eyJhbGciOiJSUzI1NiJ9.eyJpYW1faWQiOiJ4In0.c2lnbmF0dXJlLXNlZ21lbnQtMDEyMzQ1'
  const row: FaultRow = {
    name: 'harness',
    usesKey: true,
    setup: () => ({ inputs: {} }),
    expect: { result: 'pass', code: 0, finding: 'none' }
  }
  function outcome(
    change: (text: string) => string = (t) => t,
    extra: Partial<RowOutcome['run']> = {},
    reportElapsedMs = 5
  ): RowOutcome {
    const report = JSON.stringify({
      result: 'pass',
      gatePassed: true,
      egressIps: [],
      missing: [],
      egress: { answers: [] },
      lists: [],
      matches: [],
      findings: [],
      elapsedMs: reportElapsedMs
    })
    const stdout = change('::notice title=Allowlist preflight%3A pass::pass')
    return {
      key,
      report: JSON.parse(report) as RowOutcome['report'],
      echos: [],
      ibm: { issuedTokens: [token] } as unknown as FakeIbm,
      run: {
        code: 0,
        stdout,
        stderr: '',
        outputs: { result: 'pass', report },
        summary: '',
        everything: `${stdout}\n${report}`,
        elapsedMs: 100,
        annotations: [{ level: 'notice', message: 'pass', properties: { title: 'Allowlist preflight: pass' } }],
        ...extra
      }
    }
  }

  test('accepts a clean run', () => {
    expect(() => assertRow(row, outcome())).not.toThrow()
  })

  test.each([
    ['the key', (t: string) => `${t}\n${key}`],
    ['the URL-encoded key', (t: string) => `${t}\napikey=${encodeURIComponent(key)}`],
    ['a token', (t: string) => `${t}\nBearer ${token}`],
    ["a token's signature alone", (t: string) => `${t}\n${token.split('.')[2]}`],
    ['a stack trace', (t: string) => `${t}\nError: boom\n    at run (file:///dist/index.js:1:2)`]
  ])('catches %s', (_what, change) => {
    expect(() => assertRow(row, outcome(change))).toThrow()
  })

  test.each([
    ['an exit code other than 0/1', { code: 2 }],
    ['a process that lives past timeout-seconds + 1 s and the room to start and exit', { elapsedMs: 6501 }],
    ['output on stderr', { stderr: '(node:1) Warning: something' }]
  ])('catches %s', (_what, extra) => {
    expect(() => assertRow(row, outcome(undefined, extra))).toThrow()
  })

  test('catches a run whose own clock passed timeout-seconds + 1 s', () => {
    expect(() => assertRow(row, outcome(undefined, {}, 4001))).toThrow()
  })
})

if (process.env.PRINT_MATRIX) {
  // The README's reliability table for these rows: PRINT_MATRIX=1 npx jest __tests__/fault-matrix-inputs
  console.log(markdownTable([['inputs, environment', inputRows]]))
}
