/**
 * How a planned Container Registry rule treats a subject (docs/ibm-facts.md §9): a rule allows an address
 * when at least one context allows it, and a context only when all its attributes hold. A runner reaches
 * `*.icr.io` over the public endpoint with an API key, so an `endpointType` without `public` or an `mfa`
 * condition rules the context out.
 */
import type { Range } from '../allowlist/ranges.js'
import type { RuleValue } from '../plan/read.js'
import { settle, zoneRanges, type Coverage, type PlanSubject } from './plan-coverage.js'
import type { PlanZones, ZoneAnswer } from './plan-zones.js'

const EVERYWHERE: Range = [0n, (1n << 128n) - 1n]

/** Coverage of `subject` by one rule on one side of the plan. */
export function ruleCoverage(
  rule: RuleValue,
  zones: PlanZones,
  moduleAddress: string | undefined,
  subject: PlanSubject
): Coverage {
  if (rule.enforcementMode !== 'enabled') return { state: 'allowed', by: [`(rule in ${rule.enforcementMode} mode)`] }
  if (rule.contextsUnknown) return { state: 'unknown', why: "the rule's contexts are known only after apply" }
  const ranges: Range[] = []
  const by: string[] = []
  const unknown: string[] = []
  rule.contexts.forEach((attributes, i) => {
    const endpoint = attributes.find((a) => a.name === 'endpointType')
    if (endpoint?.value !== undefined && !endpoint.value.split(/,\s*/).includes('public')) return
    if (attributes.some((a) => a.name !== 'endpointType' && a.name !== 'networkZoneId')) return
    const zoneAttrs = attributes.filter((a) => a.name === 'networkZoneId')
    if (zoneAttrs.length === 0) {
      ranges.push(EVERYWHERE)
      by.push(`context ${String(i + 1)} (any address)`)
      return
    }
    for (const a of zoneAttrs) {
      const answers: Array<[string, ZoneAnswer]> =
        a.value !== undefined
          ? a.value.split(/,\s*/).map((id): [string, ZoneAnswer] => [id, zones.byId(id)])
          : zoneRefs(a.refersTo, moduleAddress).map((addr): [string, ZoneAnswer] => [
              addr,
              zones.byAddress(addr) ?? { unknown: `${addr} is not in the plan` }
            ])
      if (a.value === undefined && answers.length === 0) unknown.push('a network zone id known only after apply')
      for (const [name, zone] of answers) {
        if ('unknown' in zone) {
          unknown.push(zone.unknown)
          continue
        }
        const mine = zoneRanges(zone, subject.family)
        if (mine.some((r) => r[0] <= subject.last && r[1] >= subject.first)) by.push(`zone ${name}`)
        ranges.push(...mine)
      }
    }
  })
  return settle(subject, ranges, by, unknown)
}

/** The zone resources an unknown value refers to (`ibm_cbr_zone.ci`), as full addresses in the rule's module. */
function zoneRefs(refs: readonly string[], moduleAddress: string | undefined): string[] {
  const prefix = moduleAddress ? `${moduleAddress}.` : ''
  return refs.filter((r) => /^ibm_cbr_zone\.[\w-]+$/.test(r)).map((r) => prefix + r)
}
