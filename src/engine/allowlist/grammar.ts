/**
 * The grammar of an IAM "Restrict IP address access" list (docs/ibm-facts.md §2): entries separated by
 * commas, each a single address, a range `a - b` (or `a-b`), a CIDR subnet, or a network-zone name; a leading
 * `?` puts the whole list in monitor mode. Real lists contain junk (IBM's own docs once printed
 * `17.5.7.8.0/16`), so parsing never throws: bad entries become `EntryError`s with a reason that names the
 * expected form.
 *
 * Hand-written because no parser reads this language: it is IBM's, with its quirks. A list can hold thousands
 * of entries (GitHub's Actions ranges) and is parsed once in a fresh process, so plain entries (`a`, `a/p`,
 * `a - b`) take a fast path that reads characters in place, with numbers for IPv4 and 16-bit groups for IPv6;
 * everything else takes the careful path in entry.ts, whose answers the fast path must equal.
 */
import type { Family } from '../net/address.js'
import { formatAddress, parseAddressValue } from '../net/address.js'
import { formatV4 } from '../net/text.js'
import { looksLikeAddress, readAddressEntry } from './entry.js'
import { readPlain, type EntrySink } from './plain.js'

/** One parsed allowlist entry. Ranges are inclusive and hold canonical text forms. */
export type ListEntry =
  | { kind: 'address'; raw: string; family: Family; first: string; last: string }
  | { kind: 'cidr'; raw: string; family: Family; first: string; last: string }
  | { kind: 'range'; raw: string; family: Family; first: string; last: string }
  | { kind: 'zone'; raw: string; name: string }

/** A list entry that stands for addresses (not a zone name). */
export type AddressEntry = Exclude<ListEntry, { kind: 'zone' }>

/** A malformed entry: reported and skipped. */
interface EntryError {
  raw: string
  /** Says what is wrong and the expected form. */
  reason: string
}

/** The result of parsing one list string. */
export interface ParsedList {
  monitor: boolean
  empty: boolean
  entries: ListEntry[]
  errors: EntryError[]
}

/** Options for `parseAllowlist`. */
export interface ParseOptions {
  /** Also split on line breaks (how the `allowlist` action input is read). */
  newlines?: boolean
}

/** An inclusive interval of one family, as BigInt values. */
export interface AddressInterval {
  family: Family
  first: bigint
  last: bigint
}

/** The bounds of one family's address entries, in list order. */
interface FamilyBounds<T extends number | bigint> {
  firsts: T[]
  lasts: T[]
  /** The index of each entry in `ParsedList.entries`. */
  entries: number[]
}

/** The bounds of a list's address entries by family: IPv4 as numbers, IPv6 as BigInt. */
export interface ListBounds {
  4: FamilyBounds<number>
  6: FamilyBounds<bigint>
}

const EXPECTED =
  'expected an address, a CIDR like 192.168.0.0/16, a range like 17.5.7.8 - 17.5.9.5, or a network-zone name'

// CBR zone names use letters, digits, spaces, `-` and `_` (at most 128 characters); `.` is tolerated too.
const ZONE_NAME = /^[A-Za-z0-9_][A-Za-z0-9 ._-]*$/
const ZONE_NAME_MAX = 128
// The numbers of each parsed list, with the entries they were computed for (a caller may edit the array).
const parsedBounds = new WeakMap<ParsedList, { entries: ListEntry[]; bounds: ListBounds }>()

function emptyBounds(): ListBounds {
  return { 4: { firsts: [], lasts: [], entries: [] }, 6: { firsts: [], lasts: [], entries: [] } }
}

function pushBounds<T extends number | bigint>(bounds: FamilyBounds<T>, first: T, last: T, entry: number): void {
  bounds.firsts.push(first)
  bounds.lasts.push(last)
  bounds.entries.push(entry)
}

/** Collects entries, errors and their numbers while a list is parsed. */
class ListBuilder implements EntrySink {
  readonly entries: ListEntry[] = []
  readonly errors: EntryError[] = []
  readonly bounds = emptyBounds()

