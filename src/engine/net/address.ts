/**
 * Address parsing, formatting and classification over BigInt values.
 *
 * The text is read and written by the scanners of text.ts, which accept only plain dotted quads and standard
 * IPv6 text: `1.2.3`, `0x1.2.3.4` and `010.0.0.1` (which ipaddr.js would read the way `inet_aton` does) are
 * almost certainly typos in an allowlist, and zone ids (`fe80::1%eth0`) are refused. ipaddr.js classifies.
 *
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is read as the IPv4 address everywhere, so a list entry written in
 * either form matches a subject written in the other.
 */
import ipaddr from 'ipaddr.js'
import { formatV4, formatV6, isMappedV6, parseV4, parseV6, v6Value } from './text.js'

/** Address family as IBM and Node name it. */
export type Family = 4 | 6

/** A parsed address: its family, its numeric value and its canonical text (see `formatAddress`). */
export interface ParsedAddress {
  family: Family
  value: bigint
  text: string
}

/** How an address is routed; `documentation` ranges are treated as public (examples and tests use them). */
export type AddressClass =
  | 'public'
  | 'documentation'
  | 'private'
  | 'shared'
  | 'loopback'
  | 'link-local'
  | 'multicast'
  | 'unspecified'
  | 'reserved'

const MAX: Record<Family, bigint> = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n }
const BITS: Record<Family, number> = { 4: 32, 6: 128 }
const MAPPED_PREFIX = 0xffffn << 32n

/** Number of bits in an address of the family (32 or 128). */
export function familyBits(family: Family): number {
  return BITS[family]
}

/**
 * Parses an address without folding IPv4-mapped IPv6 into IPv4 (`mapped` tells whether it is one).
 * The grammar needs this to read `::ffff:0:0/96`-style CIDRs; everything else should use `parseAddress`.
 */
export function parseAddressUnmapped(text: string): { family: Family; value: bigint; mapped: boolean } | null {
  const s = text.trim()
  if (s === '' || s.length > 45 || s.includes('%')) return null
  if (!s.includes(':')) {
    const value = parseV4(s)
    return value < 0 ? null : { family: 4, value: BigInt(value), mapped: false }
  }
  const groups = parseV6(s)
  return groups && { family: 6, value: v6Value(groups), mapped: isMappedV6(groups) }
}

/** Family and value of an address, IPv4-mapped IPv6 folded into IPv4; no canonical text (cheaper). */
export function parseAddressValue(text: string): { family: Family; value: bigint } | null {
  const raw = parseAddressUnmapped(text)
  if (!raw) return null
  return raw.mapped ? { family: 4, value: raw.value - MAPPED_PREFIX } : { family: raw.family, value: raw.value }
}

/** Parses an IPv4 or IPv6 address (surrounding whitespace ignored); IPv4-mapped IPv6 becomes IPv4. */
export function parseAddress(text: string): ParsedAddress | null {
  const parsed = parseAddressValue(text)
  return parsed && { ...parsed, text: formatAddress(parsed.family, parsed.value) }
}

/**
 * Canonical text of an address value: a dotted quad for IPv4; for IPv6 lower-case hex, no leading zeros, the
 * longest run of zero groups as `::`. Throws on out-of-range values.
 */
export function formatAddress(family: Family, value: bigint): string {
  if (value < 0n || value > MAX[family]) throw new RangeError(`address value out of range for IPv${family}`)
  if (family === 4) return formatV4(Number(value))
  const groups: number[] = []
  for (let shift = 96n; shift >= 0n; shift -= 32n) {
    const quarter = Number((value >> shift) & 0xffffffffn)
    groups.push(Math.floor(quarter / 65536), quarter % 65536)
  }
  return formatV6(groups)
}

/**
 * First and last value of the network `value/prefix` (host bits of `value` are ignored).
 * The prefix must already be within 0..32 or 0..128.
 */
export function prefixBounds(family: Family, value: bigint, prefix: number): [bigint, bigint] {
  const hostMask = (1n << BigInt(BITS[family] - prefix)) - 1n
  const first = value & (MAX[family] ^ hostMask)
  return [first, first | hostMask]
}

const V4_DOCUMENTATION: Array<[number[], number]> = [
  [[192, 0, 2, 0], 24],
  [[198, 51, 100, 0], 24],
  [[203, 0, 113, 0], 24]
]
const V6_DOCUMENTATION = [ipaddr.IPv6.parseCIDR('2001:db8::/32'), ipaddr.IPv6.parseCIDR('3fff::/20')]
const V6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3')

// ipaddr.js range names mapped onto ours. Names not listed here (benchmarking, discard, ORCHID, NAT64,
// segment routing, …) are special-purpose blocks that no echo service or runner should report: `reserved`.
const V4_CLASSES: Record<string, AddressClass> = {
  unicast: 'public',
  as112: 'public',
  amt: 'public',
  private: 'private',
  carrierGradeNat: 'shared',
  loopback: 'loopback',
  linkLocal: 'link-local',
  multicast: 'multicast',
  unspecified: 'unspecified',
  broadcast: 'reserved',
  reserved: 'reserved'
}
const V6_CLASSES: Record<string, AddressClass> = {
  unicast: 'public',
  teredo: 'public',
  '6to4': 'public',
  as112v6: 'public',
  uniqueLocal: 'private',
  loopback: 'loopback',
  linkLocal: 'link-local',
  multicast: 'multicast',
  unspecified: 'unspecified'
}

/** Classifies an address; `undefined` when the text is not an address. */
export function classifyAddress(text: string): AddressClass | undefined {
  const parsed = parseAddress(text)
  if (!parsed) return undefined
  if (parsed.family === 4) {
    const ip = ipaddr.IPv4.parse(parsed.text)
    if (V4_DOCUMENTATION.some(([octets, bits]) => ip.match(new ipaddr.IPv4(octets), bits))) return 'documentation'
    return V4_CLASSES[ip.range()] ?? 'reserved'
  }
  const ip = ipaddr.IPv6.parse(parsed.text)
  if (V6_DOCUMENTATION.some((cidr) => ip.match(cidr))) return 'documentation'
  const cls = V6_CLASSES[ip.range()] ?? 'reserved'
  // ipaddr.js calls every unlisted address `unicast`; only 2000::/3 is allocated as global unicast.
  if (cls === 'public' && !ip.match(V6_GLOBAL_UNICAST)) return 'reserved'
  return cls
}

/**
 * Whether the address can be a private source toward IBM's private network: RFC 1918 (10/8, 172.16/12,
 * 192.168/16) or IPv6 unique-local (fc00::/7). Used to pick local interface addresses.
 */
export function isPrivateSource(text: string): boolean {
  return classifyAddress(text) === 'private'
}
