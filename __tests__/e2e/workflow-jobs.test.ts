/**
 * The bundled action reading registries per job, run as the runner runs it: a workflow env: that names a private
 * registry for one job does not reach the job that only pushes to the public domain (issue 8, first paragraph), and
 * a private registry used from a GitHub-hosted runner is warned about on its line.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { ROOT, runAction } from '../harness/runner.js'

const FILE = '.github/workflows/ci.yml'

/** Runs the action as job `job` of fixture `fixture`, with the allowlist given as input. */
function run(fixture: string, job: string, runnerEnvironment: string, inputs: Record<string, string>) {
  const workspace = mkdtempSync(join(tmpdir(), 'preflight-jobs-'))
  mkdirSync(join(workspace, '.github/workflows'), { recursive: true })
  copyFileSync(join(ROOT, '__fixtures__/workflows', fixture), join(workspace, FILE))
  return runAction({
    inputs: { 'egress-ip': '203.0.113.77', allowlist: '203.0.113.0/24', ...inputs },
    env: {
      GITHUB_WORKFLOW_REF: `acme/app/${FILE}@refs/heads/main`,
      GITHUB_WORKSPACE: workspace,
      GITHUB_JOB: job,
      RUNNER_ENVIRONMENT: runnerEnvironment
    }
  })
}

const hosts = (report: string | undefined): string[] =>
  (JSON.parse(report ?? '{}') as { registries: Array<{ host: string }> }).registries.map((r) => r.host)

describe('dist/index.js: registries per job', () => {
  it('passes a job that only pushes to us.icr.io, though the workflow env: names private.us.icr.io', async () => {
    const r = await run('env-per-job.yml', 'public-push', 'github-hosted', {})
    expect(hosts(r.outputs.report)).toEqual(['us.icr.io'])
    expect(r.outputs.result).toBe('pass')
    expect(r.code).toBe(0)
  })

  it('checks the private source for the job that uses the private registry', async () => {
    const r = await run('env-per-job.yml', 'private-push', 'self-hosted', { 'private-ip': '10.240.0.5' })
    expect(hosts(r.outputs.report)).toEqual(['private.us.icr.io'])
    expect(r.outputs.result).toBe('fail')
    const refused = r.annotations.find((a) => a.properties.title === 'Private source address not allowed')
    expect(refused?.properties).toMatchObject({ file: FILE, line: '17' })
  })

  it('warns on the line where a GitHub-hosted job uses a private registry', async () => {
    const r = await run('private-hosted.yml', 'hosted', 'github-hosted', {
      'private-ip': '10.240.0.5',
      allowlist: '203.0.113.0/24, 10.240.0.5'
    })
    const warnings = r.annotations.filter(
      (a) => a.properties.title === 'Private registry domain on a GitHub-hosted runner'
    )
    expect(warnings.map((a) => [a.level, a.properties.line])).toEqual([
      ['warning', '11'],
      ['warning', '12']
    ])
    expect(warnings[0]?.message).toContain('public domain us.icr.io')
  })
})
