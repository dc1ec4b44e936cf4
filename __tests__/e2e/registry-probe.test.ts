/**
 * The registry's own answer, end to end: dist/index.js run as the runner runs it, with real registry names
 * (`us.icr.io`, `private.us.icr.io`, `de.icr.io`) that reach the TLS fake registry only through the test proxy
 * (HTTPS_PROXY), its TEST-ONLY CA trusted through NODE_EXTRA_CA_CERTS, and the IAM fake on loopback (which the
 * HTTP layer reaches directly). Each IBM answer of facts §8 gives its verdict, exit code and finding, in the
 * registry's own words; no key or token appears anywhere; every run ends within its time budget.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startFakeIbm, type FakeIbm } from '../fakes/fake-ibm.js'
import {
  REGISTRY_CA_PATH,
  startFakeRegistry,
  WORDS,
  type FakeRegistry,
  type HostBehaviour
} from '../fakes/fake-registry.js'
import { startProxy, type TestProxy } from '../fakes/proxy.js'
import { runAction, type RunResult } from '../harness/runner.js'

const ACCOUNT = 'c0ffee00c0ffee00c0ffee00c0ffee00'
const KEY = 'registry-e2e-key-Lk9Jh7Gf5Ds3Aq1Z'
const EGRESS = '203.0.113.77'
const NAMES = ['us.icr.io', 'private.us.icr.io', 'de.icr.io']
const STACK_FRAME = /\n\s+at .+:\d+:\d+/

let ibm: FakeIbm
let registry: FakeRegistry
let proxy: TestProxy

beforeAll(async () => {
  ibm = await startFakeIbm({
    keys: { [KEY]: { iamId: 'iam-ServiceId-0e2e-registry', accountId: ACCOUNT } },
    accounts: { [ACCOUNT]: `${EGRESS}/32, 10.240.0.0/16` }
  })
  registry = await startFakeRegistry({
    keys: [KEY],
    tls: true,
    iamAccount: (t) => (ibm.issuedTokens.includes(t) ? ACCOUNT : undefined)
  })
  proxy = await startProxy(Object.fromEntries(NAMES.map((n) => [n, registry.port])))
})
afterAll(async () => Promise.all([ibm.close(), registry.close(), proxy.close()]))

interface Report {
  result: string
  elapsedMs: number
  findings: Array<{ severity: string; code: string; title: string; message: string; location?: unknown }>
  registryProbes?: {
    mode: string
    skipped?: string
    logins: Array<Record<string, unknown>>
    privateOnly: Array<Record<string, unknown>>
  }
}

/** Runs the action with the hosts set to behave as given; checks what every run promises. */
async function run(
  hosts: Record<string, HostBehaviour>,
  inputs: Record<string, string> = {},
  env: Record<string, string | undefined> = {}
) {
  for (const name of NAMES) registry.setHost(name, hosts[name] ?? {})
  const timeout = Number(inputs['timeout-seconds'] ?? '5')
  const r = await runAction({
    inputs: {
      apikey: KEY,
      registry: 'us.icr.io/ns/app',
      'egress-ip': EGRESS,
      'probe-registry': 'auto',
      'timeout-seconds': String(timeout),
      'iam-endpoint': ibm.iamUrl,
      'user-management-endpoint': ibm.umUrl,
      'cbr-endpoint': ibm.cbrUrl,
      ...inputs
    },
    env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: REGISTRY_CA_PATH, RUNNER_ENVIRONMENT: 'self-hosted', ...env },
    timeoutMs: (timeout + 20) * 1000
  })
  expectClean(r)
  const report = r.outputs.report ? (JSON.parse(r.outputs.report) as Report) : undefined
  // The run's own clock: within timeout-seconds + 1 s (the process start around it is not the run's).
  if (report) expect(report.elapsedMs).toBeLessThanOrEqual(timeout * 1000 + 1000)
  return { r, report: report as Report }
}

/** No crash, nothing on stderr, and no secret anywhere the step wrote (debug trail included). */
function expectClean(r: RunResult): void {
  expect(r.code === 0 || r.code === 1).toBe(true)
  expect(r.stdout).not.toMatch(STACK_FRAME)
  expect(r.stderr.trim()).toBe('')
  const secrets = [KEY, encodeURIComponent(KEY), Buffer.from(`iamapikey:${KEY}`).toString('base64')]
  for (const t of [...ibm.issuedTokens, ...registry.issuedTokens]) secrets.push(t, t.split('.')[2] ?? t)
  for (const s of secrets) expect(r.everything).not.toContain(s)
}

