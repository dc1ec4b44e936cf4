/**
 * The bundled action and CLI run as the runner runs them, with no network at all: egress given, list given.
 */
import { describe, expect, it } from '@jest/globals'
import { runAction, runCli } from '../harness/runner.js'

describe('dist/index.js, offline', () => {
  it('fails the step for an address missing from the list, with outputs, annotations and a summary', async () => {
    const r = await runAction({
      inputs: {
        'egress-ip': '203.0.113.77',
        allowlist: '198.51.100.0/24\n166.9.20.31\n10.0.0.0/33',
        registry: 'us.icr.io'
      },
      env: { RUNNER_ENVIRONMENT: 'self-hosted' }
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('')
    expect(r.outputs.result).toBe('fail')
    expect(r.outputs['egress-ips']).toBe('203.0.113.77')
    expect(r.outputs.missing).toBe('203.0.113.77')
    const report = JSON.parse(r.outputs.report!)
    expect(report).toMatchObject({ version: 1, result: 'fail', gatePassed: false, failOn: 'error' })
    const codes = r.annotations.map((a) => `${a.level}:${a.properties.title}`)
    expect(codes).toContain('error:Runner address not allowed')
    expect(codes).toContain('warning:Leftover Container Registry address in the allowlist')
    expect(codes).toContain('warning:Malformed allowlist entry')
    expect(codes).toContain('error:Allowlist preflight: fail')
    const notAllowed = r.annotations.find((a) => a.properties.title === 'Runner address not allowed')
    expect(notAllowed?.message).toContain("Runner address 203.0.113.77 is not in the 'allowlist' input")
    expect(notAllowed?.message).toContain('Fix: Add 203.0.113.77')
    expect(r.summary).toContain('❌ Result: **fail** — the step fails because fail-on is error')
    expect(r.summary).toMatch(/\| `203\.0\.113\.77` \| egress-primary \| ❌ \*\*not allowed\*\* \|/)
  })

  it('passes and names the matching entry; fail-on: never never fails the step', async () => {
    const r = await runAction({ inputs: { 'egress-ip': '203.0.113.77', allowlist: '203.0.113.0/24' } })
    expect(r.code).toBe(0)
    expect(r.outputs.result).toBe('pass')
    expect(r.outputs.missing).toBe('')
    expect(r.summary).toContain('✅ `203.0.113.0/24`')
    const never = await runAction({
      inputs: { 'egress-ip': '203.0.113.77', allowlist: '198.51.100.1', 'fail-on': 'never' }
    })
    expect(never.code).toBe(0)
    expect(never.outputs.result).toBe('fail')
  })

  it('rejects an invalid input with a message naming it, and no stack trace', async () => {
    const r = await runAction({
      inputs: { 'egress-ip': '203.0.113.77', 'ip-version': 'seven', apikey: 'k-secret-0123456789' }
    })
    expect(r.code).toBe(1)
    const errors = r.annotations.filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toBe(`Input 'ip-version' is "seven"; expected one of "4", "6", "any".`)
    expect(r.everything).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/)
    expect(r.everything).not.toContain('k-secret-0123456789')
    expect(r.stdout).toContain('::add-mask::k-secret-0123456789')
  })

  it('works without GITHUB_STEP_SUMMARY and RUNNER_ENVIRONMENT', async () => {
    const r = await runAction({
      inputs: { 'egress-ip': '203.0.113.77', allowlist: '203.0.113.77' },
      noSummary: true,
      env: { RUNNER_ENVIRONMENT: undefined }
    })
    expect(r.code).toBe(0)
    expect(r.outputs.result).toBe('pass')
    expect(r.stdout).toContain('Job summary not written')
  })
})

describe('dist/cli/index.js, offline', () => {
  it('prints a text report and exits 1 on a failing gate', async () => {
    const r = await runCli(['--egress-ip', '203.0.113.77', '--allowlist', '198.51.100.0/24'])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('icr-allowlist-preflight: Result: fail — the exit code is 1 because --fail-on is error')
    expect(r.stdout).toMatch(/203\.0\.113\.77\s+egress-primary\s+NOT ALLOWED/)
  })

  it('prints JSON with --json and exits 0 on a pass', async () => {
    const r = await runCli(['--egress-ip', '203.0.113.77', '--allowlist', '203.0.113.77', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ result: 'pass', egressIps: ['203.0.113.77'] })
  })

  it('exits 2 on a usage error or an invalid flag value, without a stack trace', async () => {
    const unknown = await runCli(['--no-such-flag'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("unknown option '--no-such-flag'")
    const bad = await runCli(['--fail-on', 'sometimes', '--egress-ip', '203.0.113.77'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe(
      `icr-allowlist-preflight: --fail-on is "sometimes"; expected one of "error", "warning", "never".\n`
    )
    const help = await runCli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('IBMCLOUD_API_KEY')
  })
})
