import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { workflowFindings } from '../../../../src/engine/findings/workflow.js'
import { regionHost } from '../../../../src/engine/workflow/regions.js'
import { scanWorkflow, type WorkflowScan } from '../../../../src/engine/workflow/scan.js'

const DIR = path.join(path.dirname(new URL(import.meta.url).pathname), '../../../..', '__fixtures__', 'workflows')

type ScanOptions = Parameters<typeof scanWorkflow>[2]

function scan(name: string, opts?: ScanOptions, transform: (s: string) => string = (s) => s): WorkflowScan {
  return scanWorkflow(transform(readFileSync(path.join(DIR, name), 'utf8')), `.github/workflows/${name}`, opts)
}

/** `host@line` for compact assertions. */
function hosts(s: WorkflowScan): string[] {
  return s.registries.map((r) => `${r.host}@${r.location?.line}`)
}

function unresolved(s: WorkflowScan): string[] {
  return s.unresolvable.map((u) => `${u.expression}@${u.location.line}`)
}

describe('scanWorkflow: sources', () => {
  it('reads docker/login-action registry and build-push tags (list and multi-line string, commas)', () => {
    const s = scan('login-build-push.yml')
    expect(hosts(s)).toEqual(['us.icr.io@14', 'de.icr.io@24', 'jp.icr.io@31', 'uk.icr.io@33', 'au.icr.io@33'])
    expect(s.registries[0]).toMatchObject({ raw: 'us.icr.io', private: false, region: 'us-south' })
    expect(s.registries[0]?.location?.file).toBe('.github/workflows/login-build-push.yml')
    expect(unresolved(s)).toEqual(['${{ steps.meta.outputs.tags }}@36'])
    expect(s.actionStep).toEqual({ file: '.github/workflows/login-build-push.yml', line: 8 })
    expect(s.invalid).toBeUndefined()
  })

  it('reads docker login/push/pull/tag lines in run scripts with exact line numbers', () => {
    const s = scan('docker-run.yml')
    expect(hosts(s)).toEqual([
      'us.icr.io@11', // docker login … us.icr.io (after a comment and before a blank line)
      'de.icr.io@14', // docker tag app de.icr.io/…
      'jp.icr.io@17', // docker pull --platform … \ continued on 17, which names the registry
      'uk.icr.io@19', // sudo docker image push
      'br.icr.io@21', // single-line run:
      'au.icr.io@24' // folded run: >, on the folded line that names the registry
    ])
    expect(unresolved(s)).toEqual(['$(cat image.txt)@20'])
  })

  it('keeps line numbers with CRLF line endings', () => {
    const s = scan('docker-run.yml', {}, (t) => t.replace(/\n/g, '\r\n'))
    expect(hosts(s)).toEqual([
      'us.icr.io@11',
      'de.icr.io@14',
      'jp.icr.io@17',
      'uk.icr.io@19',
      'br.icr.io@21',
      'au.icr.io@24'
    ])
  })

  it('counts a host written with a trailing dot or in upper case as the same registry', () => {
    const text = [
      'jobs:',
      '  push:',
      '    steps:',
      '      - run: |',
      '          docker login us.icr.io',
      '          docker push US.ICR.IO./ns/app:1',
      ''
    ].join('\n')
    const s = scanWorkflow(text, 'x.yml')
    expect(hosts(s)).toEqual(['us.icr.io@5'])
    expect(s.registries[0]).toMatchObject({ raw: 'us.icr.io', region: 'us-south' })
  })

  it('maps ibmcloud cr region-set + cr login to the region domain (IBM and CR CLI region names)', () => {
    const s = scan('ibmcloud-region.yml')
    expect(hosts(s)).toEqual(['de.icr.io@9', 'icr.io@12', 'uk.icr.io@16'])
    expect(s.registries[0]).toMatchObject({ region: 'eu-de' })
  })

  it('reports ibmcloud cr login without a region-set as not resolvable on a runner that may not be fresh', () => {
    const s = scan('ibmcloud-no-region.yml', {}, (t) => t.replace('ubuntu-latest', 'self-hosted'))
    expect(s.registries).toEqual([])
    expect(s.unresolvable).toHaveLength(1)
    expect(s.unresolvable[0]?.location.line).toBe(8)
    expect(s.unresolvable[0]?.expression).toContain('ibmcloud cr login')
  })

  it('follows ${{ env.X }} and $X from env maps (innermost wins); other expressions are not resolvable', () => {
    const s = scan('env-expressions.yml')
    expect(hosts(s)).toEqual([
      'ca.icr.io@11', // only named in job env: the env line
      'us.icr.io@16', // login-action registry: ${{ env.REGISTRY }} (workflow env)
      'de.icr.io@25', // step env REGISTRY overrides the workflow's
      'jp2.icr.io@30' // TARGET=… assigned earlier in the script
    ])
    expect(s.registries.find((r) => r.host === 'us.icr.io')?.raw).toBe('${{ env.REGISTRY }}')
    expect(unresolved(s)).toEqual([
      '${{ secrets.OTHER_REGISTRY }}@19',
      '${{ secrets.REGISTRY }}@28', // $SECRET_REGISTRY comes from a secret
      '${{ vars.PUSH_TARGET }}@31',
      '${{ matrix.registry }}@32'
    ])
    // env values that are not registries (API keys from secrets) are not reported
    expect(s.unresolvable.some((u) => u.expression.includes('IBM_CLOUD_API_KEY'))).toBe(false)
  })

  it('reads docker/metadata-action images and does not call its outputs unresolvable', () => {
    const s = scan('metadata.yml')
    expect(hosts(s)).toEqual(['es.icr.io@10'])
    expect(s.unresolvable).toEqual([])
  })

  it('counts private.* and deprecated hosts, job containers and docker:// steps', () => {
    const s = scan('private.yml')
    expect(hosts(s)).toEqual([
      'private.us.icr.io@6',
      'private.de.icr.io@11',
      'registry.ng.bluemix.net@12',
      'us.icr.io@13'
    ])
    expect(s.registries.map((r) => r.private)).toEqual([true, true, false, false])
    expect(s.registries[2]?.deprecated).toBe(true)
  })

  it('finds nothing in a workflow without registries', () => {
    const s = scan('no-registry.yml')
    expect(s).toEqual({ registries: [], crBuild: [], unresolvable: [], privateOnHosted: [], ignoredDocuments: [] })
    expect(workflowFindings(s)).toEqual([])
  })
})

