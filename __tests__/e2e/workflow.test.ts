/**
 * The bundled action in a pull-request workflow, run as the runner runs it: registries found in the
 * checked-out workflow file, annotations on the lines that matter, and the pull-request comment written to a
 * loopback fake of GitHub's REST API, created once and then updated.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { FakeGitHub, startFakeGitHub } from '../fakes/fake-github.js'
import { ROOT, runAction } from '../harness/runner.js'

const TOKEN = 'ghs_e2eFakeToken0123456789abcdef'
let github: FakeGitHub
let workspace: string
let eventPath: string

beforeAll(async () => {
  github = await startFakeGitHub()
  workspace = mkdtempSync(join(tmpdir(), 'preflight-ws-'))
  mkdirSync(join(workspace, '.github/workflows'), { recursive: true })
  copyFileSync(join(ROOT, '__fixtures__/workflows/e2e-pr.yml'), join(workspace, '.github/workflows/ci.yml'))
  eventPath = join(workspace, 'event.json')
  writeFileSync(eventPath, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7 } }))
})
afterAll(async () => {
  await github.close()
})

function run(allowlist: string) {
  return runAction({
    inputs: {
      'egress-ip': '203.0.113.77',
      'private-ip': '10.240.0.5',
      allowlist,
      'comment-on-pr': 'true',
      'github-token': TOKEN
    },
    env: {
      GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/ci.yml@refs/pull/7/merge',
      GITHUB_WORKSPACE: workspace,
      GITHUB_JOB: 'push',
      GITHUB_ACTION_REPOSITORY: 'acme/icr-allowlist-preflight',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_API_URL: github.url,
      RUNNER_ENVIRONMENT: 'self-hosted'
    }
  })
}

describe('dist/index.js in a pull-request workflow', () => {
  it('annotates the workflow lines, comments once, then updates the same comment', async () => {
    const first = await run('203.0.113.0/24')
    expect(first.code).toBe(1)
    expect(first.outputs.result).toBe('fail')
    const at = (title: string) => first.annotations.find((a) => a.properties.title === title)?.properties
    const file = '.github/workflows/ci.yml'
    // The private registry came from `registry: ${{ env.REGISTRY }}` (line 19), the public one from `tags:` (25).
    expect(at('Private source address not allowed')).toMatchObject({ file, line: '19' })
    expect(at('ibmcloud cr build is discontinued')).toMatchObject({ file, line: '28' })
    expect(at('Allowlist preflight: fail')).toMatchObject({ file, line: '13' })
    const report = JSON.parse(first.outputs.report!)
    expect(
      report.registries.map((r: { host: string; location: { line: number } }) => [r.host, r.location.line])
    ).toEqual([
      ['private.us.icr.io', 19],
      ['us.icr.io', 25]
    ])
    const comments = github.comments.get(7) ?? []
    expect(comments).toHaveLength(1)
    expect(comments[0]!.body).toMatch(
      /^<!-- icr-allowlist-preflight -->\n## IBM Cloud Container Registry allowlist preflight/
    )
    expect(comments[0]!.body).toContain('❌ Result: **fail** — the step fails because fail-on is error')
    expect(first.everything).not.toContain(TOKEN)
    const id = comments[0]!.id
    const firstBody = comments[0]!.body

    const second = await run('203.0.113.0/24, 10.240.0.0/16')
    expect(second.code).toBe(1) // the cr build step is still an error
    const after = github.comments.get(7) ?? []
    expect(after).toHaveLength(1)
    expect(after[0]!.id).toBe(id)
    expect(after[0]!.body).toContain('✅ `10.240.0.0/16`')
    expect(second.stdout).toContain('Pull-request comment updated')

    // The transcript the README shows: the comment and the annotations, as produced here.
    const transcript = [
      '### Annotations (workflow commands on stdout)',
      '```text',
      ...first.stdout.split('\n').filter((l) => /^::(error|warning|notice)/.test(l)),
      '```',
      '',
      '### The pull-request comment',
      '',
      firstBody
    ].join('\n')
    writeFileSync(join(tmpdir(), 'icr-preflight-pr-transcript.md'), transcript)
  })

  it('warns with the permissions block when the token may not comment, and keeps the verdict', async () => {
    github.forbidden = 'all'
    const r = await run('203.0.113.0/24, 10.240.0.0/16')
    github.forbidden = 'none'
    const warning = r.annotations.find((a) => a.properties.title?.includes('comment'))
    expect(warning?.level).toBe('warning')
    expect(warning?.message).toContain('pull-requests: write')
    expect(r.outputs.result).toBe('fail')
    expect(JSON.parse(r.outputs.report!).gatePassed).toBe(false)
    expect(r.everything).not.toContain(TOKEN)
  })
})
