/**
 * Decides whether addresses are allowed by a parsed list, and names the entry that allows each one.
 *
 * Hand-written because the answer is not plain membership: it names an entry, by a rule of this tool (the
 * entry starting closest below the address). The first few lookups of a family apply the rule to every
 * entry, which is all a run with a handful of subjects needs; after that, a sweep over the entries sorted by
 * first address cuts the family once into segments that each have one answer, and a lookup is one binary
 * search: O(log n) after an O(n log n) build. IPv4 is held as numbers, IPv6 as BigInt.
 */
/* eslint-disable @typescript-eslint/no-non-null-assertion -- the arrays here are indexed inside their own
   bounds (loop limits, a sort's own indices, a binary search's range) in the hottest code of a run; a check
   per read would cost the sweep, and an undefined would only mean a bug the tests catch. */
import type { Family } from '../net/address.js'
import { parseAddressValue } from '../net/address.js'
import { parseV4 } from '../net/text.js'
import { listBounds, type AddressInterval, type ParsedList } from './grammar.js'
import { subtractRanges, type Range } from './ranges.js'

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
}

type Value = number | bigint

/** The entries and zone ranges of one family, in list order, as parallel arrays. */
interface Items<T extends Value> {
  firsts: T[]
  lasts: T[]
  labels: string[]
}

/** Stretches with one answer each, sorted and disjoint: from `starts[k]` up to (not including) `ends[k]`. */
interface Segments<T extends Value> {
  starts: T[]
  ends: T[]
  labels: string[]
}

// Sort keys `first * KEY_SPLIT + tie` are exact doubles while first < 2^32 and the tie < 2^21.
const KEY_SPLIT = 2 ** 21

/**
 * Item indices by first address, ties by later item first. Items are in list order and the ranges of one
 * zone never tie, so on a tie the later list entry comes first, and the earlier one ends on top of the stack.
 */
function byFirst(firsts: readonly Value[]): ArrayLike<number> {
  const order = firsts.map((_, i) => i)
  return order.sort((a, b) => (firsts[a]! < firsts[b]! ? -1 : firsts[a]! > firsts[b]! ? 1 : b - a))
}

/** `byFirst` for IPv4, with one native numeric sort instead of a comparator call per comparison. */
function byFirstV4(firsts: readonly number[]): ArrayLike<number> {
  const n = firsts.length
  if (n >= KEY_SPLIT) return byFirst(firsts)
  const keys = new Float64Array(n)
  for (let i = 0; i < n; i++) keys[i] = firsts[i]! * KEY_SPLIT + (KEY_SPLIT - 1 - i)
  keys.sort()
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[i] = KEY_SPLIT - 1 - (keys[i]! % KEY_SPLIT)
  return order
}

/** Appends the stretch `[start, end)` answered by `label`, merged into the previous one when it continues it. */
function close<T extends Value>(out: Segments<T>, start: T, end: T, label: string): void {
  const n = out.starts.length - 1
  if (n >= 0 && out.ends[n] === start && out.labels[n] === label) out.ends[n] = end
  else {
    out.starts.push(start)
    out.ends.push(end)
    out.labels.push(label)
  }
}

/**
 * Cuts the line into stretches with one answer each. Items go in by first address (`sorted`); a stack holds
 * the items started so far, and the answer at any point is the topmost item that has not ended. An item is
 * pushed once and popped once, so the sweep is linear after the sort.
 */
function segment<T extends Value>(items: Items<T>, sorted: ArrayLike<number>, next: (value: T) => T): Segments<T> {
  const { firsts, lasts, labels } = items
  const out: Segments<T> = { starts: [], ends: [], labels: [] }
  const stack: number[] = []
  // Where the item on top of the stack started to answer.
  let from = firsts[0]!
  for (let k = 0; k <= sorted.length; k++) {
    const i = sorted[k]!
    // The items that end before this one starts (all of them after the last item).
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const last = lasts[top]!
      if (k < sorted.length && last >= firsts[i]!) break
      close(out, from, next(last), labels[top]!)
      while (stack.length > 0 && lasts[stack[stack.length - 1]!]! <= last) stack.pop()
      from = next(last)
    }
    if (k === sorted.length) break
    if (stack.length > 0 && from < firsts[i]!) close(out, from, firsts[i]!, labels[stack[stack.length - 1]!]!)
    stack.push(i)
    from = firsts[i]!
  }
  return out
}

