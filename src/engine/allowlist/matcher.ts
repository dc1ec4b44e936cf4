/**
 * Decides whether addresses are allowed by a parsed list, and names the entry that allows each one.
 *
 * Membership is a binary search over the merged interval set of each family. Attribution (which entry)
 * runs only for members: entries are sorted by first address with a running maximum of last addresses, so
 * a binary search lands next to the answer and a short backward scan settles overlaps.
 */
import type { Family } from '../net/address.js'
import type { ParsedList } from './grammar.js'
import { parseAddressValue } from '../net/address.js'
import { IntervalSet } from '../net/intervals.js'
import { entryInterval, type AddressInterval } from './grammar.js'

/** A network zone's addresses as resolved from context-based restrictions: `include` minus `exclude`. */
export interface ZoneRanges {
  include: AddressInterval[]
  exclude: AddressInterval[]
}

/** Answers membership questions about one list. */
export interface Matcher {
  /**
   * The entry that allows `address`: its raw text, or `zone:NAME` for a network zone; `undefined` when
   * no entry allows it or the text is not an address. When several entries allow it, the one starting
   * closest below the address wins (usually the most specific); ties go to the earlier entry in the list.
   */
  match(address: string): string | undefined
  /** Every address the list allows in one family (zones included, minus their exclusions). */
  allowed(family: Family): IntervalSet
  /** Zone names in the list that `zones` did not resolve: they allow nothing here. */
  readonly unresolvedZones: readonly string[]
}

interface Labelled {
  first: bigint
  last: bigint
  label: string
  order: number
}

class FamilyIndex {
  readonly set: IntervalSet
  private readonly firsts: bigint[]
  private readonly lasts: bigint[]
  private readonly labels: string[]
  private readonly maxLast: bigint[]

  constructor(items: Labelled[]) {
    // Equal starts: the earlier list entry goes last, so the backward scan meets it first.
    items.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : b.order - a.order))
    this.firsts = items.map((i) => i.first)
    this.lasts = items.map((i) => i.last)
    this.labels = items.map((i) => i.label)
    this.maxLast = []
    let max = -1n
    for (const item of items) {
      if (item.last > max) max = item.last
      this.maxLast.push(max)
    }
    this.set = IntervalSet.fromPairs(items.map((i) => [i.first, i.last] as const))
  }

  match(value: bigint): string | undefined {
    if (!this.set.contains(value)) return undefined
    // Last item whose first is <= value.
    let lo = 0
    let hi = this.firsts.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.firsts[mid] <= value) lo = mid + 1
      else hi = mid
    }
    // Items before i all start at or below value; once their running maximum of `last` drops below
    // value, none of them can hold it.
    for (let i = lo - 1; i >= 0 && this.maxLast[i] >= value; i--) {
      if (this.lasts[i] >= value) return this.labels[i]
    }
    return undefined
  }
}

function zoneSets(zone: ZoneRanges): Record<Family, IntervalSet> {
  const byFamily = (list: AddressInterval[], family: Family): IntervalSet =>
    IntervalSet.fromIntervals(list.filter((i) => i.family === family))
  return {
    4: byFamily(zone.include, 4).subtract(byFamily(zone.exclude, 4)),
    6: byFamily(zone.include, 6).subtract(byFamily(zone.exclude, 6))
  }
}

/**
 * Builds a matcher for a list. `zones` maps zone names, exactly as written in the list, to their
 * resolved addresses; a zone missing from it allows nothing and is listed in `unresolvedZones`.
 */
export function buildMatcher(list: ParsedList, zones: ReadonlyMap<string, ZoneRanges> = new Map()): Matcher {
  const items: Record<Family, Labelled[]> = { 4: [], 6: [] }
  const unresolved: string[] = []
  const zoneCache = new Map<string, Record<Family, IntervalSet>>()
  list.entries.forEach((entry, order) => {
    if (entry.kind !== 'zone') {
      const { family, first, last } = entryInterval(entry)
      items[family].push({ first, last, label: entry.raw, order })
      return
    }
    const zone = zones.get(entry.name)
    if (!zone) {
      if (!unresolved.includes(entry.name)) unresolved.push(entry.name)
      return
    }
    let sets = zoneCache.get(entry.name)
    if (!sets) {
      sets = zoneSets(zone)
      zoneCache.set(entry.name, sets)
    }
    for (const family of [4, 6] as const) {
      for (const { first, last } of sets[family]) items[family].push({ first, last, label: `zone:${entry.name}`, order })
    }
  })
  const index: Record<Family, FamilyIndex> = { 4: new FamilyIndex(items[4]), 6: new FamilyIndex(items[6]) }
  return {
    match(address: string): string | undefined {
      const parsed = parseAddressValue(address)
      return parsed ? index[parsed.family].match(parsed.value) : undefined
    },
    allowed: (family: Family) => index[family].set,
    unresolvedZones: unresolved
  }
}

/** The addresses (as given) that the matcher does not allow; text that is not an address counts as missing. */
export function missingFrom(matcher: Matcher, addresses: Iterable<string>): string[] {
  const missing: string[] = []
  for (const address of addresses) if (matcher.match(address) === undefined) missing.push(address)
  return missing
}
