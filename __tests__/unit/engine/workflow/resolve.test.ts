import { describe, expect, it } from '@jest/globals'
import { scanWorkflow } from '../../../../src/engine/workflow/scan.js'
import { hostsAt, lineWith, notesAt, scanFixture, uses } from './fixture.js'

/** A one-job workflow running `lines` in one `run:` script. */
const script = (...lines: string[]): string =>
  [
    'jobs:',
    '  j:',
    '    runs-on: self-hosted',
    '    steps:',
    '      - run: |',
    ...lines.map((l) => `          ${l}`),
    ''
  ].join('\n')

describe('one target per host', () => {
  it('keeps the first repository and pushes when any use pushes', () => {
    const s = scanWorkflow(
      script('docker login us.icr.io', 'docker pull us.icr.io/a/first:1', 'docker push us.icr.io/b/second:1'),
      'f.yml'
    )
    expect(hostsAt(s)).toEqual(['us.icr.io@6'])
    expect(s.registries[0]).toMatchObject({ raw: 'us.icr.io', repository: 'a/first', access: 'push' })
  })

  it('pulls when every use pulls or logs in; no access when a use is of unknown kind, or when it only logs in', () => {
    expect(uses(scanWorkflow(script('docker login de.icr.io', 'docker pull de.icr.io/a/b:1'), 'f.yml'))).toEqual([
      'de.icr.io a/b pull'
    ])
    expect(uses(scanWorkflow(script('docker pull de.icr.io/a/b:1', 'docker tag x de.icr.io/a/c:1'), 'f.yml'))).toEqual([
      'de.icr.io a/b -'
    ])
    expect(uses(scanWorkflow(script('docker login de.icr.io'), 'f.yml'))).toEqual(['de.icr.io - -'])
  })
})

describe('ibmcloud cr login', () => {
  const F = 'login-region.yml'
  const login = (after: number): number => lineWith(F, 'ibmcloud cr login', after)

  it('takes the region of ibmcloud login -r / target -r on a GitHub-hosted runner, and region-set before it first', () => {
    const s = scanFixture(F)
    expect(hostsAt(s)).toEqual([`uk.icr.io@${login(0)}`, `jp.icr.io@${login(1)}`, `au.icr.io@${login(2)}`])
    expect(s.registries.map((r) => r.raw)).toEqual([
      'ibmcloud login -r eu-gb',
      'ibmcloud target -r jp-tok', // the last region the job's CLI was given
      'ibmcloud cr region-set ap-south' // region-set wins over the login region
    ])
  })

  it('notes a login on a self-hosted runner (the CLI keeps a past region) and one with no region-set in its job', () => {
    expect(notesAt(scanFixture(F))).toEqual([
      expect.stringMatching(new RegExp(`runs-on: self-hosted.*ibmcloud login -r eu-de.*@${login(3)}$`)),
      // The region-set of another job, or one after the login, does not pair with it.
      `ibmcloud cr login (registry region: whatever \`ibmcloud cr region-set\` the CLI has)@${login(4)}`
    ])
  })

  it('trusts RUNNER_ENVIRONMENT for the running job over its runs-on', () => {
    expect(hostsAt(scanFixture(F, { job: 'self-hosted', runnerEnvironment: 'github-hosted' }))).toEqual([
      `de.icr.io@${login(3)}`
    ])
    const hosted = scanFixture(F, { job: 'hosted', runnerEnvironment: 'self-hosted' })
    expect(hosted.registries).toEqual([])
    expect(notesAt(hosted)).toEqual([expect.stringContaining('RUNNER_ENVIRONMENT=self-hosted')])
  })
})

describe('private.* hosts on GitHub-hosted runners', () => {
  const F = 'private-hosted.yml'

  it('are recorded at the job’s first line using each, with how the runner is known', () => {
    expect(scanFixture(F).privateOnHosted).toEqual([
      {
        host: 'private.us.icr.io',
        location: { file: `.github/workflows/${F}`, line: lineWith(F, 'registry: ${{ env.REGISTRY }}') },
        runner: 'runs-on: ubuntu-latest'
      },
      {
        host: 'private.de.icr.io',
        location: { file: `.github/workflows/${F}`, line: lineWith(F, 'app:1') },
        runner: 'runs-on: ubuntu-latest'
      }
    ])
  })

  it('are not recorded for self-hosted labels, runner groups or expressions, nor when the runner says it is not', () => {
    expect(scanFixture(F, { job: 'self' }).privateOnHosted).toEqual([])
    expect(scanFixture(F, { job: 'group' }).privateOnHosted).toEqual([])
    expect(scanFixture(F, { job: 'matrix' }).privateOnHosted).toEqual([])
    expect(scanFixture(F, { job: 'hosted', runnerEnvironment: 'self-hosted' }).privateOnHosted).toEqual([])
    const hosted = scanFixture(F, { job: 'self', runnerEnvironment: 'github-hosted' }).privateOnHosted
    expect(hosted.map((p) => [p.host, p.runner])).toEqual([['private.jp.icr.io', 'RUNNER_ENVIRONMENT=github-hosted']])
  })
})
