/**
 * Deciding: the run's result and whether the gate passes, from the evidence, the matches and the findings.
 * Each path is decided on its own evidence: the public one (the egress address, the token probe over IAM's
 * public endpoint) and the private one (the private sources). A token granted over the public endpoint says
 * nothing about the private path: only lists that were read, or an answer over the private endpoint (the
 * registry's own login to a `private.*` domain, or IAM's private endpoint), speak for it. The other gates
 * (the registry's own refusals, context-based restrictions) fail the run through their error findings.
 * Pure: nothing here prints, connects or makes findings.
 */
import type { Evidence } from '../evidence/gather.js'
import type { Finding } from '../findings/finding.js'
import type { FailOn } from '../settings/settings.js'
import type { Matched } from './match.js'
import type { Subject } from './subjects.js'

/** The run's result: `fail` when an error finding stands, `pass` when every path checked is shown open. */
export type Result = 'pass' | 'fail' | 'unknown'

/** What the evidence says of one path. */
type PathResult = 'pass' | 'fail' | 'unknown'

/** The decision. */
export interface Verdict {
  result: Result
  /** Whether the gate passes for the configured `fail-on`. */
  gatePassed: boolean
  /** Each path checked, on its own evidence. */
  paths: { public?: PathResult; private?: PathResult }
}

/** Whether the gate passes for `failOn`. */
export function gatePasses(failOn: FailOn, findings: readonly Finding[]): boolean {
  if (failOn === 'never') return true
  if (failOn === 'warning') return !findings.some((f) => f.severity === 'error' || f.severity === 'warning')
  return !findings.some((f) => f.severity === 'error')
}

/**
 * Whether every list allows `subjects`: `pass` when at least one list was read and none refuses them (a
 * monitor-mode list only warns), `fail` when an enforced list refuses one, `unknown` when a list that applies
 * could not be read or nothing was read at all.
 */
function byLists(
  subjects: readonly Subject[],
  matched: Matched,
  evidence: Evidence,
  unreadBlocks: boolean
): PathResult {
  if (subjects.length === 0 || !evidence.lists.some((l) => l.evidence.parsed !== undefined)) return 'unknown'
  const addresses = new Set(subjects.map((s) => s.address))
  const rows = matched.matches.filter((m) => addresses.has(m.subject))
  if (rows.some((m) => m.status === 'not-allowed' && m.monitor !== true)) return 'fail'
  if (unreadBlocks && rows.some((m) => m.status === 'unknown')) return 'unknown'
  return 'pass'
}

/** Decides the run. */
export function decide(failOn: FailOn, evidence: Evidence, matched: Matched, findings: readonly Finding[]): Verdict {
  const { needs, probe, probeOver } = evidence
  const granted = probe?.outcome === 'granted'
  const paths: Verdict['paths'] = {}
  if (needs.public) {
    const primary = matched.subjects.filter((s) => s.role === 'egress-primary')
    // IAM's grant over its public endpoint is direct evidence for the address it saw, whatever a list says.
    paths.public = granted && probeOver === 'public' ? 'pass' : byLists(primary, matched, evidence, false)
  }
  if (needs.private) {
    const sources = matched.subjects.filter((s) => s.role === 'private-source')
    const lists = byLists(sources, matched, evidence, true)
    // A refused guess is only a guess (a warning): the path stays unknown rather than failed.
    const sure = lists === 'fail' && sources.every((s) => s.guessed === true) ? 'unknown' : lists
    // The registry's own grant over a private domain, or IAM's over its private endpoint, speaks for this path.
    const privateLogins = evidence.registryProbes?.logins.filter((l) => l.private) ?? []
    const registryGranted = privateLogins.length > 0 && privateLogins.every((l) => l.outcome === 'granted')
    const answered = registryGranted || (granted && probeOver === 'private')
    paths.private = answered && sure !== 'fail' ? 'pass' : sure
  }
  let result: Result = 'unknown'
  if (findings.some((f) => f.severity === 'error')) result = 'fail'
  else if (Object.values(paths).length > 0 && Object.values(paths).every((p) => p === 'pass')) result = 'pass'
  return { result, gatePassed: gatePasses(failOn, findings), paths }
}
