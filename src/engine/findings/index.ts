/**
 * Every finding of a run, built from the settings and the evidence in one place, in the order a reader
 * meets them: the workflow and registries, the account, the lists, egress, the probe, the registry's login,
 * the run, then the subjects refused.
 */
import type { Evidence } from '../evidence/gather.js'
import type { Settings } from '../settings/settings.js'
import type { Matched } from '../verdict/match.js'
import { addressFindings } from './address.js'
import { cbrFindings } from './cbr.js'
import { egressFindings } from './egress.js'
import type { Finding } from './finding.js'
import { listFindings, listOriginFindings, zoneFindings } from './list.js'
import { locateFindings } from './locate.js'
import { probeFindings } from './probe.js'
import { registryFindings } from './registry.js'
import { registryProbeFindings } from './registry-probe.js'
import { accountFindings, runFindings } from './run.js'
import { workflowSettingsFindings } from './workflow.js'
import { evaluatePlan } from '../verdict/plan.js'
import { planFindings } from './plan.js'
import { lintFindings } from './lint.js'

/** The findings of a run. */
export function findingsFor(settings: Settings, evidence: Evidence, matched: Matched): Finding[] {
  const { egress, probe, lists } = evidence
  const findings: Finding[] = [
    ...workflowSettingsFindings(settings.workflow),
    ...registryFindings(settings.registries),
    ...accountFindings(evidence),
    ...lists.flatMap((l) => zoneFindings(l.evidence.level, l.zones)),
    ...lists.flatMap((l) => [...listOriginFindings(l.evidence), ...listFindings(l.evidence)]),
    ...egressFindings(egress, { primaryNeeded: evidence.needs.public, probeRan: probe !== undefined }),
    ...(probe
      ? probeFindings(probe, egress.primary, evidence.accountRaw, settings.runnerEnvironment, settings.disclose)
      : []),
    ...registryProbeFindings(evidence),
    ...runFindings(evidence),
    ...matched.refusals.flatMap((r) => addressFindings(r, evidence, settings.runnerEnvironment, settings.disclose)),
    ...cbrFindings(evidence, settings.registries, settings.runnerEnvironment),
    ...planFindings(evidence.plan, evaluatePlan(settings, evidence)),
    ...lintFindings(settings, evidence)
  ]
  return locateFindings(findings, settings.registries, matched.subjects)
}
