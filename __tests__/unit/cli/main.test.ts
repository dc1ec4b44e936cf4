/** The CLI shell in-process (the bundled CLI is run for real in e2e/): flags → engine → text or JSON, exit codes. */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { main } from '../../../src/cli/main.js'

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
    expect(stdout).toMatch(/PASS/)
    expect(stdout).toContain('allowed by 203.0.113.0/24')
    expect(stderr).toBe('')
  })

  it('exits 1 when the gate fails, and prints the report as JSON with --json', async () => {
    expect(await main(['--egress-ip', '203.0.113.77', '--allowlist', '198.51.100.0/24', '--json'], {})).toBe(1)
    expect(JSON.parse(stdout)).toMatchObject({ version: 1, result: 'fail', missing: ['203.0.113.77'] })
  })

  it('exits 2 on bad input with the message alone', async () => {
    expect(await main(['--egress-ip', 'nope'], {})).toBe(2)
    expect(stderr).toMatch(/^icr-allowlist-preflight: Input 'egress-ip' holds "nope", which is not an IP address/)
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
})
