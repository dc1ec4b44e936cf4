/** The CLI shell in-process (the bundled CLI is run for real in e2e/): flags → engine → text or JSON, exit codes. */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { main } from '../../../src/cli/main.js'
import { FLAGS } from '../../../src/cli/flags.js'
import pkg from '../../../package.json' with { type: 'json' }

let stdout = ''
let stderr = ''
beforeEach(() => {
  stdout = ''
  stderr = ''
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true))
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true))
})
afterEach(() => {
  jest.restoreAllMocks()
})

describe('main()', () => {
  it('exits 0 with a text report when the gate passes', async () => {
    expect(await main(['--egress-ip', '203.0.113.77', '--allowlist', '203.0.113.0/24'], {})).toBe(0)
    expect(stdout).toMatch(/^icr-allowlist-preflight: Result: pass — the exit code is 0/)
    expect(stdout).toContain('allowed by 203.0.113.0/24')
    expect(stderr).toBe('')
  })

  it('exits 1 when the gate fails, and prints the report as JSON with --json', async () => {
    expect(await main(['--egress-ip', '203.0.113.77', '--allowlist', '198.51.100.0/24', '--json'], {})).toBe(1)
    expect(JSON.parse(stdout)).toMatchObject({ version: 1, result: 'fail', missing: ['203.0.113.77'] })
  })

  it('exits 2 on bad input with the message alone', async () => {
    expect(await main(['--egress-ip', 'nope'], {})).toBe(2)
    expect(stderr).toMatch(/^icr-allowlist-preflight: --egress-ip holds "nope", which is not an IP address/)
    expect(stdout).toBe('')
  })

  it('prints the debug trail on standard error with --verbose, with the key redacted', async () => {
    const key = 'cli-key-0123456789-abcdefghijklmnopqrstuvwxyz'
    // IAM on a closed loopback port: the trail shows the attempt; nothing leaves the machine.
    const args = [
      '--egress-ip',
      '203.0.113.77',
      '--allowlist',
      '203.0.113.0/24',
      '--iam-endpoint',
      'http://127.0.0.1:9',
      '--timeout-seconds',
      '2',
      '--verbose'
    ]
    await main(args, { IBMCLOUD_API_KEY: key })
    expect(stderr).toMatch(/^debug: POST http:\/\/127\.0\.0\.1:9: attempt 1: network/m)
    expect(stderr).toMatch(/^debug: token probe: unreachable/m)
    expect(stderr + stdout).not.toContain(key)
  })

  it('speaks of flags: an input error names the flag, and findings name flags, not inputs', async () => {
    expect(await main(['--fail-on', 'sometimes'], {})).toBe(2)
    expect(stderr).toBe(
      'icr-allowlist-preflight: --fail-on is "sometimes"; expected one of "error", "warning", "never".\n'
    )
    stderr = ''
    expect(await main(['--egress-ip', '203.0.113.77', '--allowlist', '198.51.100.0/24'], {})).toBe(1)
    expect(stdout).toContain('is not in --allowlist')
    expect(stdout).not.toMatch(/Input '|' input/)
  })

  it('fail-on never: the result and the exit code in words that cannot be read two ways', async () => {
    const args = ['--egress-ip', '203.0.113.77', '--allowlist', '198.51.100.0/24', '--fail-on', 'never']
    expect(await main(args, {})).toBe(0)
    expect(stdout).toMatch(/^icr-allowlist-preflight: Result: fail — the exit code is 0 because --fail-on is never;/)
  })

  it('--help describes every flag with an example; --version prints the version', async () => {
    expect(await main(['--help'], {})).toBe(0)
    const help = stdout.replace(/\s+/g, ' ')
    for (const flag of FLAGS) expect(help).toMatch(new RegExp(`--${flag} <value> [^]*?\\(e\\.g\\. --${flag} `))
    expect(stdout).toContain('Examples:')
    stdout = ''
    expect(await main(['--version'], {})).toBe(0)
    expect(stdout.trim()).toBe(pkg.version)
  })
})