/** The rule itself, item by item: the item starting closest below `value` that holds it; on a tie the earlier. */
function scan<T extends Value>(items: Items<T>, value: T): string | undefined {
  const { firsts, lasts } = items
  let best = -1
  for (let i = 0; i < firsts.length; i++) {
    if (firsts[i]! <= value && value <= lasts[i]! && (best < 0 || firsts[i]! > firsts[best]!)) best = i
  }
  return best < 0 ? undefined : items.labels[best]
}

/** The answer for `value`: binary search for the last stretch starting at or below it. */
function lookup<T extends Value>(segments: Segments<T>, value: T): string | undefined {
  const { starts } = segments
  let lo = 0
  let hi = starts.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (starts[mid]! <= value) lo = mid + 1
    else hi = mid
  }
  return lo > 0 && value < segments.ends[lo - 1]! ? segments.labels[lo - 1] : undefined
}

// Lookups answered by `scan` before a family's segments are built: a sort and a sweep cost about as much.
const SCANS = 8

/** One family's items, and their segments once enough lookups have asked. */
class FamilyIndex<T extends Value> {
  readonly items: Items<T> = { firsts: [], lasts: [], labels: [] }
  private segments: Segments<T> | undefined
  private lookups = 0

  constructor(private readonly cut: (items: Items<T>) => Segments<T>) {}

  /** The label that answers for `value`, or undefined. */
  answer(value: T): string | undefined {
    if (this.segments === undefined && ++this.lookups > SCANS) this.segments = this.cut(this.items)
    return this.segments ? lookup(this.segments, value) : scan(this.items, value)
  }
}

/** Appends one labelled range to a family's items. */
function add<T extends Value>(items: Items<T>, first: T, last: T, label: string): void {
  items.firsts.push(first)
  items.lasts.push(last)
  items.labels.push(label)
}

/** One family's zone ranges, include minus exclude. */
function zoneRanges(zone: ZoneRanges, family: Family): Range[] {
  const of = (list: AddressInterval[]): Range[] => list.filter((i) => i.family === family).map((i) => [i.first, i.last])
  return subtractRanges(of(zone.include), of(zone.exclude))
}

/**
 * Builds a matcher for a list. `zones` maps zone names, exactly as written in the list, to their resolved
 * addresses; a zone missing from it allows nothing.
 */
export function buildMatcher(list: ParsedList, zones: ReadonlyMap<string, ZoneRanges> = new Map()): Matcher {
  const v4 = new FamilyIndex<number>((items) => segment(items, byFirstV4(items.firsts), (x) => x + 1))
  const v6 = new FamilyIndex<bigint>((items) => segment(items, byFirst(items.firsts), (x) => x + 1n))
  const bounds = listBounds(list)
  const [b4, b6] = [bounds[4], bounds[6]]
  const resolved = new Map<string, { 4: Range[]; 6: Range[] }>()
  // The next address entry of each family in the bounds, which follow the list's order.
  let k4 = 0
  let k6 = 0
  list.entries.forEach((entry, i) => {
    if (b4.entries[k4] === i) {
      add(v4.items, b4.firsts[k4]!, b4.lasts[k4]!, entry.raw)
      k4++
    } else if (b6.entries[k6] === i) {
      add(v6.items, b6.firsts[k6]!, b6.lasts[k6]!, entry.raw)
      k6++
    }
    const zone = entry.kind === 'zone' ? zones.get(entry.name) : undefined
    if (entry.kind !== 'zone' || !zone) return
    let ranges = resolved.get(entry.name)
    if (!ranges) {
      ranges = { 4: zoneRanges(zone, 4), 6: zoneRanges(zone, 6) }
      resolved.set(entry.name, ranges)
    }
    const label = `zone:${entry.name}`
    for (const [first, last] of ranges[4]) add(v4.items, Number(first), Number(last), label)
    for (const [first, last] of ranges[6]) add(v6.items, first, last, label)
  })
  return {
    match(address: string): string | undefined {
      const value = parseV4(address.trim())
      if (value >= 0) return v4.answer(value)
      const parsed = parseAddressValue(address)
      if (!parsed) return undefined
      return parsed.family === 4 ? v4.answer(Number(parsed.value)) : v6.answer(parsed.value)
    }
  }
}
