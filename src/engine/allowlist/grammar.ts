/**
 * The grammar of an IAM "Restrict IP address access" list (docs/ibm-facts.md §2): entries separated by
 * commas, each a single address, a range `a - b` (or `a-b`), a CIDR subnet, or a network-zone name; a leading
 * `?` puts the whole list in monitor mode. Real lists contain junk (IBM's own docs once printed
 * `17.5.7.8.0/16`), so parsing never throws: bad entries become `EntryError`s with a reason that names the
 * expected form.
 *
 * Hand-written because no parser reads this language: it is IBM's, with its quirks. A list can hold thousands
 * of entries (GitHub's Actions ranges) and is parsed once in a fresh process, so plain IPv4 entries take a
 * fast path that scans characters in place and keeps numbers; everything else takes the general path, whose
 * answers the fast path must equal. No regex here can backtrack more than once per character.
 */
import type { Family } from '../net/address.js'
import { familyBits, formatAddress, parseAddressUnmapped, parseAddressValue, prefixBounds } from '../net/address.js'
import { formatV4, parseV4 } from '../net/text.js'

/** One parsed allowlist entry. Ranges are inclusive and hold canonical text forms. */
export type ListEntry =
  | { kind: 'address'; raw: string; family: Family; first: string; last: string }
  | { kind: 'cidr'; raw: string; family: Family; first: string; last: string }
  | { kind: 'range'; raw: string; family: Family; first: string; last: string }
  | { kind: 'zone'; raw: string; name: string }

/** A list entry that stands for addresses (not a zone name). */
export type AddressEntry = Exclude<ListEntry, { kind: 'zone' }>

/** A malformed entry: reported and skipped. */
export interface EntryError {
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

/** An inclusive interval of one family, as numbers. */
export interface AddressInterval {
  family: Family
  first: bigint
  last: bigint
}

/** The bounds of one family's address entries, in list order. */
export interface FamilyBounds<T extends number | bigint> {
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
// Something that starts like a dotted quad (`10.`, `1.2`), whatever follows.
const DOTTED_START = /^\d+\./

// ::ffff:0:0/96, the IPv4-mapped block.
const MAPPED_FIRST = 0xffffn << 32n
const MAPPED_LAST = MAPPED_FIRST | 0xffffffffn

// The numbers of each parsed list, with the entries they were computed for (a caller may edit the array).
const parsedBounds = new WeakMap<ParsedList, { entries: ListEntry[]; bounds: ListBounds }>()

type Outcome = { ok: AddressInterval & { kind: AddressEntry['kind'] } } | { error: string }

/** Collects entries, errors and their numbers while a list is parsed. */
class ListBuilder {
  readonly entries: ListEntry[] = []
  readonly errors: EntryError[] = []
  readonly bounds: ListBounds = { 4: { firsts: [], lasts: [], entries: [] }, 6: { firsts: [], lasts: [], entries: [] } }

  v4(kind: AddressEntry['kind'], raw: string, first: number, last: number): void {
    const b = this.bounds[4]
    b.firsts.push(first)
    b.lasts.push(last)
    b.entries.push(this.entries.length)
    const firstText = formatV4(first)
    this.entries.push({ kind, raw, family: 4, first: firstText, last: first === last ? firstText : formatV4(last) })
  }

  v6(kind: AddressEntry['kind'], raw: string, first: bigint, last: bigint): void {
    const b = this.bounds[6]
    b.firsts.push(first)
    b.lasts.push(last)
    b.entries.push(this.entries.length)
    this.entries.push({ kind, raw, family: 6, first: formatAddress(6, first), last: formatAddress(6, last) })
  }
}

/** The prefix length of `text` from `start` to its end when it is 1 to 3 digits and at most 32, else -1. */
function v4Prefix(text: string, start: number): number {
  if (text.length - start < 1 || text.length - start > 3) return -1
  let prefix = 0
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) return -1
    prefix = prefix * 10 + c - 48
  }
  return prefix <= 32 ? prefix : -1
}

/**
 * The fast path: a plain dotted quad, `quad/prefix`, or `quad - quad` (spaces only, ascending). Adds the
 * entry and returns true; returns false for anything else, which the general path then reads.
 */
function readV4(raw: string, out: ListBuilder): boolean {
  const dash = raw.indexOf('-')
  const slash = raw.indexOf('/')
  if (dash === -1 && slash === -1) {
    const value = parseV4(raw)
    if (value >= 0) out.v4('address', raw, value, value)
    return value >= 0
  }
  if (dash === -1) {
    const value = parseV4(raw, 0, slash)
    const prefix = value >= 0 ? v4Prefix(raw, slash + 1) : -1
    if (prefix < 0) return false
    const size = 2 ** (32 - prefix)
    const first = value - (value % size)
    out.v4('cidr', raw, first, first + size - 1)
    return true
  }
  if (slash !== -1) return false
  let end = dash
  while (end > 0 && raw.charCodeAt(end - 1) === 32) end--
  let start = dash + 1
  while (start < raw.length && raw.charCodeAt(start) === 32) start++
  const first = parseV4(raw, 0, end)
  const last = first >= 0 ? parseV4(raw, start) : -1
  if (last < first || last < 0) return false
  out.v4('range', raw, first, last)
  return true
}

/**
 * Whether an entry was meant as an address: it holds `:` or `/` (never in a zone name), or one of its
 * dash-separated sides starts like a dotted quad. Such an entry is never read as a zone name, so a typo
 * such as `1.2.3` or `10.0.0.0/33` is reported instead of being looked up as a zone.
 */
function looksLikeAddress(entry: string): boolean {
  if (entry.includes(':') || entry.includes('/')) return true
  return entry.split('-').some((side) => DOTTED_START.test(side.trim()))
}

