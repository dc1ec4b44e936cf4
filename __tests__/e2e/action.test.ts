/**
 * The bundled action run as the runner runs it, against loopback fakes of IBM's APIs and echo services:
 * exit code, outputs, annotations, summary, and no secret anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startEchos } from '../fakes/fake-echo.js'
import { FakeIbm, startFakeIbm } from '../fakes/fake-ibm.js'
import { runAction, runCli } from '../harness/runner.js'

const ACCOUNT = '0123456789abcdef0123456789abcdef'
const KEY = 'e2e-api-key-Pq7Rs9Tu1Vw3Xy5Z'
const EGRESS = '203.0.113.77'
let ibm: FakeIbm
let echo: Awaited<ReturnType<typeof startEchos>>

beforeAll(async () => {
  ibm = await startFakeIbm({
    keys: { [KEY]: { iamId: 'IBMid-660000WXYZ', accountId: ACCOUNT } },
    accounts: { [ACCOUNT]: '198.51.100.0/24, 166.9.251.49, 10.0.0.0/33' },
    users: [{ accountId: ACCOUNT, iamId: 'IBMid-660000WXYZ', list: '' }]
  })
  echo = await startEchos([{ kind: 'text', body: `${EGRESS}\n` }, { kind: 'json', ip: EGRESS }, { kind: 'hang' }])
})
afterAll(async () => {
  await ibm.close()
  await echo.close()
})

function endpoints(): Record<string, string> {
  return {
    'iam-endpoint': ibm.iamUrl,
    'user-management-endpoint': ibm.umUrl,
    'cbr-endpoint': ibm.cbrUrl,
    'ip-echo-urls': echo.urls.join('\n')
  }
}

function expectNoSecret(text: string): void {
  expect(text).not.toContain(KEY)
  for (const t of ibm.issuedTokens) {
    expect(text).not.toContain(t)
    // A token's signature part alone is a secret too.
    expect(text).not.toContain(t.split('.')[2])
  }
}

describe('dist/index.js with a key, against loopback fakes', () => {
  it('fails a refused runner: error annotations with the fix, outputs, summary; no secret anywhere', async () => {
    ibm.refuseAddresses({ allowed: ['198.51.100.0/24'] })
    ibm.setClientAddress(EGRESS)
    const r = await runAction({
      inputs: { apikey: KEY, registry: 'us.icr.io', 'ip-version': '4', ...endpoints() },
      env: { RUNNER_ENVIRONMENT: 'github-hosted' }
    })
    ibm.refuseAddresses(undefined)
    ibm.setClientAddress(undefined)
    expect(r.code).toBe(1)
    expect(r.outputs.result).toBe('fail')
    expect(r.outputs['egress-ips']).toBe(EGRESS)
    expect(r.outputs.missing).toBe(EGRESS)
    const refused = r.annotations.find((a) => a.properties.title === "IAM refused this runner's address")
    expect(refused?.level).toBe('error')
    expect(refused?.message).toContain('GitHub-hosted runner')
    expect(r.summary).toContain('IAM token probe: **refused-address**')
    expect(r.elapsedMs).toBeLessThan(20_000 + 1000)
    expectNoSecret(r.everything)
  })

  it('passes a granted token, reads both lists, and reports the leftover and malformed entries', async () => {
    const r = await runAction({
      inputs: { apikey: KEY, registry: 'us.icr.io', 'ip-version': '4', 'timeout-seconds': '5', ...endpoints() }
    })
    expect(r.code).toBe(0)
    expect(r.outputs.result).toBe('pass')
    const report = JSON.parse(r.outputs.report!)
    expect(report.lists.map((l: { level: string }) => l.level)).toEqual(['account', 'user'])
    const titles = r.annotations.map((a) => `${a.level}:${a.properties.title}`)
    expect(titles).toEqual(
      expect.arrayContaining([
        'warning:IAM granted a token, but the list does not allow this address',
        'warning:Leftover Container Registry address in the allowlist',
        'warning:Malformed allowlist entry',
        'notice:Allowlist preflight: pass'
      ])
    )
    expect(r.summary).toContain('| Account list | User list | IAM token probe |')
    expect(ibm.issuedTokens.length).toBeGreaterThan(0)
    expectNoSecret(r.everything)
    // With fail-on: warning the same evidence fails the step.
    const strict = await runAction({
      inputs: { apikey: KEY, 'egress-ip': EGRESS, 'fail-on': 'warning', ...endpoints() }
    })
    expect(strict.code).toBe(1)
    expect(strict.outputs.result).toBe('pass')
    expectNoSecret(strict.everything)
  })

  it("rolls findings past GitHub's 10-per-level limit into one annotation", async () => {
    const junk = Array.from({ length: 14 }, (_, i) => `10.0.${i}.0/40`).join('\n')
    const r = await runAction({ inputs: { 'egress-ip': EGRESS, allowlist: `${EGRESS}\n${junk}` } })
    const warnings = r.annotations.filter((a) => a.level === 'warning')
    expect(warnings).toHaveLength(10)
    expect(warnings[9]!.message).toMatch(/^5 more warning findings \(ENTRY_MALFORMED\): see the job summary/)
    expect(r.summary.match(/Malformed allowlist entry/g)).toHaveLength(14)
  })
})

describe('dist/cli/index.js with a key', () => {
  it('reads the key from IBMCLOUD_API_KEY and never prints it or a token', async () => {
    const args = Object.entries({ ...endpoints(), 'egress-ip': EGRESS }).flatMap(([k, v]) => [`--${k}`, v])
    const r = await runCli([...args, '--json'], { IBMCLOUD_API_KEY: KEY })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).probe.outcome).toBe('granted')
    expectNoSecret(r.stdout + r.stderr)
  })
})
