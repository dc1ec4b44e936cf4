import { describe, expect, test } from '@jest/globals'
import { IntervalSet } from '../../../../src/engine/net/intervals.js'

const pairs = (set: IntervalSet) => [...set.pairs()]
const set = (...p: Array<[number, number]>) => IntervalSet.fromPairs(p.map(([a, b]) => [BigInt(a), BigInt(b)] as const))

describe('IntervalSet.fromPairs', () => {
  test('sorts, merges overlaps and adjacent intervals, drops inverted pairs', () => {
    expect(pairs(set([10, 20], [0, 5], [6, 8], [15, 30], [40, 40], [50, 45]))).toEqual([
      [0n, 8n],
      [10n, 30n],
      [40n, 40n]
    ])
  })

  test('empty', () => {
    expect(IntervalSet.fromPairs([]).isEmpty).toBe(true)
    expect(IntervalSet.EMPTY.size).toBe(0n)
    expect(IntervalSet.EMPTY.contains(0n)).toBe(false)
  })

  test('whole IPv6 space', () => {
    const all = IntervalSet.fromPairs([[0n, (1n << 128n) - 1n]])
    expect(all.size).toBe(1n << 128n)
    expect(all.contains((1n << 128n) - 1n)).toBe(true)
    expect(all.covers(0n, (1n << 128n) - 1n)).toBe(true)
  })
})

describe('contains and covers', () => {
  const s = set([0, 0], [10, 20], [30, 39])
  test('contains', () => {
    expect([0, 1, 9, 10, 15, 20, 21, 29, 30, 39, 40].map((v) => s.contains(BigInt(v)))).toEqual([
      true, false, false, true, true, true, false, false, true, true, false
    ])
  })
  test('covers', () => {
    expect(s.covers(10n, 20n)).toBe(true)
    expect(s.covers(12n, 13n)).toBe(true)
    expect(s.covers(19n, 30n)).toBe(false)
    expect(s.covers(5n, 12n)).toBe(false)
    expect(s.covers(40n, 41n)).toBe(false)
    expect(s.covers(5n, 4n)).toBe(true)
  })
  test('size and length', () => {
    expect(s.size).toBe(1n + 11n + 10n)
    expect(s.length).toBe(3)
  })
})

describe('union and subtract', () => {
  test('union merges', () => {
    expect(pairs(set([0, 5]).union(set([6, 9], [20, 30])))).toEqual([[0n, 9n], [20n, 30n]])
    expect(pairs(set([0, 5]).union(IntervalSet.EMPTY))).toEqual([[0n, 5n]])
  })

  test('subtract splits an interval', () => {
    expect(pairs(set([0, 100]).subtract(set([10, 19], [50, 50])))).toEqual([
      [0n, 9n],
      [20n, 49n],
      [51n, 100n]
    ])
  })

  test('subtract at the edges and across several intervals', () => {
    expect(pairs(set([0, 10], [20, 30]).subtract(set([0, 0], [5, 25])))).toEqual([[1n, 4n], [26n, 30n]])
    expect(pairs(set([0, 10]).subtract(set([0, 10])))).toEqual([])
    expect(pairs(set([0, 10]).subtract(set([-5, 50])))).toEqual([])
    expect(pairs(set([0, 10], [20, 30]).subtract(set([11, 19])))).toEqual([[0n, 10n], [20n, 30n]])
  })

  test('one removal spanning intervals', () => {
    expect(pairs(set([0, 10], [20, 30], [40, 50]).subtract(set([5, 45])))).toEqual([[0n, 4n], [46n, 50n]])
  })

  test('subtract at the top of the IPv4 space', () => {
    const max = (1n << 32n) - 1n
    const all = IntervalSet.fromPairs([[0n, max]])
    expect([...all.subtract(IntervalSet.fromPairs([[max, max]])).pairs()]).toEqual([[0n, max - 1n]])
  })

  test('iteration yields intervals', () => {
    expect([...set([1, 2], [4, 5])]).toEqual([{ first: 1n, last: 2n }, { first: 4n, last: 5n }])
  })
})