  v4(
    kind: AddressEntry['kind'],
    raw: string,
    first: number,
    last: number,
    firstText = formatV4(first),
    lastText?: string
  ): void {
    pushBounds(this.bounds[4], first, last, this.entries.length)
    this.entries.push({
      kind,
      raw,
      family: 4,
      first: firstText,
      last: lastText ?? (first === last ? firstText : formatV4(last))
    })
  }

  v6(
    kind: AddressEntry['kind'],
    raw: string,
    first: bigint,
    last: bigint,
    firstText = formatAddress(6, first),
    lastText?: string
  ): void {
    pushBounds(this.bounds[6], first, last, this.entries.length)
    this.entries.push({ kind, raw, family: 6, first: firstText, last: lastText ?? formatAddress(6, last) })
  }
}

/** Reads one trimmed, non-empty entry into `out`. */
function readEntry(raw: string, out: ListBuilder): void {
  if (readPlain(raw, out)) return
  if (looksLikeAddress(raw)) {
    const outcome = readAddressEntry(raw)
    if ('error' in outcome) out.errors.push({ raw, reason: `"${raw}": ${outcome.error} (${EXPECTED})` })
    else if (outcome.family === 4) out.v4(outcome.kind, raw, Number(outcome.first), Number(outcome.last))
    else out.v6(outcome.kind, raw, outcome.first, outcome.last)
    return
  }
  if (raw.length <= ZONE_NAME_MAX && ZONE_NAME.test(raw)) {
    out.entries.push({ kind: 'zone', raw, name: raw })
    return
  }
  const why = raw.includes('?')
    ? 'a "?" (monitor mode) belongs only before the whole list'
    : raw.length > ZONE_NAME_MAX
      ? `not an address, and a network-zone name has at most ${ZONE_NAME_MAX} characters`
      : 'not an address, and a network-zone name uses only letters, digits, spaces, "-", "_" and "."'
  out.errors.push({ raw, reason: `"${raw}": ${why} (${EXPECTED})` })
}

/**
 * Parses one list string. Never throws. `empty` is true when the list has no entry at all (after removing
 * a monitor-mode `?`), which means that level is not restricted.
 */
export function parseAllowlist(text: string, opts: ParseOptions = {}): ParsedList {
  let body = typeof text === 'string' ? text.trimStart() : ''
  const monitor = body.startsWith('?')
  if (monitor) body = body.slice(1)
  const out = new ListBuilder()
  for (const piece of body.split(opts.newlines ? /[,\r\n]/ : ',')) {
    const raw = piece.trim()
    if (raw !== '') readEntry(raw, out)
  }
  const { entries, errors } = out
  const list: ParsedList = { monitor, empty: entries.length === 0 && errors.length === 0, entries, errors }
  parsedBounds.set(list, { entries: entries.slice(), bounds: out.bounds })
  return list
}

/** The list text for a fix: entries joined with `,`, with a leading `?` when the list is in monitor mode. */
export function formatList(monitor: boolean, rawEntries: readonly string[]): string {
  return (monitor ? '?' : '') + rawEntries.join(',')
}

/** The numeric interval of an address entry, read from its canonical `first`/`last` text. */
export function entryInterval(entry: AddressEntry): AddressInterval {
  const first = parseAddressValue(entry.first)
  const last = parseAddressValue(entry.last)
  if (first?.family === undefined || first.family !== last?.family) {
    throw new Error(`entry "${entry.raw}" does not hold canonical first/last addresses`)
  }
  return { family: first.family, first: first.value, last: last.value }
}

/**
 * The bounds of a list's address entries, for the matcher. A list as `parseAllowlist` returned it answers
 * from the numbers of the parse; a list built or edited elsewhere is read from its entries' canonical text.
 */
export function listBounds(list: ParsedList): ListBounds {
  const parsed = parsedBounds.get(list)
  const { entries } = list
  if (parsed?.entries.length === entries.length && parsed.entries.every((e, i) => e === entries[i])) {
    return parsed.bounds
  }
  const bounds = emptyBounds()
  entries.forEach((entry, i) => {
    if (entry.kind === 'zone') return
    const { family, first, last } = entryInterval(entry)
    if (family === 4) pushBounds(bounds[4], Number(first), Number(last), i)
    else pushBounds(bounds[6], first, last, i)
  })
  return bounds
}
