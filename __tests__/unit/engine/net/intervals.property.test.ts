/**
 * Property tests: the allowlist matcher against Node's own `net.BlockList`, and interval-set operations
 * against brute force over a small universe. Seeded, so a failure reproduces.
 */
import { describe, expect, test } from '@jest/globals'
import { BlockList } from 'node:net'
import { buildMatcher } from '../../../../src/engine/allowlist/matcher.js'
import { parseAllowlist } from '../../../../src/engine/allowlist/grammar.js'
import { formatAddress } from '../../../../src/engine/net/address.js'
import { IntervalSet } from '../../../../src/engine/net/intervals.js'
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
        const mask = ((1n << BigInt(bits - p)) - 1n)
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
      if (got !== expected) throw new Error(`round ${round}: ${text} expected ${expected} for list ${entries.join(',')}`)
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

describe('interval sets agree with brute force over 0..63', () => {
  const N = 64
  const randomSet = (): [IntervalSet, boolean[]] => {
    const bools = new Array<boolean>(N).fill(false)
    const pairs: Array<[bigint, bigint]> = []
    for (let i = int(6); i > 0; i--) {
      const a = int(N)
      const b = Math.min(N - 1, a + int(12))
      pairs.push([BigInt(a), BigInt(b)])
      for (let x = a; x <= b; x++) bools[x] = true
    }
    return [IntervalSet.fromPairs(pairs), bools]
  }
  // Plain comparisons, not expect(): this runs hundreds of thousands of times.
  const check = (set: IntervalSet, bools: boolean[], what: string) => {
    for (let x = 0; x < N; x++) {
      if (set.contains(BigInt(x)) !== bools[x]) throw new Error(`${what}: contains(${x}) should be ${bools[x]}`)
    }
    if (set.size !== BigInt(bools.filter(Boolean).length)) throw new Error(`${what}: wrong size`)
    // Stored intervals are disjoint, sorted and not adjacent.
    const list = [...set.pairs()]
    for (let i = 1; i < list.length; i++) {
      if (list[i][0] <= list[i - 1][1] + 1n) throw new Error(`${what}: intervals not merged`)
    }
  }

  test('union, subtract, covers', () => {
    for (let round = 0; round < 3000; round++) {
      const [a, ab] = randomSet()
      const [b, bb] = randomSet()
      check(a, ab, `round ${round} fromPairs`)
      check(a.union(b), ab.map((x, i) => x || bb[i]), `round ${round} union`)
      check(a.subtract(b), ab.map((x, i) => x && !bb[i]), `round ${round} subtract`)
      const lo = int(N)
      const hi = Math.min(N - 1, lo + int(20))
      if (a.covers(BigInt(lo), BigInt(hi)) !== ab.slice(lo, hi + 1).every(Boolean)) {
        throw new Error(`round ${round}: covers(${lo}, ${hi})`)
      }
    }
  })
})