describe('scanWorkflow: YAML structure', () => {
  it('uses the first document with jobs and reports the others', () => {
    const s = scan('multi-document.yml')
    expect(hosts(s)).toEqual(['us.icr.io@9'])
    expect(s.ignoredDocuments.map((d) => d.line)).toEqual([2, 11])
  })

  it('follows anchors and aliases, with the anchor’s line', () => {
    const s = scan('anchors.yml')
    expect(hosts(s)).toEqual(['private.de.icr.io@5', 'jp.icr.io@15'])
  })

  it('reads an alias as the last node before it with that anchor, as the YAML library does', () => {
    const text = [
      'x-a: &img us.icr.io/a',
      'x-b: &img de.icr.io/b',
      'jobs:',
      '  j:',
      '    container: *img',
      '    steps:',
      '      - &img',
      '        run: docker push jp.icr.io/c',
      '      - *img',
      ''
    ].join('\n')
    expect(hosts(scanWorkflow(text, 'f.yml'))).toEqual(['de.icr.io@2', 'jp.icr.io@8'])
  })

  it('takes registries from the given job, or from every job when the file does not have it', () => {
    const two = scan('anchors.yml', { job: 'two' })
    expect(hosts(two)).toEqual(['jp.icr.io@15']) // job two reuses the env anchor and the &push step
    const missing = scan('anchors.yml', { job: 'nope' })
    expect(hosts(missing)).toEqual(['private.de.icr.io@5', 'jp.icr.io@15'])
  })

  it('reads `<<` as an ordinary key, as GitHub Actions does (no YAML merge keys)', () => {
    const text = [
      'x-env: &e',
      '  REGISTRY: us.icr.io',
      'jobs:',
      '  a:',
      '    env:',
      '      <<: *e',
      '    steps:',
      '      - run: docker push ${{ env.REGISTRY }}/x',
      ''
    ].join('\n')
    const s = scanWorkflow(text, 'f.yml')
    expect(hosts(s)).toEqual([])
    expect(unresolved(s)).toEqual(['${{ env.REGISTRY }}@8'])
  })

  it('reports invalid YAML with its message and line', () => {
    const s = scan('invalid.yml')
    expect(s.invalid).toMatch(/at line 7, column 1$/)
    expect(s.invalidLocation).toEqual({ file: '.github/workflows/invalid.yml', line: 7 })
    expect(s.registries).toEqual([])
  })

  it('reports text that is not YAML, or not a workflow, as invalid', () => {
    const notWorkflow = 'no YAML document with a `jobs:` mapping: this is not a workflow'
    const cases: Array<[string, string, number | undefined]> = [
      ['', notWorkflow, undefined],
      ['- a\n- b\n', notWorkflow, undefined],
      ['a: *nope\n', notWorkflow, undefined],
      ['---\n---\n', notWorkflow, undefined],
      ['jobs: [', 'Flow sequence in block collection must be sufficiently indented and end with a ]', 1],
      ['\t:\n', 'Tabs are not allowed as indentation', 1],
      ['{{{{', 'Flow map in block collection must be sufficiently indented and end with a }', 1]
    ]
    for (const [text, message, line] of cases) {
      const s = scanWorkflow(text, 'x.yml')
      expect([text, s.invalid?.replace(/ at line \d+, column \d+$/, ''), s.invalidLocation?.line]).toEqual([
        text,
        message,
        line
      ])
      expect(s.registries).toEqual([])
    }
  })

  it('lets an error that is not about the YAML propagate: it is a bug, not a warning about the file', () => {
    expect(() => scanWorkflow(42 as unknown as string, 'x.yml')).toThrow(TypeError)
  })

  it('finds ibmcloud cr build / image-build in every job, even when another job is preferred', () => {
    const s = scan('cr-build.yml', { job: 'preflight', actionRefs: ['./'] })
    expect(s.crBuild.map((c) => c.line)).toEqual([13, 14])
    expect(hosts(s)).toEqual(['us.icr.io@7'])
    expect(s.actionStep?.line).toBe(6)
  })

  it('matches the action step by the given refs only', () => {
    expect(scan('login-build-push.yml', { actionRefs: ['acme/icr-allowlist-preflight'] }).actionStep?.line).toBe(8)
    expect(scan('login-build-push.yml', { actionRefs: ['other/action'] }).actionStep).toBeUndefined()
  })
})

