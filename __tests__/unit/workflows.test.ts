/**
 * The workflow files and action.yml, checked against the documented shape with the `yaml` package (GitHub's
 * own parser, @actions/workflow-parser, is not a dependency): valid YAML, triggers, jobs with runs-on and
 * steps, each step with exactly one of `uses` / `run`, third-party actions pinned by commit SHA; action.yml's
 * runtime, entry point and inputs.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../harness/runner.js'

type Step = Record<string, unknown>
interface Workflow {
  name?: string
  on?: unknown
  permissions?: unknown
  jobs?: Record<string, { 'runs-on'?: unknown; steps?: Step[] }>
}

const dir = join(ROOT, '.github/workflows')
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))

describe('workflows', () => {
  it.each(files)('%s has the documented shape', (file) => {
    const wf = parse(readFileSync(join(dir, file), 'utf8')) as Workflow
    expect(typeof wf.name).toBe('string')
    expect(wf.on).toBeDefined()
    expect(wf.permissions).toBeDefined()
    expect(Object.keys(wf.jobs ?? {}).length).toBeGreaterThan(0)
    for (const job of Object.values(wf.jobs ?? {})) {
      expect(job['runs-on']).toBeDefined()
      for (const step of job.steps ?? []) {
        expect(('uses' in step ? 1 : 0) + ('run' in step ? 1 : 0)).toBe(1)
        const uses = step.uses
        if (typeof uses === 'string' && !uses.startsWith('./') && !uses.startsWith('github/codeql-action/')) {
          expect(uses).toMatch(/@[0-9a-f]{40}$/)
        }
      }
    }
  })

  it('release moves the major tag on v1.x.y tags and checks dist/', () => {
    const text = readFileSync(join(dir, 'release.yml'), 'utf8')
    const wf = parse(text) as { on: { push: { tags: string[] } } }
    expect(wf.on.push.tags).toEqual(['v1.*.*'])
    expect(text).toContain('git diff --exit-code -- dist')
    expect(text).toContain('git push -f origin v1')
  })

  it('dependabot covers npm and github-actions', () => {
    const cfg = parse(readFileSync(join(ROOT, '.github/dependabot.yml'), 'utf8')) as {
      version: number
      updates: Array<{ 'package-ecosystem': string }>
    }
    expect(cfg.version).toBe(2)
    expect(cfg.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm'])
  })
})

describe('action.yml', () => {
  it('runs dist/index.js on node24 and declares every input with a description and a default', () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
      name: string
      description: string
      runs: { using: string; main: string }
      inputs: Record<string, { description?: string; default?: unknown }>
    }
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    for (const [name, input] of Object.entries(action.inputs)) {
      expect({ name, description: typeof input.description }).toEqual({ name, description: 'string' })
      expect({ name, default: typeof input.default }).toEqual({ name, default: 'string' })
    }
  })
})
