/**
 * Deciding: the run's result and whether the gate passes, from the evidence, the matches and the findings.
 * Pure: nothing here prints, connects or makes findings.
 */
import type { Evidence } from '../evidence/gather.js'
import type { Finding } from '../findings/finding.js'
import type { FailOn } from '../settings/settings.js'
import type { Matched } from './match.js'

/** The run's result: `fail` when an error finding stands, `pass` when IAM or every list allows every subject. */
export type Result = 'pass' | 'fail' | 'unknown'

/** The decision. */
export interface Verdict {
  result: Result
  /** Whether the gate passes for the configured `fail-on`. */
  gatePassed: boolean
}

/** Whether the gate passes for `failOn`. */
export function gatePasses(failOn: FailOn, findings: readonly Finding[]): boolean {
  if (failOn === 'never') return true
  if (failOn === 'warning') return !findings.some((f) => f.severity === 'error' || f.severity === 'warning')
  return !findings.some((f) => f.severity === 'error')
}

/** Decides the run. */
export function decide(failOn: FailOn, evidence: Evidence, matched: Matched, findings: readonly Finding[]): Verdict {
  const { needs, egress, probe, lists, privateSources } = evidence
  const granted = probe?.outcome === 'granted'
  // Secondary egress addresses are reported (warnings) but are not subjects of the result.
  const secondary = new Set(matched.subjects.filter((s) => s.role === 'egress-secondary').map((s) => s.address))
  const evaluated = lists.some((l) => l.evidence.parsed !== undefined)
  let result: Result = 'unknown'
  if (findings.some((f) => f.severity === 'error')) result = 'fail'
  else if (granted) result = 'pass'
  else if (
    matched.subjects.length > 0 &&
    evaluated &&
    matched.matches.every((m) => m.status !== 'not-allowed' || m.monitor || secondary.has(m.subject))
  )
    result = 'pass'
  // Every subject needed must exist: a private registry with no private source cannot pass on lists alone.
  if (result === 'pass' && !granted) {
    if ((needs.public && !egress.primary) || (needs.private && privateSources.length === 0)) result = 'unknown'
  }
  return { result, gatePassed: gatePasses(failOn, findings) }
}