/** Why `text` is not an address; `whole` when it is the entire entry (already quoted by the caller). */
function describeAddressError(text: string, whole = false): string {
  const it = whole ? 'it' : `"${text}"`
  if (text === '') return 'an address is missing'
  if (text.includes('%')) return `${it} has an interface zone id, which an allowlist cannot use`
  if (/^[\d.]+$/.test(text)) {
    const parts = text.split('.')
    if (parts.length !== 4) return `${it} has ${parts.length} parts; an IPv4 address has 4`
    if (parts.some((p) => p === '')) return `${it} has an empty part`
    if (parts.some((p) => p.length > 1 && p.startsWith('0'))) return `${it} has a part with a leading zero`
    return `${it} has a part above 255`
  }
  return `${it} is not a valid IPv4 or IPv6 address`
}

function parseSingle(text: string): Outcome {
  const address = parseAddressValue(text)
  if (!address) return { error: describeAddressError(text, true) }
  return { ok: { kind: 'address', family: address.family, first: address.value, last: address.value } }
}

/**
 * A CIDR with host bits set (`10.0.0.1/8`) is read as the network that contains it, as IAM and most tools
 * do; the entry keeps its raw text, so the fix line reproduces what the user wrote.
 * `::ffff:a.b.c.d/p` with p ≥ 96 is the IPv4 network `a.b.c.d/(p-96)`.
 */
function parseCidr(text: string): Outcome {
  const slash = text.indexOf('/')
  const addressText = text.slice(0, slash)
  const prefixText = text.slice(slash + 1)
  if (text.indexOf('/', slash + 1) !== -1) return { error: 'a CIDR has a single "/"' }
  const raw = parseAddressUnmapped(addressText)
  if (!raw) return { error: describeAddressError(addressText) }
  const bits = familyBits(raw.family)
  if (!/^\d{1,3}$/.test(prefixText)) return { error: `prefix length "${prefixText}" must be a number from 0 to ${bits}` }
  let prefix = Number(prefixText)
  if (prefix > bits) return { error: `prefix length must be 0–${bits} for IPv${raw.family}` }
  let family: Family = raw.family
  let value = raw.value
  if (raw.mapped && prefix >= 96) {
    family = 4
    prefix -= 96
    value &= (1n << 32n) - 1n
  }
  const [first, last] = prefixBounds(family, value, prefix)
  // An IPv6 network below ::ffff:0:0/96 can end inside it (`::/80`). Those addresses are IPv4 subjects
  // here, which IPv6 entries never allow, so the end is clipped below the block: the canonical `last`
  // then reads back as IPv6 instead of turning into 255.255.255.255.
  if (family === 6 && last >= MAPPED_FIRST && last <= MAPPED_LAST) {
    return { ok: { kind: 'cidr', family, first, last: MAPPED_FIRST - 1n } }
  }
  return { ok: { kind: 'cidr', family, first, last } }
}

function parseRange(text: string): Outcome {
  const sides = text.split('-')
  if (sides.length !== 2) return { error: 'a range has a single "-" between two addresses' }
  const aText = sides[0].trim()
  const bText = sides[1].trim()
  if (aText.includes('/') || bText.includes('/')) return { error: 'a range joins two addresses, not CIDRs' }
  const a = parseAddressValue(aText)
  if (!a) return { error: describeAddressError(aText) }
  const b = parseAddressValue(bText)
  if (!b) return { error: describeAddressError(bText) }
  if (a.family !== b.family) return { error: 'both ends of a range must be of the same family (IPv4 or IPv6)' }
  if (a.value > b.value) {
    return { error: `the first address ${formatAddress(a.family, a.value)} is after the last ${formatAddress(b.family, b.value)}` }
  }
  return { ok: { kind: 'range', family: a.family, first: a.value, last: b.value } }
}

function parseAddressLike(text: string): Outcome {
  // Whitespace is allowed only around the first "-" (trim and \s agree on what whitespace is).
  const dash = text.indexOf('-')
  const outside = dash === -1 ? text : text.slice(0, dash).trimEnd() + text.slice(dash + 1).trimStart()
  if (/\s/.test(outside)) return { error: 'spaces are only allowed around the "-" of a range' }
  if (dash !== -1) return parseRange(text)
  if (text.includes('/')) return parseCidr(text)
  return parseSingle(text)
}

/** Reads one trimmed, non-empty entry into `out`. */
function readEntry(raw: string, out: ListBuilder): void {
  if (readV4(raw, out)) return
  if (looksLikeAddress(raw)) {
    const outcome = parseAddressLike(raw)
    if ('error' in outcome) out.errors.push({ raw, reason: `"${raw}": ${outcome.error} (${EXPECTED})` })
    else if (outcome.ok.family === 4) out.v4(outcome.ok.kind, raw, Number(outcome.ok.first), Number(outcome.ok.last))
    else out.v6(outcome.ok.kind, raw, outcome.ok.first, outcome.ok.last)
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
  if (!first || !last || first.family !== last.family) {
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
  if (parsed && parsed.entries.length === entries.length && parsed.entries.every((e, i) => e === entries[i])) {
    return parsed.bounds
  }
  const out = new ListBuilder()
  entries.forEach((entry, i) => {
    if (entry.kind === 'zone') return
    const { family, first, last } = entryInterval(entry)
    const b = out.bounds
    if (family === 4) {
      b[4].firsts.push(Number(first))
      b[4].lasts.push(Number(last))
      b[4].entries.push(i)
    } else {
      b[6].firsts.push(first)
      b[6].lasts.push(last)
      b[6].entries.push(i)
    }
  })
  return out.bounds
}
