/**
 * The plan check: every `must-allow` subject and this runner's own address, before and after the plan, for
 * each list, zone and Container Registry rule the plan touches. The planned values replace the live ones
 * for what the plan touches; "before" is the live list when one was read (with a key), else the plan's own
 * `before`. Pure: the evidence in, rows out.
 */
import { parseAllowlist, type ParsedList } from '../allowlist/grammar.js'
import type { Evidence } from '../evidence/gather.js'
import type { CheckedList } from '../evidence/lists.js'
import { parseAddressValue } from '../net/address.js'
import type { Planned, PlanContent, PlanList, PlanListLevel } from '../plan/read.js'
import type { SourceLocation } from '../settings/registries.js'
import type { Settings } from '../settings/settings.js'
import { listCoverage, type Coverage, type PlanSubject } from './plan-coverage.js'
import { ruleCoverage } from './plan-rules.js'
import { PlanZones, type Side } from './plan-zones.js'

/** One subject through one gate (a list or a rule), before and after the plan. */
export interface PlanRow {
  subject: { text: string; label?: string; own?: boolean }
  /** The resource address (`module.iam.ibm_iam_account_settings.this`). */
  gate: string
  kind: PlanListLevel | 'rule'
  /** The resource's `change.actions`. */
  actions: string[]
  before: Coverage
  after: Coverage
  /** Entries that allowed the subject before and are gone after. */
  removed: string[]
  /** The `.tf` block of the resource, when found in the workspace. */
  location?: SourceLocation
}

/** The plan check's result, for the findings and the report. */
export interface PlanEvaluation {
  file: string
  subjects: Array<PlanRow['subject']>
  rows: PlanRow[]
}

/** The subjects: `must-allow`, then this runner's own egress address (unless `must-allow` already holds it). */
function planSubjects(settings: Pick<Settings, 'mustAllow'>, evidence: Pick<Evidence, 'egress'>): PlanSubject[] {
  const out: PlanSubject[] = [...(settings.mustAllow ?? [])]
  const own = evidence.egress.primary
  const parsed = own ? parseAddressValue(own) : null
  if (
    own &&
    parsed &&
    !out.some((s) => s.family === parsed.family && s.first === parsed.value && s.last === parsed.value)
  ) {
    out.push({ text: own, own: true, family: parsed.family, first: parsed.value, last: parsed.value })
  }
  return out
}

const touches = (actions: readonly string[]): boolean =>
  actions.some((a) => a === 'create' || a === 'update' || a === 'delete')

/** Evaluates the plan of `evidence.plan`, or undefined when there is none or it could not be read. */
export function evaluatePlan(settings: Pick<Settings, 'mustAllow'>, evidence: Evidence): PlanEvaluation | undefined {
  const read = evidence.plan?.read
  if (!evidence.plan || !read?.ok) return undefined
  const plan = read.plan
  const subjects = planSubjects(settings, evidence)
  const live = (level: PlanListLevel): CheckedList | undefined =>
    level === 'template' ? undefined : evidence.lists.find((l) => l.evidence.level === level && l.evidence.parsed)
  const zonesOf = (side: Side, list?: CheckedList): PlanZones =>
    new PlanZones(plan, side, (name) => list?.zoneRanges?.get(name), evidence.cbr)
  const changedZoneNames = zoneNamesChanged(plan)
  const rows: PlanRow[] = []
  const blocks = evidence.plan.blocks
  const row = (
    base: Omit<PlanRow, 'removed' | 'location' | 'subject'>,
    s: PlanSubject,
    removedFrom?: ParsedList
  ): PlanRow => {
    const removed =
      base.before.state === 'allowed' && base.after.state !== 'allowed'
        ? base.before.by.filter((e) => !e.startsWith('(') && !removedFrom?.entries.some((x) => x.raw === e))
        : []
    const location = blocks[base.gate]
    return { subject: view(s), ...base, removed, ...(location ? { location } : {}) }
  }
  for (const l of plan.lists) {
    // Deleting the settings resource leaves the account's list as it is (the provider forgets it).
    if (l.after.state === 'absent') continue
    const liveList = live(l.level)
    const names = zoneNames(l.after)
    if (!touches(l.actions) && !names.some((n) => changedZoneNames.has(n))) continue
    const afterList = l.after.state === 'known' ? parseAllowlist(l.after.value) : undefined
    for (const s of subjects) {
      const before = liveList?.evidence.parsed
        ? listCoverage(liveList.evidence.parsed, zoneLookup(zonesOf('before', liveList)), s)
        : plannedCoverage(
            l.before,
            zonesOf('before'),
            s,
            `${l.address} is created by this plan: the list before it is not in the plan (give an API key to read the live one)`
          )
      const after = plannedCoverage(l.after, zonesOf('after', liveList), s, `${l.address} is known only after apply`)
      rows.push(row({ gate: l.address, kind: l.level, actions: l.actions, before, after }, s, afterList))
    }
  }
  for (const r of plan.rules) {
    if (!touches(r.actions)) continue
    for (const s of subjects) {
      const side = (which: Side): Coverage => {
        const v = r[which]
        if (v.state === 'absent')
          return { state: 'allowed', by: [which === 'before' ? '(no such rule yet)' : '(rule deleted)'] }
        if (v.state === 'unknown') return { state: 'unknown', why: `${r.address} is known only after apply` }
        return ruleCoverage(v.value, zonesOf(which), r.moduleAddress, s)
      }
      rows.push(
        row({ gate: r.address, kind: 'rule', actions: r.actions, before: side('before'), after: side('after') }, s)
      )
    }
  }
  return { file: evidence.plan.shown, subjects: subjects.map(view), rows }
}

/** A subject as the report shows it (no BigInt: the report is JSON). */
function view(s: PlanSubject): PlanRow['subject'] {
  return { text: s.text, ...(s.label ? { label: s.label } : {}), ...(s.own ? { own: true } : {}) }
}

function zoneLookup(zones: PlanZones): (name: string) => ReturnType<PlanZones['byId']> {
  return (name) =>
    zones.byName(name) ?? {
      unknown: `network zone "${name}" is neither in the plan nor read (give an API key to read it)`
    }
}

function plannedCoverage(v: Planned<string>, zones: PlanZones, s: PlanSubject, unknownWhy: string): Coverage {
  if (v.state !== 'known') return { state: 'unknown', why: unknownWhy }
  return listCoverage(parseAllowlist(v.value), zoneLookup(zones), s)
}

function zoneNames(v: Planned<string>): string[] {
  return v.state === 'known' ? parseAllowlist(v.value).entries.flatMap((e) => (e.kind === 'zone' ? [e.name] : [])) : []
}

/** Names of the zones whose members the plan changes (zones and zone-address resources it touches). */
function zoneNamesChanged(plan: PlanContent): Set<string> {
  const out = new Set<string>()
  for (const z of plan.zones) {
    if (!touches(z.actions)) continue
    for (const v of [z.before, z.after]) if (v.state === 'known' && v.value.name) out.add(v.value.name)
  }
  return out
}

/** The lists a plan leaves, for lint: each planned list known after apply, with its resource address. */
export function plannedLists(plan: PlanContent): Array<{ list: PlanList; text: string }> {
  return plan.lists.flatMap((l) =>
    l.after.state === 'known' && touches(l.actions) ? [{ list: l, text: l.after.value }] : []
  )
}
