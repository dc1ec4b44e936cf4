/**
 * One address entry of an allowlist read the careful way: every form the grammar accepts (docs/ibm-facts.md
 * §2), and for a malformed entry a reason that says what is wrong.
 *
 * Hand-written because the forms are IBM's (`a - b` ranges, CIDRs read as their network, IPv4-mapped IPv6
 * read as IPv4) and the reasons are this tool's. The grammar's fast path reads the common plain entries
 * without this; whatever it leaves comes here, so the two must agree on every entry the fast path takes.
 */
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices here stay inside the arrays they read
   (loop limits checked just before); an undefined would only mean a bug the tests catch. */
import type { Family } from '../net/address.js'
import { familyBits, formatAddress, parseAddressUnmapped, parseAddressValue, prefixBounds } from '../net/address.js'

/** An address entry's kind and inclusive bounds, or why it is malformed. */
export type EntryOutcome =
  { kind: 'address' | 'cidr' | 'range'; family: Family; first: bigint; last: bigint } | { error: string }

// Something that starts like a dotted quad (`10.`, `1.2`), whatever follows.
const DOTTED_START = /^\d+\./

// ::ffff:0:0/96, the IPv4-mapped block.
const MAPPED_FIRST = 0xffffn << 32n
const MAPPED_LAST = MAPPED_FIRST | 0xffffffffn

/**
 * Whether an entry was meant as an address: it holds `:` or `/` (never in a zone name), or one of its
 * dash-separated sides starts like a dotted quad. Such an entry is never read as a zone name, so a typo
 * such as `1.2.3` or `10.0.0.0/33` is reported instead of being looked up as a zone.
 */
export function looksLikeAddress(entry: string): boolean {
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

function parseSingle(text: string): EntryOutcome {
  const address = parseAddressValue(text)
  if (!address) return { error: describeAddressError(text, true) }
  return { kind: 'address', family: address.family, first: address.value, last: address.value }
}

/**
 * A CIDR with host bits set (`10.0.0.1/8`) is read as the network that contains it, as IAM and most tools
 * do; the entry keeps its raw text, so the fix line reproduces what the user wrote.
 * `::ffff:a.b.c.d/p` with p ≥ 96 is the IPv4 network `a.b.c.d/(p-96)`.
 */
function parseCidr(text: string): EntryOutcome {
  const slash = text.indexOf('/')
  const addressText = text.slice(0, slash)
  const prefixText = text.slice(slash + 1)
  if (text.includes('/', slash + 1)) return { error: 'a CIDR has a single "/"' }
  const raw = parseAddressUnmapped(addressText)
  if (!raw) return { error: describeAddressError(addressText) }
  const bits = familyBits(raw.family)
  if (!/^\d{1,3}$/.test(prefixText))
    return { error: `prefix length "${prefixText}" must be a number from 0 to ${bits}` }
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
  if (family === 6 && last >= MAPPED_FIRST && last <= MAPPED_LAST)
    return { kind: 'cidr', family, first, last: MAPPED_FIRST - 1n }
  return { kind: 'cidr', family, first, last }
}

function parseRange(text: string): EntryOutcome {
  const sides = text.split('-')
  if (sides.length !== 2) return { error: 'a range has a single "-" between two addresses' }
  const aText = sides[0]!.trim()
  const bText = sides[1]!.trim()
  if (aText.includes('/') || bText.includes('/')) return { error: 'a range joins two addresses, not CIDRs' }
  const a = parseAddressValue(aText)
  if (!a) return { error: describeAddressError(aText) }
  const b = parseAddressValue(bText)
  if (!b) return { error: describeAddressError(bText) }
  if (a.family !== b.family) return { error: 'both ends of a range must be of the same family (IPv4 or IPv6)' }
  if (a.value > b.value) {
    const [first, last] = [formatAddress(a.family, a.value), formatAddress(b.family, b.value)]
    return { error: `the first address ${first} is after the last ${last}` }
  }
  return { kind: 'range', family: a.family, first: a.value, last: b.value }
}

/** Reads an entry that `looksLikeAddress`: its kind and bounds, or why it is malformed. */
export function readAddressEntry(text: string): EntryOutcome {
  // Whitespace is allowed only around the first "-" (trim and \s agree on what whitespace is).
  const dash = text.indexOf('-')
  const outside = dash === -1 ? text : text.slice(0, dash).trimEnd() + text.slice(dash + 1).trimStart()
  if (/\s/.test(outside)) return { error: 'spaces are only allowed around the "-" of a range' }
  if (dash !== -1) return parseRange(text)
  if (text.includes('/')) return parseCidr(text)
  return parseSingle(text)
}
