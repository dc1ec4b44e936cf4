/**
 * Shared helpers of the workflow tests: scan a fixture of __fixtures__/workflows/, find the line a text is on (so
 * that an expectation says which line it means), and show targets compactly.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { scanWorkflow, type WorkflowScan } from '../../../../src/engine/workflow/scan.js'

const DIR = path.join(path.dirname(new URL(import.meta.url).pathname), '../../../..', '__fixtures__', 'workflows')

type ScanOptions = Parameters<typeof scanWorkflow>[2]

/** The text of a fixture. */
export function fixture(name: string): string {
  return readFileSync(path.join(DIR, name), 'utf8')
}

/** Scans a fixture as `.github/workflows/NAME`. */
export function scanFixture(name: string, opts?: ScanOptions): WorkflowScan {
  return scanWorkflow(fixture(name), `.github/workflows/${name}`, opts)
}

/**
 * The 1-based line of the first line of a fixture that contains `needle` (after the `after`-th such line); comment
 * lines, such as a fixture's header naming its source, are skipped.
 */
export function lineWith(name: string, needle: string, after = 0): number {
  const lines = fixture(name).split('\n')
  let seen = 0
  const index = lines.findIndex((l) => !l.trimStart().startsWith('#') && l.includes(needle) && seen++ >= after)
  if (index < 0) throw new Error(`${name} has no line with ${needle}`)
  return index + 1
}

/** `host@line` for each target. */
export function hostsAt(s: WorkflowScan): string[] {
  return s.registries.map((r) => `${r.host}@${r.location?.line}`)
}

/** `host repository access` for each target (`-` when absent). */
export function uses(s: WorkflowScan): string[] {
  return s.registries.map((r) => `${r.host} ${r.repository ?? '-'} ${r.access ?? '-'}`)
}

/** `expression@line` for each note. */
export function notesAt(s: WorkflowScan): string[] {
  return s.unresolvable.map((u) => `${u.expression}@${u.location.line}`)
}
