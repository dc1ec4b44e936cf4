/**
 * The two inputs that guard allowlist changes before they apply: `plan` (the JSON of `terraform show -json`)
 * and `must-allow` (the addresses that must stay allowed). Parsed once here, like every other input, so the
 * action and the CLI refuse the same mistakes with the same words.
 */
import path from 'node:path'
import { readAddressEntry } from '../allowlist/entry.js'
import type { Family } from '../net/address.js'
import { InputError } from './input-error.js'

/** One subject of `must-allow`: an address, a CIDR or a range, which must be covered whole. */
export interface MustAllow {
  /** As written (without the label). */
  text: string
  /** The `NAME=` label of its line, when given. */
  label?: string
  family: Family
  first: bigint
  last: bigint
}

/** The `plan` input resolved: where to read it, and how to name it in findings. */
export interface PlanPath {
  /** Absolute path. */
  full: string
  /** As given, relative to the workspace. */
  shown: string
  /** The workspace it was resolved against (the root for `.tf` look-ups). */
  workspace: string
}

// A label names the machines (`runners=`, `vpc-cse=`): letters, digits, `_`, `-`, `.` and spaces.
const LABEL = /^\s*([A-Za-z][\w .-]{0,63})\s*=(.*)$/

/**
 * Parses `must-allow`: items separated by commas or newlines, each an address, CIDR or range (`a-b` or
 * `a - b`); a line may start with `NAME=`, which labels every item on it. Throws InputError for the first
 * item that is none of these.
 */
export function parseMustAllow(value: string): MustAllow[] {
  const out: MustAllow[] = []
  for (const line of value.split(/\r?\n/)) {
    const labelled = LABEL.exec(line)
    const label = labelled?.[1]?.trim()
    const body = labelled ? (labelled[2] ?? '') : line
    for (const piece of body.split(',')) {
      const text = piece.trim()
      if (text === '') continue
      const read = readAddressEntry(text)
      if ('error' in read) {
        throw new InputError(
          'must-allow',
          `Input 'must-allow' holds "${text}": ${read.error}; expected addresses, CIDRs (203.0.113.0/28) or ranges (203.0.113.10-203.0.113.20), separated by commas or newlines, with an optional NAME= label at the start of a line.`
        )
      }
      if (out.some((m) => m.family === read.family && m.first === read.first && m.last === read.last)) continue
      out.push({ text, ...(label ? { label } : {}), family: read.family, first: read.first, last: read.last })
    }
  }
  return out
}

/**
 * Resolves `plan` against the workspace (`GITHUB_WORKSPACE`, or the working directory for the CLI). A path
 * outside it is refused: the action must never be pointed at the runner's other files.
 */
export function parsePlanPath(value: string, env: NodeJS.ProcessEnv): PlanPath | undefined {
  const shown = value.trim()
  if (shown === '') return undefined
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd())
  const full = path.resolve(workspace, shown)
  if (full !== workspace && !full.startsWith(workspace + path.sep)) {
    throw new InputError(
      'plan',
      `Input 'plan' is "${shown}", which is outside the workspace (${workspace}); expected a path inside it to the JSON written by 'terraform show -json PLANFILE', such as plan.json.`
    )
  }
  if (full === workspace) {
    throw new InputError(
      'plan',
      `Input 'plan' names the workspace itself; expected the JSON file written by 'terraform show -json PLANFILE', such as plan.json.`
    )
  }
  return { full, shown, workspace }
}
