import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { fixText } from '../../../harness/fix-text.js'
import {
  workflowFindings,
  workflowNotFoundFinding,
  workflowSettingsFindings
} from '../../../../src/engine/findings/workflow.js'
import { parseSettings, withWorkflowRegistries } from '../../../../src/engine/settings/settings.js'
import { scanWorkflow, type WorkflowScan } from '../../../../src/engine/workflow/scan.js'

const DIR = path.join(path.dirname(new URL(import.meta.url).pathname), '../../../..', '__fixtures__', 'workflows')

function scan(name: string): WorkflowScan {
  return scanWorkflow(readFileSync(path.join(DIR, name), 'utf8'), `.github/workflows/${name}`)
}

describe('workflowFindings', () => {
  it('turns cr build, unresolvable, invalid and extra documents into located findings', () => {
    const f = [
      ...workflowFindings(scan('cr-build.yml')),
      ...workflowFindings(scan('env-expressions.yml')),
      ...workflowFindings(scan('invalid.yml')),
      ...workflowFindings(scan('multi-document.yml'))
    ]
    const crBuild = f.filter((x) => x.code === 'WORKFLOW_CR_BUILD')
    expect(crBuild).toHaveLength(2)
    expect(crBuild[0]).toMatchObject({
      severity: 'error',
      location: { file: '.github/workflows/cr-build.yml', line: 13 }
    })
    expect(fixText(crBuild[0])).toContain('docker build` + `docker push`, or docker/build-push-action')
    const unres = f.filter((x) => x.code === 'WORKFLOW_UNRESOLVABLE')
    expect(unres).toHaveLength(4)
    expect(unres.every((x) => x.severity === 'notice' && x.location !== undefined)).toBe(true)
    const invalid = f.filter((x) => x.code === 'WORKFLOW_INVALID')
    expect(invalid.map((x) => [x.severity, x.location?.line])).toEqual([
      ['warning', 7],
      ['warning', 2],
      ['warning', 11]
    ])
  })

  it('warns on the line of a private registry a GitHub-hosted job uses, with both ways out', () => {
    const f = workflowFindings(scan('private-hosted.yml')).filter((x) => x.code === 'WORKFLOW_PRIVATE_ON_HOSTED')
    expect(f.map((x) => [x.severity, x.location?.line])).toEqual([
      ['warning', 11],
      ['warning', 12]
    ])
    expect(f[0]?.message).toContain('private.us.icr.io')
    expect(f[0]?.message).toContain('GitHub-hosted runner (runs-on: ubuntu-latest)')
    expect(fixText(f[0])).toContain('self-hosted runner inside IBM Cloud')
    expect(fixText(f[0])).toContain('public domain us.icr.io')
    expect(fixText(f[1])).toContain('public domain de.icr.io')
  })

  it('keeps that warning when the user named the registries (it is about the workflow, not what was checked)', () => {
    const read = { found: true as const, scan: scan('private-hosted.yml') }
    const codes = workflowSettingsFindings({ read, registriesNamed: true }).map((x) => x.code)
    expect(codes).toEqual(['WORKFLOW_PRIVATE_ON_HOSTED', 'WORKFLOW_PRIVATE_ON_HOSTED'])
  })

  it('has a WORKFLOW_NOT_FOUND notice', () => {
    const f = workflowNotFoundFinding('not checked out', '.github/workflows/ci.yml')
    expect(f).toMatchObject({ severity: 'notice', code: 'WORKFLOW_NOT_FOUND' })
    expect(f.message).toContain('.github/workflows/ci.yml')
  })
})

describe('the workflow merged into the settings', () => {
  const found = { found: true as const, scan: scan('env-expressions.yml') }
  it('uses the workflow registries when none were named, with every workflow notice', () => {
    const settings = withWorkflowRegistries(parseSettings({}, {}), { registries: found.scan.registries, read: found })
    expect(settings.registries).toEqual(found.scan.registries)
    expect(workflowSettingsFindings(settings.workflow).some((f) => f.code === 'WORKFLOW_UNRESOLVABLE')).toBe(true)
  })

  it('keeps named registries (with the workflow line) and drops notices they make moot', () => {
    expect(found.scan.registries.length).toBeGreaterThan(0)
    const named = parseSettings({ registry: found.scan.registries[0]?.host ?? 'us.icr.io' }, {})
    const settings = withWorkflowRegistries(named, { registries: found.scan.registries, read: found })
    expect(settings.registries[0]?.location).toEqual(found.scan.registries[0]?.location)
    expect(workflowSettingsFindings(settings.workflow).some((f) => f.code === 'WORKFLOW_UNRESOLVABLE')).toBe(false)
    const missing = withWorkflowRegistries(named, { registries: [], read: { found: false, reason: 'not checked out' } })
    expect(workflowSettingsFindings(missing.workflow)).toEqual([])
    const unnamed = withWorkflowRegistries(parseSettings({}, {}), {
      registries: [],
      read: { found: false, reason: 'not checked out' }
    })
    expect(workflowSettingsFindings(unnamed.workflow).map((f) => f.code)).toEqual(['WORKFLOW_NOT_FOUND'])
  })
})
