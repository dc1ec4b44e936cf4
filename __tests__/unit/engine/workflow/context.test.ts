import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { workflowSettingsFindings } from '../../../../src/engine/findings/workflow.js'
import { workflowContext, type WorkflowContext } from '../../../../src/engine/workflow/context.js'

/** The findings the engine makes of a context when no registry was named. */
const findingsOf = (context: WorkflowContext) =>
  workflowSettingsFindings({ read: context.read, registriesNamed: false })

const REF = 'acme/app/.github/workflows/ci.yml@refs/heads/main'
const WORKFLOW = 'jobs:\n  build:\n    steps:\n      - uses: ./\n      - run: docker push us.icr.io/team/app:1\n'

/** A workspace holding `.github/workflows/ci.yml` with `text`. */
function workspaceWith(text: string): string {
  const ws = mkdtempSync(path.join(tmpdir(), 'ws-'))
  mkdirSync(path.join(ws, '.github', 'workflows'), { recursive: true })
  writeFileSync(path.join(ws, '.github', 'workflows', 'ci.yml'), text)
  return ws
}

/** The one WORKFLOW_NOT_FOUND message of a context that could not read the file. */
async function notFound(env: NodeJS.ProcessEnv): Promise<string> {
  const context = await workflowContext(env)
  expect(context.registries).toEqual([])
  expect(findingsOf(context).map((f) => f.code)).toEqual(['WORKFLOW_NOT_FOUND'])
  return findingsOf(context)[0]?.message ?? ''
}

describe('workflowContext: locating the file', () => {
  it('takes the path from GITHUB_WORKFLOW_REF, whatever the ref', async () => {
    const ws = workspaceWith(WORKFLOW)
    for (const ref of [REF, 'acme/app/.github/workflows/ci.yml@refs/pull/4/merge']) {
      const context = await workflowContext({ GITHUB_WORKFLOW_REF: ref, GITHUB_WORKSPACE: ws })
      expect(context.registries.map((r) => [r.host, r.location])).toEqual([
        ['us.icr.io', { file: '.github/workflows/ci.yml', line: 5 }]
      ])
      expect(context.actionStep).toEqual({ file: '.github/workflows/ci.yml', line: 4 })
      expect(findingsOf(context)).toEqual([])
    }
  })

  it('refuses a GITHUB_WORKFLOW_REF that is missing, malformed or leaves the workspace', async () => {
    const ws = workspaceWith(WORKFLOW)
    for (const ref of [undefined, 'garbage', 'acme/app/.github/workflows/../../etc/passwd@x']) {
      expect(await notFound({ GITHUB_WORKFLOW_REF: ref, GITHUB_WORKSPACE: ws })).toContain(
        'GITHUB_WORKFLOW_REF is not set or not of the form owner/repo/path@ref'
      )
    }
  })

  it('says to check the repository out when the file is not in the workspace', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'ws-'))
    const message = await notFound({ GITHUB_WORKFLOW_REF: REF, GITHUB_WORKSPACE: ws })
    expect(message).toContain('(.github/workflows/ci.yml)')
    expect(message).toContain('actions/checkout')
    expect(await notFound({ GITHUB_WORKFLOW_REF: REF })).toContain('GITHUB_WORKSPACE is not set')
  })

  it('says why a file that is there cannot be read', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'ws-'))
    mkdirSync(path.join(ws, '.github', 'workflows', 'ci.yml'), { recursive: true })
    expect(await notFound({ GITHUB_WORKFLOW_REF: REF, GITHUB_WORKSPACE: ws })).toContain('could not be read (EISDIR)')
  })

  it('reads a workflow without registries as nothing to report', async () => {
    const ws = workspaceWith('jobs: {}\n')
    const context = await workflowContext({ GITHUB_WORKFLOW_REF: REF, GITHUB_WORKSPACE: ws })
    expect(context.registries).toEqual([])
    expect(context.actionStep).toBeUndefined()
    expect(context.read.found).toBe(true)
    expect(findingsOf(context)).toEqual([])
  })
})

describe('workflowContext: which job and which action', () => {
  it('takes registries from GITHUB_JOB and finds this action by GITHUB_ACTION_REPOSITORY', async () => {
    const text = [
      'jobs:',
      '  other:',
      '    steps:',
      '      - run: docker push de.icr.io/team/app:1',
      '  push:',
      '    steps:',
      '      - uses: acme/preflight@v1',
      '      - run: docker push us.icr.io/team/app:1',
      ''
    ].join('\n')
    const ws = workspaceWith(text)
    const context = await workflowContext({
      GITHUB_WORKFLOW_REF: REF,
      GITHUB_WORKSPACE: ws,
      GITHUB_JOB: 'push',
      GITHUB_ACTION_REPOSITORY: 'acme/preflight'
    })
    expect(context.registries.map((r) => r.host)).toEqual(['us.icr.io'])
    expect(context.actionStep?.line).toBe(7)
  })

  it('passes RUNNER_ENVIRONMENT to the scan for the running job, over its runs-on labels', async () => {
    const text =
      'jobs:\n  push:\n    runs-on: [big-linux]\n    steps:\n      - run: docker push private.us.icr.io/a/b:1\n'
    const ws = workspaceWith(text)
    const env = { GITHUB_WORKFLOW_REF: REF, GITHUB_WORKSPACE: ws, GITHUB_JOB: 'push' }
    expect(findingsOf(await workflowContext(env)).map((f) => f.code)).toEqual([])
    const hosted = await workflowContext({ ...env, RUNNER_ENVIRONMENT: 'github-hosted' })
    expect(findingsOf(hosted).map((f) => [f.code, f.location?.line])).toEqual([['WORKFLOW_PRIVATE_ON_HOSTED', 5]])
  })

  it('passes the run’s deadline to the scan, which says when it was cut short', async () => {
    const ws = workspaceWith(WORKFLOW)
    const env = { GITHUB_WORKFLOW_REF: REF, GITHUB_WORKSPACE: ws }
    const context = await workflowContext(env, { deadline: Date.now() - 1 })
    expect(context.registries).toEqual([])
    expect(findingsOf(context).map((f) => [f.code, f.location?.line])).toEqual([['WORKFLOW_UNRESOLVABLE', 1]])
    expect(findingsOf(context)[0]?.message).toContain('time limit')
  })

  it('turns what the scan found about the file into findings', async () => {
    const ws = workspaceWith('jobs:\n  build:\n    steps:\n      - run: docker push ${{ secrets.REGISTRY }}/app\n')
    const context = await workflowContext({ GITHUB_WORKFLOW_REF: REF, GITHUB_WORKSPACE: ws })
    expect(findingsOf(context).map((f) => [f.code, f.location?.line])).toEqual([['WORKFLOW_UNRESOLVABLE', 4]])
  })
})
