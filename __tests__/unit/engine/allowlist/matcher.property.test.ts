/**
 * Property tests: the allowlist matcher against Node's own `net.BlockList` (membership), and against brute
 * force over a small universe (which entry or zone answers). Seeded, so a failure reproduces.
 */
import { describe, expect, test } from '@jest/globals'
import { BlockList } from 'node:net'
import { buildMatcher, type ZoneRanges } from '../../../../src/engine/allowlist/matcher.js'
import { parseAllowlist } from '../../../../src/engine/allowlist/grammar.js'
import { formatAddress } from '../../../../src/engine/net/address.js'
import { mulberry32 } from '../../../harness/prng.js'

const rand = mulberry32(0xc0ffee)
const int = (n: number) => Math.floor(rand() * n)
const u32 = () => BigInt(Math.floor(rand() * 2 ** 32))

function randomValue(family: 4 | 6): bigint {
  if (family === 4) return u32()
  // Keep the top group at 0x2000 or above so no subject is IPv4-mapped (those are IPv4 subjects here).
  let value = BigInt(0x2000 + int(0xe000))
  for (let i = 0; i < 7; i++) value = (value << 16n) | BigInt(int(0x10000))
  return value
}

/** A value near `base` (boundaries are where off-by-one bugs live). */
function near(base: bigint, family: 4 | 6): bigint {
  const max = family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n
  const v = base + BigInt(int(5) - 2)
  return v < 0n ? 0n : v > max ? max : v
}

function runMembership(family: 4 | 6, rounds: number): { checks: number; allowed: number } {
  const type = family === 4 ? 'ipv4' : 'ipv6'
  const bits = family === 4 ? 32 : 128
  let checks = 0
  let allowed = 0
  for (let round = 0; round < rounds; round++) {
    const block = new BlockList()
    const entries: string[] = []
    const edges: bigint[] = []
    const count = 1 + int(25)
    for (let i = 0; i < count; i++) {
      const a = randomValue(family)
      const kind = int(3)
      if (kind === 0) {
        block.addAddress(formatAddress(family, a), type)
        entries.push(formatAddress(family, a))
        edges.push(a)
      } else if (kind === 1) {
        // Mostly narrow ranges, sometimes wide ones.
        const span = int(4) === 0 ? randomValue(family) : BigInt(int(5000))
        const max = family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n
        let b = a + span > max ? max : a + span
        let first = a
        if (int(2) === 0 && span > a) [first, b] = [b > a ? a : b, a]
        block.addRange(formatAddress(family, first), formatAddress(family, b), type)
        entries.push(`${formatAddress(family, first)}${int(2) ? ' - ' : '-'}${formatAddress(family, b)}`)
        edges.push(first, b)
      } else {
        // Mostly long prefixes (small subnets), sometimes any prefix down to /0.
        const p = int(4) === 0 ? int(bits + 1) : bits - int(12)
        block.addSubnet(formatAddress(family, a), p, type)
        entries.push(`${formatAddress(family, a)}/${p}`) // host bits left set on purpose
        const mask = (1n << BigInt(bits - p)) - 1n
        edges.push(a & ~mask, a | mask)
      }
    }
    const parsed = parseAllowlist(entries.join(int(2) ? ',' : ', '))
    expect(parsed.errors).toEqual([])
    expect(parsed.entries).toHaveLength(entries.length)
    const matcher = buildMatcher(parsed)
    const queries: bigint[] = []
    for (let i = 0; i < 40; i++) queries.push(randomValue(family))
    for (const edge of edges) queries.push(near(edge, family), edge)
    for (const q of queries) {
      const text = formatAddress(family, q)
      const expected = block.check(text, type)
      const got = matcher.match(text) !== undefined
      if (got !== expected)
        throw new Error(`round ${round}: ${text} expected ${expected} for list ${entries.join(',')}`)
      // The IPv4-mapped spelling of a subject is the same subject.
      if (family === 4 && int(4) === 0 && (matcher.match(`::ffff:${text}`) !== undefined) !== expected) {
        throw new Error(`round ${round}: ::ffff:${text} differs from ${text}`)
      }
      checks++
      if (got) allowed++
    }
  }
  return { checks, allowed }
}

