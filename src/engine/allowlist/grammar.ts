/**
 * The grammar of an IAM "Restrict IP address access" list (facts §2): entries separated by commas, each a
 * single address, a range `a - b` (or `a-b`), a CIDR subnet, or a network-zone name; a leading `?` puts the
 * whole list in monitor mode. Real lists contain junk (IBM's own docs once printed `17.5.7.8.0/16`), so
 * parsing never throws: bad entries become `EntryError`s with a reason that names the expected form.
 */
import type { Family } from '../net/address.js'
import {
  familyBits,
  formatAddress,
  parseAddressUnmapped,
  parseAddressValue,
  prefixBounds
} from '../net/address.js'

/** A list entry that stands for addresses (not a zone name). */
export type AddressEntry = Exclude<ListEntry, { kind: 'zone' }>

/** An inclusive interval of one family, as numbers. */
export interface AddressInterval {
  family: Family
  first: bigint
  last: bigint
}

/** Options for `parseAllowlist`. */
export interface ParseOptions {
  /** Also split on line breaks (how the `allowlist` action input is read). */
  newlines?: boolean
}

const EXPECTED =
  'expected an address, a CIDR like 192.168.0.0/16, a range like 17.5.7.8 - 17.5.9.5, or a network-zone name'

// CBR zone names use letters, digits, spaces, `-` and `_` (at most 128 characters); `.` is tolerated too.
const ZONE_NAME = /^[A-Za-z0-9_][A-Za-z0-9 ._-]*$/
const ZONE_NAME_MAX = 128
// Something that starts like a dotted quad (`10.`, `1.2`), whatever follows.
const DOTTED_START = /^\d+\.\d*/

// ::ffff:0:0/96, the IPv4-mapped block.
const MAPPED_FIRST = 0xffffn << 32n
const MAPPED_LAST = MAPPED_FIRST | 0xffffffffn

// The grammar computes each entry's numbers once; evaluation reads them back here instead of re-parsing.
const intervals = new WeakMap<AddressEntry, AddressInterval>()

type Outcome = { ok: AddressInterval & { kind: AddressEntry['kind'] } } | { error: string }

/**
 * Whether an entry was meant as an address: it holds `:` or `/` (never in a zone name), or one of its
 * dash-separated sides starts like a dotted quad. Such an entry is never read as a zone name, so a typo
 * such as `1.2.3` or `10.0.0.0/33` is reported instead of being looked up as a zone.
 */
function looksLikeAddress(entry: string): boolean {
  if (/[:/]/.test(entry)) return true
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
  const [aText, bText] = sides.map((s) => s.trim())
  if (aText.includes('/') || bText.includes('/')) return { error: 'a range joins two addresses, not CIDRs' }
  const a = parseAddressValue(aText)
  if (!a) return { error: describeAddressError(aText) }
  const b = parseAddressValue(bText)
  if (!b) return { error: describeAddressError(bText) }
  if (a.family !== b.family) return { error: 'both ends of a range must be of the same family (IPv4 or IPv6)' }
  if (a.value > b.value) return { error: `the first address ${formatAddress(a.family, a.value)} is after the last ${formatAddress(b.family, b.value)}` }
  return { ok: { kind: 'range', family: a.family, first: a.value, last: b.value } }
}

function parseAddressLike(text: string): Outcome {
  if (/\s/.test(text.replace(/\s*-\s*/, '-'))) return { error: 'spaces are only allowed around the "-" of a range' }
  if (text.includes('-')) return parseRange(text)
  if (text.includes('/')) return parseCidr(text)
  return parseSingle(text)
}

function parseEntry(raw: string): ListEntry | EntryError {
  if (looksLikeAddress(raw)) {
    const outcome = parseAddressLike(raw)
    if ('error' in outcome) return { raw, reason: `"${raw}": ${outcome.error} (${EXPECTED})` }
    const { kind, family, first, last } = outcome.ok
    const entry: AddressEntry = {
      kind,
      raw,
      family,
      first: formatAddress(family, first),
      last: formatAddress(family, last)
    }
    intervals.set(entry, { family, first, last })
    return entry
  }
  if (raw.length <= ZONE_NAME_MAX && ZONE_NAME.test(raw)) return { kind: 'zone', raw, name: raw }
  const why = raw.includes('?')
    ? 'a "?" (monitor mode) belongs only before the whole list'
    : raw.length > ZONE_NAME_MAX
      ? `not an address, and a network-zone name has at most ${ZONE_NAME_MAX} characters`
      : 'not an address, and a network-zone name uses only letters, digits, spaces, "-", "_" and "."'
  return { raw, reason: `"${raw}": ${why} (${EXPECTED})` }
}

/**
 * Parses one list string. Never throws. `empty` is true when the list has no entry at all (after removing
 * a monitor-mode `?`), which means that level is not restricted.
 */
export function parseAllowlist(text: string, opts: ParseOptions = {}): ParsedList {
  let body = typeof text === 'string' ? text.trimStart() : ''
  const monitor = body.startsWith('?')
  if (monitor) body = body.slice(1)
  const separator = opts.newlines ? /[,\r\n]/ : /,/
  const entries: ListEntry[] = []
  const errors: EntryError[] = []
  for (const piece of body.split(separator)) {
    const raw = piece.trim()
    if (raw === '') continue
    const parsed = parseEntry(raw)
    if ('reason' in parsed) errors.push(parsed)
    else entries.push(parsed)
  }
  return { monitor, empty: entries.length === 0 && errors.length === 0, entries, errors }
}

/** The list text for a fix: entries joined with `,`, with a leading `?` when the list is in monitor mode. */
export function formatList(monitor: boolean, rawEntries: readonly string[]): string {
  return (monitor ? '?' : '') + rawEntries.join(',')
}

/**
 * The numeric interval of an address entry. Entries from `parseAllowlist` answer from a cache; entries
 * built elsewhere are read from their canonical `first`/`last` text.
 */
export function entryInterval(entry: AddressEntry): AddressInterval {
  const cached = intervals.get(entry)
  if (cached) return cached
  const first = parseAddressValue(entry.first)
  const last = parseAddressValue(entry.last)
  if (!first || !last || first.family !== last.family) {
    throw new Error(`entry "${entry.raw}" does not hold canonical first/last addresses`)
  }
  return { family: first.family, first: first.value, last: last.value }
}

/** One parsed allowlist entry. Ranges are inclusive and hold canonical text forms. */
export type ListEntry =
  | { kind: 'address'; raw: string; family: Family; first: string; last: string }
  | { kind: 'cidr'; raw: string; family: Family; first: string; last: string }
  | { kind: 'range'; raw: string; family: Family; first: string; last: string }
  | { kind: 'zone'; raw: string; name: string }

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
