/**
 * Network zones as a plan leaves them: by name (for list entries) and by id or resource address (for rule
 * contexts), on either side of the plan; zones the plan does not touch come from what was read live.
 */
import { entryInterval, parseAllowlist } from '../allowlist/grammar.js'
import type { ZoneRanges } from '../allowlist/matcher.js'
import type { CbrEvidence } from '../evidence/cbr/restrictions.js'
import type { PlanContent, PlanZone, ZoneValue } from '../plan/read.js'

/** Which side of the plan. */
export type Side = 'before' | 'after'

/** A zone's ranges, or why they are not known. */
export type ZoneAnswer = ZoneRanges | { unknown: string }

/** Member values (`1.2.3.4`, `10.0.0.0/8`, `a-b`) as intervals; what is not an address is left out. */
function memberRanges(values: readonly string[]): ZoneRanges['include'] {
  return parseAllowlist(values.join(','))
    .entries.filter((e) => e.kind !== 'zone')
    .map(entryInterval)
}

/** Looks zones up on one side of a plan, falling back to the live zones. */
export class PlanZones {
  constructor(
    private readonly plan: PlanContent,
    private readonly side: Side,
    private readonly liveByName: (name: string) => ZoneRanges | undefined,
    private readonly cbr: CbrEvidence | undefined
  ) {}

  /** Zones of type `ibm_cbr_zone` whose value on this side is `name`'s. */
  byName(name: string): ZoneAnswer | undefined {
    for (const z of this.plan.zones) {
      if (z.type !== 'ibm_cbr_zone') continue
      const v = z[this.side]
      const other = z[this.side === 'after' ? 'before' : 'after']
      const named =
        (v.state === 'known' ? v.value.name : undefined) ?? (other.state === 'known' ? other.value.name : undefined)
      if (named !== name) continue
      return this.answer(z)
    }
    return this.liveByName(name)
  }

  /** A zone by its id: in the plan (on this side), else as read live. */
  byId(id: string): ZoneAnswer {
    for (const z of this.plan.zones) {
      const v = z[this.side]
      if (z.type === 'ibm_cbr_zone' && v.state === 'known' && v.value.id === id) return this.answer(z)
    }
    if (this.cbr?.status === 'read') {
      const live = this.cbr.zones.find((z) => z.id === id)
      if (live?.status === 'resolved') {
        return this.withAdditions({ id, include: live.addresses, exclude: live.excluded })
      }
    }
    return { unknown: `network zone ${id} is neither in the plan nor read (give an API key to read it)` }
  }

  /** A zone by resource address (a rule's reference to a zone created in the same plan). */
  byAddress(address: string): ZoneAnswer | undefined {
    const z = this.plan.zones.find((x) => x.address === address && x.type === 'ibm_cbr_zone')
    return z ? this.answer(z) : undefined
  }

  private answer(z: PlanZone): ZoneAnswer {
    const v = z[this.side]
    if (v.state === 'unknown') return { unknown: `the members of ${z.address} are known only after apply` }
    // A zone absent on this side does not exist: it holds nothing.
    if (v.state === 'absent') return { include: [], exclude: [] }
    return this.withAdditions(v.value)
  }

  /** Adds the `ibm_cbr_zone_addresses` that name this zone's id (known ids only). */
  private withAdditions(zone: ZoneValue): ZoneRanges {
    const extra = this.plan.zones.flatMap((z) => {
      const v = z[this.side]
      if (z.type !== 'ibm_cbr_zone_addresses' || v.state !== 'known') return []
      return z.addsTo?.state === 'known' && zone.id !== undefined && z.addsTo.value === zone.id ? v.value.include : []
    })
    return { include: memberRanges([...zone.include, ...extra]), exclude: memberRanges(zone.exclude) }
  }
}