describe('scanWorkflow: deadline', () => {
  const FIRST_STEP_LINE = 5
  /** Step 0 pushes to us.icr.io; every other step pushes to a registry from a secret (one note per step). */
  const generated = (steps: number): string =>
    [
      'on: push',
      'jobs:',
      '  build:',
      '    steps:',
      ...Array.from({ length: steps }, (_, i) =>
        i === 0
          ? '      - run: docker push us.icr.io/team/app:0'
          : `      - run: docker push \${{ secrets.R }}/app:\${i}`
      ),
      ''
    ].join('\n')

  afterEach(() => {
    jest.restoreAllMocks()
  })

  it('does not start on a 60,000-step file when the deadline has passed, and says it was cut short', () => {
    const s = scanWorkflow(generated(60_000), 'big.yml', { deadline: Date.now() - 1 })
    expect(s.cutShort).toEqual({ file: 'big.yml', line: 1 })
    expect(s.registries).toEqual([])
    expect(s.unresolvable).toEqual([{ expression: expect.stringContaining('time limit'), location: s.cutShort }])
  })

  it('stops between steps when the deadline comes, keeping what it found so far', () => {
    // A clock that reaches the deadline after 1,000 readings: where the walk stops is then the same on any machine.
    // (5,000 steps, not 60,000: parsing cannot be stopped, and 60,000 steps take seconds to parse.)
    let readings = 0
    jest.spyOn(Date, 'now').mockImplementation(() => (readings++ < 1000 ? 0 : 2))
    const s = scanWorkflow(generated(5000), 'big.yml', { deadline: 1 })
    const stoppedAt = s.cutShort?.line ?? 0
    expect(stoppedAt).toBeGreaterThan(FIRST_STEP_LINE)
    expect(stoppedAt).toBeLessThan(FIRST_STEP_LINE + 5000)
    expect(hosts(s)).toEqual(['us.icr.io@5'])
    // One note for each step read after the first, then the note that the rest was not read.
    const read = Array.from({ length: stoppedAt - FIRST_STEP_LINE - 1 }, (_, i) => FIRST_STEP_LINE + 1 + i)
    expect(s.unresolvable.map((u) => u.location.line)).toEqual([...read, stoppedAt])
    expect(s.unresolvable.at(-1)?.expression).toContain('not read before the run’s time limit')
  })

  it('reads the whole file when the deadline does not come', () => {
    const s = scan('docker-run.yml', { deadline: Date.now() + 60_000 })
    expect(s.cutShort).toBeUndefined()
    expect(hosts(s)).toHaveLength(6)
  })
})

describe('regionHost', () => {
  it('maps region names to public domains via the registry table', () => {
    expect(regionHost('us-south')).toBe('us.icr.io')
    expect(regionHost('global')).toBe('icr.io')
    expect(regionHost('eu-de')).toBe('de.icr.io')
    expect(regionHost('ca-mon')).toBe('ca2.icr.io')
    expect(regionHost('ap-north')).toBe('jp.icr.io')
    expect(regionHost('de.icr.io')).toBe('de.icr.io')
    expect(regionHost('mars-1')).toBeUndefined()
  })
})