const codes = (report: Report) => report.findings.map((f) => `${f.severity} ${f.code}`)
const finding = (report: Report, code: string) => report.findings.find((f) => f.code === code)
/** The annotation of a finding, by level and title. */
const annotated = (r: RunResult, level: string, title: string) =>
  r.annotations.find((a) => a.level === level && a.properties.title === title)

describe('the registry login through HTTPS_PROXY, runner-style', () => {
  it('grants every host (quoted and unquoted challenges), reads private-only, masks the tokens: pass', async () => {
    const before = registry.requests.length
    const from = proxy.seen.length
    const { r, report } = await run(
      {
        'us.icr.io': { challenge: 'quoted' },
        'de.icr.io': { challenge: 'unquoted' },
        'private.us.icr.io': { challenge: 'unquoted' }
      },
      { registry: 'us.icr.io/ns/app de.icr.io private.us.icr.io', 'private-ip': '10.240.0.5' }
    )
    expect([r.code, r.outputs.result, report.result]).toEqual([0, 'pass', 'pass'])
    expect(codes(report).filter((c) => c.includes('REGISTRY'))).toEqual([
      'notice REGISTRY_TOKEN_GRANTED',
      'notice REGISTRY_TOKEN_GRANTED',
      'notice REGISTRY_TOKEN_GRANTED'
    ])
    expect(finding(report, 'REGISTRY_TOKEN_GRANTED')!.message).toContain(
      '(scope repository:ns/app:pull,push; the token grants pull, push on ns/app)'
    )
    expect(report.registryProbes!.privateOnly.map((p) => [p.region, p.outcome])).toEqual([
      ['us-south', 'disabled'],
      ['eu-de', 'disabled']
    ])
    // Every host was reached through the proxy's tunnels; the key went to the realms only, the IAM token to /api/v1/auth only.
    expect(new Set(proxy.seen.slice(from).map((s) => s.host))).toEqual(new Set(NAMES))
    const seen = registry.requests.slice(before)
    const basic = `Basic ${Buffer.from(`iamapikey:${KEY}`).toString('base64')}`
    expect(seen.filter((q) => q.authorization === basic).every((q) => q.path === '/oauth/token')).toBe(true)
    expect(seen.filter((q) => q.path === '/oauth/token')).toHaveLength(3)
    expect(seen.filter((q) => q.path === '/api/v1/auth').map((q) => [q.host, q.account])).toEqual(
      expect.arrayContaining([
        ['us.icr.io', ACCOUNT],
        ['de.icr.io', ACCOUNT]
      ])
    )
    // The action masked each registry token the moment it had it.
    for (const t of registry.issuedTokens.slice(-3)) expect(r.stdout).toContain(`::add-mask::${t}`)
    expect(r.stdout).toMatch(
      /^::debug::registry de\.icr\.io: Bearer challenge, realm https:\/\/de\.icr\.io, service registry$/m
    )
  })

  it.each([
    ['private-only', { token: 'private-only' }, 'REGISTRY_PRIVATE_ONLY', WORDS.privateOnly],
    ['not valid credentials', { token: 'credentials' }, 'REGISTRY_CREDENTIALS_REFUSED', WORDS.credentials],
    ['not authorized', { token: 'not-authorized' }, 'REGISTRY_NOT_AUTHORIZED', WORDS.notAuthorized],
    ['pull traffic quota', { token: 'quota-traffic' }, 'REGISTRY_QUOTA', WORDS.quotaTraffic],
    ['image storage quota', { token: 'quota-storage' }, 'REGISTRY_QUOTA', WORDS.quotaStorage]
  ] as Array<[string, HostBehaviour, string, string]>)(
    '%s: fail, exit 1, the registry words shown',
    async (_, behaviour, code, words) => {
      const { r, report } = await run({ 'us.icr.io': behaviour })
      expect([r.code, r.outputs.result]).toEqual([1, 'fail'])
      const f = finding(report, code)!
      expect(f.severity).toBe('error')
      expect(f.message).toContain(words)
      expect(annotated(r, 'error', f.title)?.message).toContain(words)
      expect(r.summary).toContain(`\`${code}\``)
      expect(annotated(r, 'error', 'Allowlist preflight: fail')).toBeDefined()
    }
  )

  it('a reset at the token request after the retries: fail, with the IP list ruled out by IAM', async () => {
    const { r, report } = await run({ 'us.icr.io': { token: 'reset' } })
    expect([r.code, r.outputs.result]).toEqual([1, 'fail'])
    const f = finding(report, 'REGISTRY_CONNECTION_REFUSED')!
    expect(f.message).toMatch(/connection reset \(ECONNRESET\) \(attempt 3\)/)
    expect(f.message).toContain('(ruled out)')
    expect(annotated(r, 'error', 'us.icr.io refused the connection')?.message).toContain(
      'ibmcloud cbr rules --service-name container-registry'
    )
  })

  it('a registry that hangs: a warning, the verdict from IAM (pass), and the run ends by its time limit', async () => {
    const { r, report } = await run({ 'us.icr.io': { challenge: 'hang' } }, { 'timeout-seconds': '3' })
    expect([r.code, r.outputs.result]).toEqual([0, 'pass'])
    expect(codes(report)).toContain('warning REGISTRY_UNREACHABLE')
    // It really waited: the hang held the login until the run's deadline (less the report's reserve).
    expect(report.elapsedMs).toBeGreaterThanOrEqual(2000)
  })

  it('a token without push for a job whose use is not known: a warning; an error once fail-on is warning', async () => {
    const { r, report } = await run({ 'us.icr.io': { token: 'grant-pull-only' } })
    expect([r.code, r.outputs.result]).toEqual([0, 'pass'])
    expect(finding(report, 'REGISTRY_PUSH_NOT_GRANTED')).toMatchObject({
      severity: 'warning',
      title: 'us.icr.io grants no push on ns/app'
    })
    const strict = await run({ 'us.icr.io': { token: 'refuse-push' } }, { 'fail-on': 'warning' })
    expect(strict.r.code).toBe(1)
    expect(finding(strict.report, 'REGISTRY_PUSH_NOT_GRANTED')!.message).toMatch(
      /refused the scope with push and granted pull alone/
    )
  })

  it('a realm on a foreign host: a warning, and the key is never sent', async () => {
    const before = registry.requests.length
    const { r, report } = await run({ 'us.icr.io': { challenge: 'foreign-realm' } })
    expect(r.code).toBe(0)
    expect(finding(report, 'REGISTRY_UNEXPECTED_ANSWER')!.message).toMatch(
      /auth\.example\.com.*the key was not sent there/
    )
    expect(registry.requests.slice(before).some((q) => q.path === '/oauth/token')).toBe(false)
    expect(proxy.seen.some((s) => s.host === 'auth.example.com')).toBe(false)
  })

  it('an untrusted certificate (no CA given): connection refused as a TLS failure, with the CA fix', async () => {
    const { r, report } = await run({}, {}, { NODE_EXTRA_CA_CERTS: undefined })
    expect([r.code, r.outputs.result]).toEqual([1, 'fail'])
    const f = finding(report, 'REGISTRY_CONNECTION_REFUSED')!
    expect(f.message).toMatch(/TLS failure/)
    expect(annotated(r, 'error', f.title)?.message).toContain('NODE_EXTRA_CA_CERTS')
  })

  it('private-only on for the region (read with the IAM token) although the login passed: fail', async () => {
    const { r, report } = await run({ 'us.icr.io': { privateOnly: true } })
    expect([r.code, r.outputs.result]).toEqual([1, 'fail'])
    expect(finding(report, 'REGISTRY_PRIVATE_ONLY')!.message).toContain(
      "The region's private-only setting (GET /api/v1/auth) is on"
    )
  })

  it('private-only not readable (403, a Writer key): a notice "could not check", never a failure', async () => {
    const { r, report } = await run({ 'us.icr.io': { privateOnly: 403 } })
    expect([r.code, r.outputs.result]).toEqual([0, 'pass'])
    expect(codes(report)).toEqual(
      expect.arrayContaining(['notice REGISTRY_TOKEN_GRANTED', 'notice REGISTRY_CHECK_SKIPPED'])
    )
    expect(finding(report, 'REGISTRY_CHECK_SKIPPED')!.message).toMatch(
      /could not be checked: HTTP 403: reading it needs the Manager role/
    )
  })

  it("'probe-registry: false' never contacts a registry: a notice says so", async () => {
    const before = [registry.requests.length, proxy.seen.length]
    const { r, report } = await run({}, { 'probe-registry': 'false' })
    expect(r.code).toBe(0)
    expect([registry.requests.length, proxy.seen.length]).toEqual(before)
    expect(finding(report, 'REGISTRY_CHECK_SKIPPED')!.message).toBe(
      "The registry login was not tried: 'probe-registry' is false."
    )
  })

  it("'probe-registry: true' without a key: an input error naming the input and what is missing", async () => {
    const { r } = await run({}, { 'probe-registry': 'true', apikey: '' })
    expect(r.code).toBe(1)
    expect(r.outputs.result).toBeUndefined()
    const errors = r.annotations.filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toMatch(/^Input 'probe-registry' is "true" but 'apikey' is empty/)
  })
})
