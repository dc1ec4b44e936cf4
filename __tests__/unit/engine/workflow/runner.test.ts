import { describe, expect, it } from '@jest/globals'
import { LineCounter, parseDocument } from 'yaml'
import { jobRunner } from '../../../../src/engine/workflow/runner.js'
import { get, treeOf } from '../../../../src/engine/workflow/yaml-nodes.js'

/** The runner of a job whose `runs-on:` is `runsOn` (YAML), with `RUNNER_ENVIRONMENT` = `env`. */
function runnerOf(runsOn: string, env?: string): string {
  const text = `job:\n  runs-on: ${runsOn}\n`
  const lines = new LineCounter()
  const tree = treeOf(parseDocument(text, { lineCounter: lines }), text, lines)
  const job = get(tree, tree.doc.contents, 'job')
  if (!job) throw new Error('no job')
  const r = jobRunner(tree, job, env)
  return `${r.kind} (${r.evidence})`
}

describe('jobRunner', () => {
  it('reads GitHub’s image labels as GitHub-hosted', () => {
    expect(runnerOf('ubuntu-latest')).toBe('github-hosted (runs-on: ubuntu-latest)')
    expect(runnerOf('windows-2025')).toBe('github-hosted (runs-on: windows-2025)')
    expect(runnerOf('[macos-15]')).toBe('github-hosted (runs-on: macos-15)')
    expect(runnerOf('ubuntu-24.04-arm')).toBe('github-hosted (runs-on: ubuntu-24.04-arm)')
  })

  it('reads self-hosted in a label list or a group’s labels as self-hosted', () => {
    expect(runnerOf('self-hosted')).toBe('self-hosted (runs-on: self-hosted)')
    expect(runnerOf('[self-hosted, linux, x64]')).toBe('self-hosted (runs-on: [self-hosted, linux, x64])')
    expect(runnerOf('{ group: ibm, labels: [self-hosted, vpc] }')).toBe('self-hosted (runs-on: [self-hosted, vpc])')
  })

  it('does not guess for custom labels, groups without labels, expressions, or no runs-on', () => {
    expect(runnerOf('big-linux')).toMatch(/^unknown/)
    expect(runnerOf('{ group: larger-runners }')).toMatch(/^unknown/)
    expect(runnerOf('${{ matrix.os }}')).toMatch(/^unknown/)
    expect(runnerOf('[ubuntu-latest, gpu]')).toMatch(/^unknown/)
    expect(runnerOf('')).toMatch(/^unknown/)
  })

  it('takes RUNNER_ENVIRONMENT over the labels; ignores a value it does not know', () => {
    expect(runnerOf('self-hosted', 'github-hosted')).toBe('github-hosted (RUNNER_ENVIRONMENT=github-hosted)')
    expect(runnerOf('ubuntu-latest', 'self-hosted')).toBe('self-hosted (RUNNER_ENVIRONMENT=self-hosted)')
    expect(runnerOf('ubuntu-latest', 'other')).toBe('github-hosted (runs-on: ubuntu-latest)')
  })
})
