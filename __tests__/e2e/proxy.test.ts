/**
 * The whole preflight through a forward proxy: dist/index.js run as the runner runs it, with HTTPS_PROXY set
 * to a loopback test proxy and every endpoint (two echo sources, IAM, User Management, context-based
 * restrictions) at an https name that only the proxy resolves (`echo.test`, `iam.test`, …, mapped to the TLS
 * fakes' loopback ports). Reaching them at all proves the request went through the proxy; TLS is verified
 * end to end against the TEST-ONLY CA (`NODE_EXTRA_CA_CERTS`). With NO_PROXY naming one host, that host is
 * tried directly, does not resolve, and its list is reported unreadable: a warning, not a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startEchos, TEST_CA_PATH } from '../fakes/fake-echo.js'
import { startFakeIbm, type FakeIbm } from '../fakes/fake-ibm.js'
import { startProxy, type TestProxy } from '../fakes/proxy.js'
import { runAction, type RunResult } from '../harness/runner.js'

const ACCOUNT = '0a1b2c3d4e5f60718293a4b5c6d7e8f9'
const KEY = 'proxy-e2e-key-Zx8Cv6Bn4Mq2Wp0R'
const EGRESS = '203.0.113.77'
const STACK_FRAME = /\n\s+at .+:\d+:\d+/

let ibm: FakeIbm
let echo: Awaited<ReturnType<typeof startEchos>>
let proxy: TestProxy

const port = (url: string): number => Number(new URL(url).port)

beforeAll(async () => {
  ibm = await startFakeIbm({
    tls: true,
    keys: { [KEY]: { iamId: 'IBMid-550000PRXY', accountId: ACCOUNT } },
    // A zone name, so that the zones API is asked too.
    accounts: { [ACCOUNT]: 'ci-runners' },
    users: [{ accountId: ACCOUNT, iamId: 'IBMid-550000PRXY', list: '203.0.113.0/24' }],
    zones: [{ accountId: ACCOUNT, name: 'ci-runners', addresses: [{ type: 'subnet', value: '203.0.113.0/24' }] }]
  })
  echo = await startEchos(
    [
      { kind: 'text', body: `${EGRESS}\n` },
      { kind: 'json', ip: EGRESS }
    ],
    { tls: true }
  )
  // Names resolve only here (to the loopback address; the port of each request is kept).
  proxy = await startProxy({
    'echo.test': '127.0.0.1',
    'echo2.test': '127.0.0.1',
    'iam.test': '127.0.0.1',
    'um.test': '127.0.0.1',
    'cbr.test': '127.0.0.1'
  })
})
afterAll(async () => {
  await Promise.all([ibm.close(), echo.close(), proxy.close()])
})

function inputs(): Record<string, string> {
  return {
    apikey: KEY,
    registry: 'us.icr.io',
    'ip-version': '4',
    'timeout-seconds': '8',
    'ip-echo-urls': `https://echo.test:${echo.servers[0]!.port}/\nhttps://echo2.test:${echo.servers[1]!.port}/`,
    'iam-endpoint': `https://iam.test:${port(ibm.iamUrl)}`,
    'user-management-endpoint': `https://um.test:${port(ibm.umUrl)}`,
    'cbr-endpoint': `https://cbr.test:${port(ibm.cbrUrl)}`
  }
}

function expectClean(r: RunResult): void {
  expect(r.code === 0 || r.code === 1).toBe(true)
  expect(r.stdout).not.toMatch(STACK_FRAME)
  expect(r.stderr).not.toMatch(STACK_FRAME)
  expect(r.elapsedMs).toBeLessThan(8000 + 1000)
  for (const secret of [KEY, ...ibm.issuedTokens, ...ibm.issuedTokens.map((t) => t.split('.')[2])])
    expect(r.everything).not.toContain(secret)
}

/** The hosts the proxy was asked to CONNECT to since `from`. */
const connected = (from: number) =>
  [
    ...new Set(
      proxy.seen
        .slice(from)
        .filter((s) => s.kind === 'connect')
        .map((s) => s.host)
    )
  ].sort()

