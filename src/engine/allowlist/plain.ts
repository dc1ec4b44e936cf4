/**
 * The grammar's fast path: plain entries (`a`, `a/prefix`, `a - b` with spaces only around the dash) read in
 * place, IPv4 as numbers and IPv6 as 16-bit groups, without a regex or an intermediate string; an IPv6 entry
 * becomes BigInt only once, for its bounds.
 *
 * Hand-written because a list of thousands of entries is parsed once in a fresh process, where each regex and
 * object per entry costs. It takes only what the careful path (entry.ts) reads the same way and leaves it
 * everything else: errors, IPv4-mapped IPv6, networks clipped below the mapped block, other whitespace.
 */
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices here stay inside the arrays they read
   (loop limits checked just before); an undefined would only mean a bug the tests catch. */
import { formatV6, isMappedV6, parseV4, parseV6, v6Value } from '../net/text.js'

/** Where the fast path puts what it reads: kind, raw text, bounds and, when it has them, canonical texts. */
export interface EntrySink {
  /** An IPv4 entry; without `firstText`/`lastText` the sink formats the bounds itself. */
  v4(
    kind: 'address' | 'cidr' | 'range',
    raw: string,
    first: number,
    last: number,
    firstText?: string,
    lastText?: string
  ): void
  /** An IPv6 entry, as `v4`. */
  v6(
    kind: 'address' | 'cidr' | 'range',
    raw: string,
    first: bigint,
    last: bigint,
    firstText?: string,
    lastText?: string
  ): void
}

/** The prefix length of `text` from `start` to its end when it is 1 to 3 digits and at most `max`, else -1. */
function prefixLength(text: string, start: number, max: number): number {
  if (text.length - start < 1 || text.length - start > 3) return -1
  let prefix = 0
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) return -1
    prefix = prefix * 10 + c - 48
  }
  return prefix <= max ? prefix : -1
}

/** The first (`fill` 0) or last (`fill` 0xffff) groups of the IPv6 network `groups/prefix`. */
function networkV6(groups: readonly number[], prefix: number, fill: number): number[] {
  return groups.map((group, k) => {
    const bits = prefix - 16 * k
    if (bits >= 16) return group
    if (bits <= 0) return fill
    const host = 0xffff >> bits
    return fill ? group | host : group & (0xffff ^ host)
  })
}

/** Whether IPv6 groups `a` are above `b`. */
function aboveV6(a: readonly number[], b: readonly number[]): boolean {
  const k = a.findIndex((group, i) => group !== b[i])
  return k >= 0 && a[k]! > b[k]!
}

/** The fast path for IPv4; `a` is the value of the first address, `slash` and `bStart` as in `readPlain`. */
function readV4(raw: string, out: EntrySink, a: number, aEnd: number, slash: number, bStart: number): boolean {
  if (slash !== -1) {
    const prefix = prefixLength(raw, slash + 1, 32)
    if (prefix < 0) return false
    const size = 2 ** (32 - prefix)
    const first = a - (a % size)
    out.v4('cidr', raw, first, first + size - 1, first === a ? raw.slice(0, slash) : undefined)
  } else if (bStart !== -1) {
    const b = parseV4(raw, bStart)
    if (b < a) return false // also when b is not a dotted quad (-1)
    out.v4('range', raw, a, b, raw.slice(0, aEnd), raw.slice(bStart))
  } else out.v4('address', raw, a, a, raw)
  return true
}

/** The fast path for IPv6 (IPv4-mapped addresses, read as IPv4, are left to the careful path). */
function readV6(raw: string, out: EntrySink, aEnd: number, slash: number, bStart: number): boolean {
  const a = parseV6(raw, 0, aEnd)
  if (!a || isMappedV6(a)) return false
  let first = a
  let last = a
  if (slash !== -1) {
    const prefix = prefixLength(raw, slash + 1, 128)
    if (prefix < 0) return false
    first = networkV6(a, prefix, 0)
    last = networkV6(a, prefix, 0xffff)
  } else if (bStart !== -1) {
    const b = parseV6(raw, bStart)
    if (!b || aboveV6(a, b)) return false
    last = b
  }
  // A network that ends in the IPv4-mapped block is clipped by the careful path.
  if (isMappedV6(last)) return false
  const firstText = formatV6(first)
  const lastText = last === first ? firstText : formatV6(last)
  out.v6(
    slash !== -1 ? 'cidr' : bStart !== -1 ? 'range' : 'address',
    raw,
    v6Value(first),
    v6Value(last),
    firstText,
    lastText
  )
  return true
}

/**
 * The fast path: `a`, `a/prefix` or `a - b` (spaces only around the dash) with plain addresses. Adds the entry
 * and returns true; returns false for anything else, which the careful path then reads. A plain dotted quad
 * is its own canonical text, so IPv4 texts are cut from `raw` where they can be.
 */
export function readPlain(raw: string, out: EntrySink): boolean {
  const dash = raw.indexOf('-')
  const slash = raw.indexOf('/')
  if (dash !== -1 && slash !== -1) return false
  let aEnd = slash === -1 ? raw.length : slash
  let bStart = -1
  if (dash !== -1) {
    for (aEnd = dash; aEnd > 0 && raw.charCodeAt(aEnd - 1) === 32;) aEnd--
    for (bStart = dash + 1; bStart < raw.length && raw.charCodeAt(bStart) === 32;) bStart++
  }
  const a = parseV4(raw, 0, aEnd)
  return a >= 0 ? readV4(raw, out, a, aEnd, slash, bStart) : readV6(raw, out, aEnd, slash, bStart)
}