describe('matcher agrees with net.BlockList', () => {
  test('IPv4', () => {
    const { checks, allowed } = runMembership(4, 600)
    expect(checks).toBeGreaterThan(10000)
    // Both outcomes must be well represented, or the comparison proves little.
    expect(allowed).toBeGreaterThan(checks / 10)
    expect(allowed).toBeLessThan(checks * 0.9)
  })
  test('IPv6', () => {
    const { checks, allowed } = runMembership(6, 600)
    expect(checks).toBeGreaterThan(10000)
    expect(allowed).toBeGreaterThan(checks / 10)
    expect(allowed).toBeLessThan(checks * 0.9)
  })
})

describe('attribution agrees with brute force over 0.0.0.0..0.0.0.63', () => {
  const N = 64
  const ip = (x: number) => `0.0.0.${x}`
  const span = (): [number, number] => {
    const a = int(N)
    return [a, Math.min(N - 1, a + int(16))]
  }
  const members = (ranges: Array<[number, number]>) => {
    const bools = new Array<boolean>(N).fill(false)
    for (const [a, b] of ranges) for (let x = a; x <= b; x++) bools[x] = true
    return bools
  }

  test('entries and zones, 2,000 lists', () => {
    for (let round = 0; round < 2000; round++) {
      // Each candidate answer: its label, where it starts below each value it allows, its list position.
      const candidates: Array<{ label: string; start: (x: number) => number; allows: boolean[] }> = []
      const texts: string[] = []
      const zones = new Map<string, ZoneRanges>()
      for (let i = 1 + int(8); i > 0; i--) {
        const kind = int(4)
        if (kind === 3) {
          const name = `z${int(3)}`
          if (!zones.has(name)) {
            const include = Array.from({ length: int(4) }, span)
            const exclude = Array.from({ length: int(3) }, span)
            const iv = ([a, b]: [number, number]) => ({ family: 4 as const, first: BigInt(a), last: BigInt(b) })
            zones.set(name, { include: include.map(iv), exclude: exclude.map(iv) })
          }
          const zone = zones.get(name)!
          const inc = members(zone.include.map((r) => [Number(r.first), Number(r.last)]))
          const exc = members(zone.exclude.map((r) => [Number(r.first), Number(r.last)]))
          const allows = inc.map((x, k) => x && !exc[k])
          // A zone answers with the start of its run of allowed values that holds x.
          const start = (x: number) => {
            let u = x
            while (u > 0 && allows[u - 1]) u--
            return u
          }
          candidates.push({ label: `zone:${name}`, start, allows })
          texts.push(name)
          continue
        }
        const [a, b] = kind === 0 ? [int(N), -1] : span()
        const text = kind === 0 ? ip(a) : kind === 1 ? `${ip(a)} - ${ip(b)}` : `${ip(a)}/${32 - int(5)}`
        const entry = parseAllowlist(text).entries[0]
        if (entry?.kind !== 'address' && entry?.kind !== 'cidr' && entry?.kind !== 'range')
          throw new Error(`${text} did not parse`)
        const first = Number(entry.first.split('.')[3])
        const last = Number(entry.last.split('.')[3])
        candidates.push({ label: text, start: () => first, allows: members([[first, last]]) })
        texts.push(text)
      }
      const matcher = buildMatcher(parseAllowlist(texts.join(',')), zones)
      for (let x = 0; x < N; x++) {
        let expected: string | undefined
        let best = -1
        for (const c of candidates) {
          // Strictly greater: on a tie the earlier entry keeps the answer.
          if (c.allows[x] && c.start(x) > best) {
            best = c.start(x)
            expected = c.label
          }
        }
        const got = matcher.match(ip(x))
        if (got !== expected)
          throw new Error(`round ${round}: ${ip(x)} gave ${got}, expected ${expected} for ${texts.join(',')}`)
      }
    }
  })
})
