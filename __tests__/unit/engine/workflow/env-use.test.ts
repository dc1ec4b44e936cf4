import { describe, expect, it } from '@jest/globals'
import { scanWorkflow } from '../../../../src/engine/workflow/scan.js'
import { hostsAt, lineWith, scanFixture } from './fixture.js'

const F = 'env-per-job.yml'
const at = (host: string, needle: string): string => `${host}@${lineWith(F, needle)}`

describe('env: definitions count for the jobs that refer to them', () => {
  it('does not give a workflow env: private registry to a job that only pushes to the public one (issue 8)', () => {
    const s = scanFixture(F, { job: 'public-push' })
    expect(hostsAt(s)).toEqual([at('us.icr.io', 'docker push us.icr.io')])
    expect(s.registries.some((r) => r.private)).toBe(false)
  })

  it('gives it to the job that refers to it, at the line that uses it', () => {
    expect(hostsAt(scanFixture(F, { job: 'private-push' }))).toEqual([at('private.us.icr.io', '${PRIVATE_IMAGE}:1')])
  })

  it('counts a workflow env: definition at its own line when the job refers to it in a command not read', () => {
    // `./scripts/publish.sh "$PUBLIC_IMAGE"` says nothing of what the script does: the definition names the registry.
    expect(hostsAt(scanFixture(F, { job: 'script' }))).toEqual([at('us.icr.io', 'PUBLIC_IMAGE: us.icr.io')])
  })

  it('reads ${{ env.X }} in a job container', () => {
    const s = scanFixture(F, { job: 'in-container' })
    expect(hostsAt(s)).toEqual([at('de.icr.io', 'image: ${{ env.TOOL_IMAGE }}')])
    expect(s.registries[0]).toMatchObject({ repository: 'team/tool', access: 'pull' })
  })

  it('leaves out names referred to only by IBM-side deploys; counts job env: nothing refers to and step env: used', () => {
    const s = scanFixture(F, { job: 'deploy-only' })
    // CE_IMAGE (job env) and DEPLOY_IMAGE (workflow env) are only given to Code Engine; BASE_IMAGE is referred to
    // nowhere (a script may read it); STEP_IMAGE is a step's own env, in a third-party action's input.
    expect(hostsAt(s)).toEqual([
      at('br.icr.io', 'BASE_IMAGE: br.icr.io'),
      at('au.icr.io', 'target: ${{ env.STEP_IMAGE }}')
    ])
  })

  it('lets a script’s own variable hide the env: one of the same name', () => {
    const s = scanFixture(F, { job: 'deploy-only' })
    expect(s.registries.map((r) => r.host)).not.toContain('private.us.icr.io')
  })

  it('takes from every job what each refers to when the running job is not known', () => {
    expect(hostsAt(scanFixture(F))).toEqual([
      at('us.icr.io', 'docker push us.icr.io'),
      at('private.us.icr.io', '${PRIVATE_IMAGE}:1'),
      at('de.icr.io', 'image: ${{ env.TOOL_IMAGE }}'),
      at('br.icr.io', 'BASE_IMAGE: br.icr.io'),
      at('au.icr.io', 'target: ${{ env.STEP_IMAGE }}')
    ])
  })

  it('reads env.X, env[…], $X and ${X:-default} as references, and nothing in if: or name:', () => {
    const text = [
      'env:',
      '  A: us.icr.io/team/a',
      '  B: de.icr.io/team/b',
      '  C: jp.icr.io/team/c',
      '  D: uk.icr.io/team/d',
      '  E: au.icr.io/team/e',
      'jobs:',
      '  j:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      "      - uses: acme/x@v1\n        with:\n          args: --image ${{ env['A'] }}",
      '      - run: ./go.sh ${B:-none} $C',
      '      - name: ${{ env.D }}',
      "        if: env.E != ''",
      '        run: echo done',
      ''
    ].join('\n')
    expect(scanWorkflow(text, 'f.yml').registries.map((r) => `${r.host}@${r.location?.line}`)).toEqual([
      'us.icr.io@2',
      'de.icr.io@3',
      'jp.icr.io@4'
    ])
  })
})
