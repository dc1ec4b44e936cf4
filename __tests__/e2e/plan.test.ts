/**
 * The plan check through the bundled action and CLI, offline: a Terraform plan that narrows the account list
 * in a module, with the module's `.tf` source in the workspace.
 */
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { ROOT, runAction, runCli } from '../harness/runner.js'

const WORKSPACE = join(ROOT, '__fixtures__/plans/lockout')
const MUST_ALLOW = 'runners=203.0.113.0/28\nstatic=192.0.2.10-192.0.2.20'

describe('plan check, bundled', () => {
  it('fails the step for a plan that locks CI out, annotated on the .tf block', async () => {
    const r = await runAction({
      inputs: { 'egress-ip': '198.51.100.7', plan: 'plan.json', 'must-allow': MUST_ALLOW },
      env: { GITHUB_WORKSPACE: WORKSPACE, RUNNER_ENVIRONMENT: 'github-hosted' }
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('')
    const locks = r.annotations.filter((a) => a.properties.title === 'The plan would lock CI out of Container Registry')
    expect(locks).toHaveLength(2)
    expect(locks[0]).toMatchObject({ level: 'error', properties: { file: 'modules/iam/main.tf', line: '6' } })
    expect(locks[0]?.message).toContain('module.iam.ibm_iam_account_settings.this')
    expect(r.summary).toContain('### Terraform plan')
    expect(r.summary).toContain('| runners `203.0.113.0/28` | ✅ allowed by `203.0.113.0/28` |')
    if (process.env.PRINT_PLAN_REPORT) process.stderr.write(`${r.stdout}\n----\n${r.summary}\n`)
  })

  it('refuses a plan path outside the workspace as an input error', async () => {
    const r = await runAction({
      inputs: { 'egress-ip': '198.51.100.7', plan: '../../package.json' },
      env: { GITHUB_WORKSPACE: WORKSPACE }
    })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('Input \'plan\' is "../../package.json", which is outside the workspace')
    expect(r.stdout).not.toMatch(/\n\s+at /)
  })

  it('runs from the CLI with --plan and --must-allow', async () => {
    // The CLI resolves --plan against its working directory (the repository root here).
    const plan = '__fixtures__/plans/lockout/plan.json'
    const r = await runCli(['--egress-ip', '198.51.100.7', '--plan', plan, '--must-allow', MUST_ALLOW])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('PLAN_LOCKS_OUT')
  })
})
