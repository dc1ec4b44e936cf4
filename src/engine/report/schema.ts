/**
 * The schema of the action's `report` output (and of the CLI's `--json`), version 1. Everything a reporter
 * shows comes from this object; fields are only ever added, never renamed, within a version.
 */
import type { FailOn } from '../settings/settings.js'
import type { RegistryTarget } from '../settings/registries.js'
import type { Finding } from '../findings/finding.js'
import type { ListEvidence } from '../evidence/lists.js'
import type { EgressResult } from '../evidence/egress/discover.js'
import type { ProbeResult } from '../evidence/iam/token.js'
import type { Match, Subject, Result } from '../verdict/decide.js'
/** The whole report, as published in the `report` output (schema in the README). */
export interface Report {
  version: 1
  result: Result
  /** Whether the gate passes for the configured `fail-on`. */
  gatePassed: boolean
  failOn: FailOn
  egressIps: string[]
  missing: string[]
  subjects: Subject[]
  registries: RegistryTarget[]
  egress: EgressResult
  probe?: ProbeResult
  lists: ListEvidence[]
  matches: Match[]
  findings: Finding[]
  runnerEnvironment?: string
  startedAt: string
  elapsedMs: number
}
