/**
 * Classes of defect an adversary found, each proven gone on the bundle run as the runner (or a terminal) runs
 * it: secrets in odd forms, waits without a deadline, unbounded input and output, stack traces.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFakeIbm, type FakeIbm } from '../fakes/fake-ibm.js'
import { runAction, runCli } from '../harness/runner.js'

const KEY = 'hardening-key-0123456789-abcdefghijklmnopqrstu'
const ACCOUNT = 'acc-hardening'
const NO_STACK = /\n\s+at .+\(.+:\d+:\d+\)/

describe('CLI input is bounded and never echoes a secret', () => {
  it('refuses --allowlist-file /dev/zero with a clear message, quickly', async () => {
    const r = await runCli(['--egress-ip', '203.0.113.7', '--allowlist-file', '/dev/zero'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--allowlist-file: "\/dev\/zero" is larger than 4 MiB/)
    expect(r.stderr).not.toMatch(NO_STACK)
    expect(r.stdout).toBe('')
  })

  it('ends a standard input left open at the run time limit', async () => {
    const r = await runCli(
      ['--egress-ip', '203.0.113.7', '--allowlist-file', '-', '--timeout-seconds', '1'],
      {},
      20_000,
      'left-open'
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/standard input sent no end of file within 1 s/)
    // The bound is the run's own time limit plus start-up, with room for a loaded machine.
    expect(r.elapsedMs).toBeLessThan(1000 + 5000)
  })

  it('does not echo the value of a flag that does not exist (an API key typed as --apikey=…)', async () => {
    const r = await runCli([`--apikey=${KEY}`, '--egress-ip', '203.0.113.7'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("unknown option '--apikey=…'")
    expect(r.stderr + r.stdout).not.toContain(KEY)
    expect(r.stderr + r.stdout).not.toContain(KEY.slice(0, 16))
  })

  it('reads a normal allowlist file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'allowlist-'))
    writeFileSync(join(dir, 'list.txt'), '198.51.100.0/24\n203.0.113.0/24\n')
    const r = await runCli(['--egress-ip', '203.0.113.7', '--allowlist-file', join(dir, 'list.txt')])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Result: pass/)
  })
})

describe('the action against IAM answers an adversary would send', () => {
  let ibm: FakeIbm
  beforeAll(async () => {
    ibm = await startFakeIbm({
      keys: { [KEY]: { iamId: 'IBMid-h', accountId: ACCOUNT }, abc: { iamId: 'IBMid-s', accountId: ACCOUNT } },
      accounts: { [ACCOUNT]: '203.0.113.0/24' }
    })
  })
  afterAll(async () => ibm.close())
  const inputs = (apikey: string) => ({
    apikey,
    'egress-ip': '203.0.113.7',
    'iam-endpoint': ibm.iamUrl,
    'user-management-endpoint': ibm.umUrl,
    'cbr-endpoint': ibm.cbrUrl,
    'timeout-seconds': '5'
  })

  it('survives an access token with a lone UTF-16 surrogate: a verdict, no stack trace', async () => {
    ibm.failNext('token', {
      status: 200,
      body: { access_token: 'eyJhbGciOiJub25lIn0.\uD800broken.sig', token_type: 'Bearer', expires_in: 3600 }
    })
    const r = await runAction({ inputs: inputs(KEY) })
    expect(r.stderr).toBe('')
    expect(r.everything).not.toMatch(NO_STACK)
    expect(r.everything).not.toMatch(/URIError/)
    expect(['pass', 'unknown']).toContain(r.outputs.result)
    expect(JSON.parse(r.outputs.report!)).toMatchObject({ version: 1 })
  })

  it('masks a 3-character key everywhere and says that such a key cannot be kept out of every text', async () => {
    const r = await runAction({ inputs: inputs('abc') })
    expect(r.stdout).toContain('::add-mask::abc')
    const warning = r.annotations.find((a) => a.level === 'warning' && a.message.includes('shorter than 8 characters'))
    expect(warning).toBeDefined()
    expect(r.everything.replace(/shorter than 8 characters[^\n]*/g, '')).not.toMatch(/abc/)
  })

  it('keeps the report output valid JSON under 1 MB for 5,000 addresses against a 5,500-entry list, saying what it left out', async () => {
    const addresses = Array.from({ length: 5000 }, (_, i) => `198.18.${String(i >> 8)}.${String(i & 255)}`)
    const list = Array.from({ length: 5500 }, (_, i) => `10.${String(i >> 8)}.${String(i & 255)}.0/24`).join('\n')
    const r = await runAction({ inputs: { 'egress-ip': addresses.join(','), allowlist: list, 'fail-on': 'never' } })
    expect(r.code).toBe(0)
    expect(Buffer.byteLength(r.outputs.report!)).toBeLessThan(1024 * 1024)
    const report = JSON.parse(r.outputs.report!) as {
      omitted?: Record<string, number>
      subjects: unknown[]
      egressIps: string[]
    }
    expect(report.omitted).toBeDefined()
    expect(report.egressIps).toHaveLength(5000)
    expect(Buffer.byteLength(r.summary)).toBeLessThan(1024 * 1024)
    // The engine's own clock: the verdict over 5,000 × 5,500 is linear, far under the run's limit.
    expect((JSON.parse(r.outputs.report!) as { elapsedMs: number }).elapsedMs).toBeLessThan(20_000)
  }, 120_000)
})

describe('a secret in an echo URL', () => {
  it("prints neither the URL's query nor its userinfo anywhere", async () => {
    const { startEchos } = await import('../fakes/fake-echo.js')
    const echo = await startEchos([
      { kind: 'text', body: '203.0.113.7\n' },
      { kind: 'json', ip: '203.0.113.7' }
    ])
    try {
      const secret = 'echo-query-secret-0123456789abcdef'
      const urls = echo.urls.map((u) => `${u}?token=${secret}`)
      const r = await runAction({
        inputs: { 'ip-echo-urls': urls.join('\n'), allowlist: '203.0.113.0/24', 'ip-version': '4' }
      })
      expect(r.outputs.result).toBe('pass')
      expect(r.everything).not.toContain(secret)
      expect(r.everything).not.toContain(secret.slice(0, 16))
    } finally {
      await echo.close()
    }
  })
})
