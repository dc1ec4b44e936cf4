/**
 * Address parsing, formatting and classification over BigInt values.
 *
 * Parsing is delegated to ipaddr.js; this module only narrows what it accepts. ipaddr.js is lenient on
 * purpose (it reads `1.2.3`, `0x1.2.3.4`, `010.0.0.1` and `fe80::1%eth0` the way `inet_aton` would), but an
 * allowlist entry in those forms is almost certainly a typo, and IAM documents only plain dotted quads and
 * standard IPv6 text. So IPv4 must be four-part decimal and zone ids are refused.
 *
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is read as the IPv4 address everywhere, so a list entry written in
 * either form matches a subject written in the other.
 */
import ipaddr from 'ipaddr.js'

/** A parsed address: its family, its numeric value and its canonical text (dotted quad or RFC 5952). */
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

/** The largest value of a family (`255.255.255.255`, `ffff:…:ffff`). */
export function maxValue(family: Family): bigint {
  return MAX[family]
}

/** Number of bits in an address of the family (32 or 128). */
export function familyBits(family: Family): number {
  return BITS[family]
}

// The strict IPv4 form (what ipaddr.js's isValidFourPartDecimal checks): four decimal parts, no leading
// zeros. Checked up front so that ipaddr.js parses each text once; its isValid* helpers parse a second time
// and throw internally on every failure, which dominates on junk-heavy input.
const FOUR_PART_DECIMAL = /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/
// `::a.b.c.d` (RFC 4291 "IPv4-compatible", deprecated) is silently rewritten by ipaddr.js into the
// IPv4-mapped form; it is a different address, so it is rebuilt here before ipaddr.js sees it.
const IPV4_COMPATIBLE = /^::(\d+\.\d+\.\d+\.\d+)$/
const DOTTED_TAIL = /:(\d[^:]*)$/
const MAPPED_PREFIX = 0xffffn << 32n

function v4Value(octets: number[]): bigint {
  return BigInt(((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3])
}

function v6Value(parts: number[]): bigint {
  let value = 0n
  for (const part of parts) value = (value << 16n) | BigInt(part)
  return value
}

/** The value of a strict dotted quad, or null (ipaddr.js throws when a part is above 255). */
function parseV4(s: string): bigint | null {
  if (!FOUR_PART_DECIMAL.test(s)) return null
  try {
    return v4Value(ipaddr.IPv4.parse(s).octets)
  } catch {
    return null
  }
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
    return value === null ? null : { family: 4, value, mapped: false }
  }
  const compatible = IPV4_COMPATIBLE.exec(s)
  if (compatible) {
    const value = parseV4(compatible[1])
    return value === null ? null : { family: 6, value, mapped: false }
  }
  // ipaddr.js reads the dotted tail of `::ffff:a.b.c.d` with parseInt, which takes hex and leading zeros.
  const tail = DOTTED_TAIL.exec(s)
  if (tail && tail[1].includes('.') && parseV4(tail[1]) === null) return null
  let parts: number[]
  try {
    parts = ipaddr.IPv6.parse(s).parts
  } catch {
    return null
  }
  const value = v6Value(parts)
  return { family: 6, value, mapped: value >> 32n === 0xffffn }
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

/** Canonical text of an address value: dotted quad for IPv4, RFC 5952 for IPv6. Throws on out-of-range values. */
export function formatAddress(family: Family, value: bigint): string {
  if (value < 0n || value > MAX[family]) throw new RangeError(`address value out of range for IPv${family}`)
  if (family === 4) {
    const n = Number(value)
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`
  }
  const parts: number[] = []
  for (let shift = 112n; shift >= 0n; shift -= 16n) parts.push(Number((value >> shift) & 0xffffn))
  return new ipaddr.IPv6(parts).toRFC5952String()
}

/**
 * First and last value of the network `value/prefix` (host bits of `value` are ignored).
 * The prefix must already be within 0..32 or 0..128.
 */
export function prefixBounds(family: Family, value: bigint, prefix: number): [bigint, bigint] {
  const hostBits = BigInt(BITS[family] - prefix)
  const hostMask = (1n << hostBits) - 1n
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

/** Whether the address is public unicast, counting the documentation ranges (192.0.2.0/24, 2001:db8::/32, …). */
export function isPublicUnicast(text: string): boolean {
  const cls = classifyAddress(text)
  return cls === 'public' || cls === 'documentation'
}

/**
 * Whether the address can be a private source toward IBM's private network: RFC 1918 (10/8, 172.16/12,
 * 192.168/16) or IPv6 unique-local (fc00::/7). Used to pick local interface addresses.
 */
export function isPrivateSource(text: string): boolean {
  return classifyAddress(text) === 'private'
}

/**
 * The shared vocabulary of the engine: settings, evidence, findings and the report.
 *
 * Nothing here imports `@actions/*`: the action, the CLI and the tests all use these types as they are.
 */

/** Address family as IBM and Node name it. */
export type Family = 4 | 6
