/**
 * Whether a subject (an address, or a range that must be covered whole) is allowed by a list: by which
 * entries, or which part of it is left out. Ranges, not single addresses, because `must-allow` holds ranges
 * (a larger runner's static block) and "allowed" must mean every address of them.
 */
import { entryInterval, type ParsedList } from '../allowlist/grammar.js'
import type { ZoneRanges } from '../allowlist/matcher.js'
import { subtractRanges, type Range } from '../allowlist/ranges.js'
import { formatAddress, type Family } from '../net/address.js'

/** A subject of the plan check: a `must-allow` item or this runner's own address. */
export interface PlanSubject {
  text: string
  label?: string
  /** This runner's own egress address. */
  own?: boolean
  family: Family
  first: bigint
  last: bigint
}

/** What a list or rule does with a subject. */
export type Coverage =
  { state: 'allowed'; by: string[] } | { state: 'refused'; uncovered: string[] } | { state: 'unknown'; why: string }

/** A zone name's ranges, or why they are not known. */
export type ZoneLookup = (name: string) => ZoneRanges | { unknown: string }

/** The ranges of `subject`'s family that a zone holds (members minus exclusions). */
export function zoneRanges(zone: ZoneRanges, family: Family): Range[] {
  const pick = (list: ZoneRanges['include']): Range[] =>
    list.filter((i) => i.family === family).map((i): Range => [i.first, i.last])
  return subtractRanges(pick(zone.include), pick(zone.exclude))
}

/** Formats ranges left uncovered: `a` or `a-b`. */
function formatRanges(family: Family, ranges: readonly Range[]): string[] {
  return ranges.map(([a, b]) =>
    a === b ? formatAddress(family, a) : `${formatAddress(family, a)}-${formatAddress(family, b)}`
  )
}

const overlaps = (r: Range, s: PlanSubject): boolean => r[0] <= s.last && r[1] >= s.first

/** How a list treats a subject. An empty list does not restrict; a monitor-mode list logs but lets through. */
export function listCoverage(list: ParsedList, zones: ZoneLookup, subject: PlanSubject): Coverage {
  if (list.empty) return { state: 'allowed', by: ['(list empty: not restricted)'] }
  if (list.monitor) return { state: 'allowed', by: ['(monitor mode: logged, not refused)'] }
  const ranges: Range[] = []
  const by: string[] = []
  const unknown: string[] = []
  for (const entry of list.entries) {
    let mine: Range[]
    if (entry.kind === 'zone') {
      const zone = zones(entry.name)
      if ('unknown' in zone) {
        unknown.push(zone.unknown)
        continue
      }
      mine = zoneRanges(zone, subject.family)
    } else {
      const i = entryInterval(entry)
      mine = i.family === subject.family ? [[i.first, i.last]] : []
    }
    if (mine.some((r) => overlaps(r, subject))) by.push(entry.raw)
    ranges.push(...mine)
  }
  return settle(subject, ranges, by, unknown)
}

/** Allowed when `ranges` cover the subject whole; else unknown when something was not known, else refused. */
export function settle(subject: PlanSubject, ranges: Range[], by: string[], unknown: string[]): Coverage {
  const left = subtractRanges([[subject.first, subject.last]], ranges)
  if (left.length === 0) return { state: 'allowed', by }
  if (unknown.length > 0) return { state: 'unknown', why: unknown.join('; ') }
  return { state: 'refused', uncovered: formatRanges(subject.family, left) }
}
