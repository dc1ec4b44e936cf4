import { describe, expect, test } from '@jest/globals'
import { subtractRanges, type Range } from '../../../../src/engine/allowlist/ranges.js'
import { mulberry32 } from '../../../harness/prng.js'

const r = (...pairs: Array<[number, number]>): Range[] => pairs.map(([a, b]) => [BigInt(a), BigInt(b)])
const V4_MAX = (1n << 32n) - 1n
const V6_MAX = (1n << 128n) - 1n

describe('subtractRanges with nothing to cut merges', () => {
  test('sorts, merges overlaps and adjacent ranges, drops inverted pairs', () => {
    expect(subtractRanges(r([10, 20], [0, 5], [6, 8], [15, 30], [40, 40], [50, 45]), [])).toEqual(
      r([0, 8], [10, 30], [40, 40])
    )
  })

  test('empty, and the whole IPv6 space', () => {
    expect(subtractRanges([], [])).toEqual([])
    expect(
      subtractRanges(
        [
          [0n, V6_MAX],
          [5n, 7n]
        ],
        []
      )
    ).toEqual([[0n, V6_MAX]])
  })
})

describe('subtractRanges', () => {
  test('splits a range', () => {
    expect(subtractRanges(r([0, 100]), r([10, 19], [50, 50]))).toEqual(r([0, 9], [20, 49], [51, 100]))
  })

  test('at the edges and across several ranges', () => {
    expect(subtractRanges(r([0, 10], [20, 30]), r([0, 0], [5, 25]))).toEqual(r([1, 4], [26, 30]))
    expect(subtractRanges(r([0, 10]), r([0, 10]))).toEqual([])
    expect(subtractRanges(r([0, 10]), r([-5, 50]))).toEqual([])
    expect(subtractRanges(r([0, 10], [20, 30]), r([11, 19]))).toEqual(r([0, 10], [20, 30]))
  })

  test('one cut spanning ranges', () => {
    expect(subtractRanges(r([0, 10], [20, 30], [40, 50]), r([5, 45]))).toEqual(r([0, 4], [46, 50]))
  })

  test('unmerged input, and nothing to cut', () => {
    expect(subtractRanges(r([20, 30], [0, 12], [10, 15]), r([12, 12]))).toEqual(r([0, 11], [13, 15], [20, 30]))
    expect(subtractRanges(r([0, 5]), [])).toEqual(r([0, 5]))
    expect(subtractRanges([], r([0, 5]))).toEqual([])
  })

  test('at the top of the IPv4 space', () => {
    expect(subtractRanges([[0n, V4_MAX]], [[V4_MAX, V4_MAX]])).toEqual([[0n, V4_MAX - 1n]])
  })
})

describe('merge and subtract agree with brute force over 0..63', () => {
  const N = 64
  const rand = mulberry32(0xc0ffee)
  const int = (n: number) => Math.floor(rand() * n)
  const randomRanges = (): [Range[], boolean[]] => {
    const bools = new Array<boolean>(N).fill(false)
    const ranges: Range[] = []
    for (let i = int(6); i > 0; i--) {
      const a = int(N)
      const b = Math.min(N - 1, a + int(12))
      // Now and then an inverted pair, which holds nothing.
      ranges.push(int(10) === 0 ? [BigInt(b + 1), BigInt(a)] : [BigInt(a), BigInt(b)])
      if (ranges[ranges.length - 1]![0] <= ranges[ranges.length - 1]![1]) for (let x = a; x <= b; x++) bools[x] = true
    }
    return [ranges, bools]
  }
  // Plain comparisons, not expect(): this runs thousands of times.
  const check = (ranges: Range[], bools: boolean[], what: string) => {
    const got = new Array<boolean>(N).fill(false)
    ranges.forEach(([a, b], i) => {
      if (a > b || (i > 0 && a <= ranges[i - 1]![1] + 1n)) throw new Error(`${what}: ranges not sorted and merged`)
      for (let x = Number(a); x <= Number(b); x++) got[x] = true
    })
    for (let x = 0; x < N; x++)
      if (got[x] !== bools[x]) throw new Error(`${what}: ${x} should be ${bools[x] ? 'in' : 'out'}`)
  }

  test('3,000 random pairs of range lists', () => {
    for (let round = 0; round < 3000; round++) {
      const [a, ab] = randomRanges()
      const [b, bb] = randomRanges()
      check(subtractRanges(a, []), ab, `round ${round} merge`)
      check(
        subtractRanges(a, b),
        ab.map((x, i) => x && !bb[i]),
        `round ${round} subtract`
      )
    }
  })
})
