/**
 * The schema of the action's `report` output (and of the CLI's `--json`), version 1. Everything a reporter
 * shows comes from this object; fields are only ever added, never renamed, within a version.
 */
import type { EgressResult } from '../evidence/egress/discover.js'
import type { Evidence } from '../evidence/gather.js'
import type { ProbeResult } from '../evidence/iam/token.js'
import type { ListEvidence } from '../evidence/lists.js'
import type { RegistryProbes } from '../evidence/registry/probes.js'
import type { Finding } from '../findings/finding.js'
import type { RegistryTarget } from '../settings/registries.js'
import type { FailOn, Settings } from '../settings/settings.js'
import { evaluateCbr, type CbrEvaluation } from '../verdict/cbr.js'
import type { Result, Verdict } from '../verdict/decide.js'
import type { Match, Matched } from '../verdict/match.js'
import type { Subject } from '../verdict/subjects.js'
import { evaluatePlan, type PlanEvaluation } from '../verdict/plan.js'

/** Most rule checks the report carries (the refusing ones first): the `report` output has a size limit. */
const REPORT_CBR_CHECKS = 200

/** The whole report, as published in the `report` output. */
export interface Report {
  version: 1
  result: Result
  /** Whether the gate passes for the configured `fail-on`. */
  gatePassed: boolean
  failOn: FailOn
  /** Egress addresses observed, primary first. */
  egressIps: string[]
  /** Addresses that must be added for the run to pass. */
  missing: string[]
  subjects: Subject[]
  registries: RegistryTarget[]
  egress: EgressResult
  probe?: ProbeResult
  lists: ListEvidence[]
  matches: Match[]
  findings: Finding[]
  /** What the evidence says of each path checked. */
  paths: Verdict['paths']
  /** How the private source was found, with every candidate considered (when the private path is checked). */
  privateSourceChoice?: Evidence['privateSourceChoice']
  /** The registry's own answer to the login, per host, and the regions' private-only settings (`probe-registry`). */
  registryProbes?: RegistryProbes
  /** Container Registry's context-based restrictions: the rules evaluated, with per-context reasons (with a key). */
  cbr?: CbrEvaluation
  /** The `plan` check: each subject before and after the plan, per list and rule it touches. */
  plan?: PlanEvaluation
  runnerEnvironment?: string
  startedAt: string
  elapsedMs: number
}

/** Assembles the report from the stages' results. */
export function buildReport(
  settings: Settings,
  evidence: Evidence,
  matched: Matched,
  findings: Finding[],
  verdict: Verdict,
  time: { started: number; ended: number }
): Report {
  return {
    version: 1,
    result: verdict.result,
    gatePassed: verdict.gatePassed,
    failOn: settings.failOn,
    egressIps: evidence.egress.addresses,
    missing: matched.missing,
    subjects: matched.subjects,
    registries: settings.registries,
    egress: evidence.egress,
    probe: evidence.probe,
    lists: evidence.lists.map((l) => l.evidence),
    matches: matched.matches,
    findings,
    paths: verdict.paths,
    privateSourceChoice: evidence.privateSourceChoice,
    registryProbes: evidence.registryProbes,
    cbr: evaluateCbr(evidence, settings.registries, REPORT_CBR_CHECKS),
    plan: evaluatePlan(settings, evidence),
    runnerEnvironment: settings.runnerEnvironment,
    startedAt: new Date(time.started).toISOString(),
    elapsedMs: time.ended - time.started
  }
}