describe('the whole preflight through HTTPS_PROXY', () => {
  it('passes, every request tunnelled through the proxy (echo, IAM, User Management, zones)', async () => {
    const from = proxy.seen.length
    const requestsBefore = ibm.requests.length
    const r = await runAction({ inputs: inputs(), env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: TEST_CA_PATH } })
    expectClean(r)
    expect(r.code).toBe(0)
    expect(r.outputs.result).toBe('pass')
    expect(r.outputs['egress-ips']).toBe(EGRESS)
    const report = JSON.parse(r.outputs.report!)
    expect(report.probe.outcome).toBe('granted')
    expect(report.lists.map((l: { level: string; error?: string }) => [l.level, l.error])).toEqual([
      ['account', undefined],
      ['user', undefined]
    ])
    expect(report.matches.map((m: { level: string; entry: string }) => [m.level, m.entry])).toEqual([
      ['account', 'zone:ci-runners'],
      ['user', '203.0.113.0/24']
    ])
    expect(report.findings.filter((f: { severity: string }) => f.severity !== 'notice')).toEqual([])
    expect(connected(from)).toEqual(['cbr.test', 'echo.test', 'echo2.test', 'iam.test', 'um.test'])
    // Every request the fakes answered came through the proxy's tunnels, to the right service.
    expect(
      ibm.requests
        .slice(requestsBefore)
        .map((q) => q.endpoint)
        .sort()
    ).toEqual(['effective', 'rules', 'token', 'user', 'zone', 'zones'])
    expect(echo.servers.every((s) => s.requests >= 1)).toBe(true)
  })

  it('NO_PROXY naming the User Management host: the proxy never sees it, the user list is unreadable (a warning)', async () => {
    const from = proxy.seen.length
    const r = await runAction({
      inputs: inputs(),
      env: { HTTPS_PROXY: proxy.url, NO_PROXY: 'um.test', NODE_EXTRA_CA_CERTS: TEST_CA_PATH }
    })
    expectClean(r)
    expect(r.code).toBe(0)
    expect(r.outputs.result).toBe('pass')
    expect(connected(from)).toEqual(['cbr.test', 'echo.test', 'echo2.test', 'iam.test'])
    expect(proxy.seen.slice(from).some((s) => s.host === 'um.test')).toBe(false)
    const report = JSON.parse(r.outputs.report!)
    const user = report.lists.find((l: { level: string }) => l.level === 'user')
    // Tried directly: the name resolves nowhere outside the proxy.
    expect(user.error).toMatch(/um\.test.*(host name not resolved|host name lookup failed)/)
    const warning = r.annotations.find(
      (a) => a.level === 'warning' && a.properties.title === "Could not read the user's IAM allowlist"
    )
    expect(warning?.message).toMatch(/um\.test/)
    expect(report.findings.find((f: { code: string; list?: string }) => f.code === 'LIST_UNREADABLE')?.list).toBe(
      'user'
    )
  })

  it('NO_PROXY in lower case, with a leading dot for the domain: every .test host is tried directly', async () => {
    const from = proxy.seen.length
    const r = await runAction({
      inputs: inputs(),
      env: { HTTPS_PROXY: proxy.url, no_proxy: '.test', NODE_EXTRA_CA_CERTS: TEST_CA_PATH }
    })
    expectClean(r)
    expect(proxy.seen.length).toBe(from)
    // Nothing resolves: no egress, IAM unreachable: unknown, with warnings, exit 0 under fail-on: error.
    expect(r.code).toBe(0)
    expect(r.outputs.result).toBe('unknown')
    const codes = JSON.parse(r.outputs.report!).findings.map((f: { code: string }) => f.code)
    expect(codes).toEqual(expect.arrayContaining(['EGRESS_NOT_FOUND', 'TOKEN_UNREACHABLE']))
  })

  it('a proxy that refuses every CONNECT (407): unknown, with warnings that name the proxy; no crash', async () => {
    const refusing = await startProxy({}, { connectStatus: 407 })
    try {
      const r = await runAction({
        inputs: inputs(),
        env: { HTTPS_PROXY: refusing.url, NODE_EXTRA_CA_CERTS: TEST_CA_PATH }
      })
      expectClean(r)
      expect(r.code).toBe(0)
      expect(r.outputs.result).toBe('unknown')
      const report = JSON.parse(r.outputs.report!)
      expect(report.probe).toMatchObject({
        outcome: 'unreachable',
        errorMessage: expect.stringMatching(/the proxy answered 407 to CONNECT/)
      })
      expect(report.findings.map((f: { code: string }) => f.code)).toEqual(
        expect.arrayContaining(['EGRESS_NOT_FOUND', 'TOKEN_UNREACHABLE'])
      )
      expect(new Set(refusing.seen.map((x) => x.host))).toEqual(new Set(['echo.test', 'echo2.test', 'iam.test']))
    } finally {
      await refusing.close()
    }
  })
})
