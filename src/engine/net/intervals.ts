/**
 * Sets of inclusive BigInt intervals, kept sorted, disjoint and merged.
 *
 * Hand-written because no well-kept npm library does interval sets over BigInt: the ones that exist work on
 * JS numbers (53 bits, too small for IPv6) or on CIDR strings only. One set holds one address family; the
 * caller keeps the families apart. Sets are immutable: every operation returns a new set.
 */

/** An inclusive interval of address values. */
export interface Interval {
  first: bigint
  last: bigint
}

/** An immutable set of address values, stored as sorted, disjoint, non-adjacent intervals. */
export class IntervalSet implements Iterable<Interval> {
  /** The empty set. */
  static readonly EMPTY = new IntervalSet([], [])

  // Two parallel arrays rather than objects: binary search touches only `lasts`, and it stays compact.
  private constructor(
    private readonly firsts: readonly bigint[],
    private readonly lasts: readonly bigint[]
  ) {}

  /**
   * Builds a set from `[first, last]` pairs in any order; overlapping and adjacent pairs are merged.
   * Pairs with `first > last` are ignored (they hold no value).
   */
  static fromPairs(pairs: Iterable<readonly [bigint, bigint]>): IntervalSet {
    const sorted = [...pairs].filter(([a, b]) => a <= b).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    const firsts: bigint[] = []
    const lasts: bigint[] = []
    for (const [first, last] of sorted) {
      const n = lasts.length
      if (n > 0 && first <= lasts[n - 1] + 1n) {
        if (last > lasts[n - 1]) lasts[n - 1] = last
      } else {
        firsts.push(first)
        lasts.push(last)
      }
    }
    return new IntervalSet(firsts, lasts)
  }

  /** Builds a set from intervals, as `fromPairs`. */
  static fromIntervals(intervals: Iterable<Interval>): IntervalSet {
    const pairs: Array<[bigint, bigint]> = []
    for (const { first, last } of intervals) pairs.push([first, last])
    return IntervalSet.fromPairs(pairs)
  }

  /** Number of disjoint intervals. */
  get length(): number {
    return this.firsts.length
  }

  /** Whether the set holds no value. */
  get isEmpty(): boolean {
    return this.firsts.length === 0
  }

  /** Number of values (addresses) in the set. */
  get size(): bigint {
    let total = 0n
    for (let i = 0; i < this.firsts.length; i++) total += this.lasts[i] - this.firsts[i] + 1n
    return total
  }

  /** Index of the first interval whose `last` is at least `value`, or `length` when none is. */
  private lowerBound(value: bigint): number {
    let lo = 0
    let hi = this.lasts.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.lasts[mid] < value) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Whether `value` is in the set (binary search: O(log n)). */
  contains(value: bigint): boolean {
    const i = this.lowerBound(value)
    return i < this.firsts.length && this.firsts[i] <= value
  }

  /** Whether every value from `first` to `last` (inclusive) is in the set. Empty spans are covered. */
  covers(first: bigint, last: bigint): boolean {
    if (first > last) return true
    const i = this.lowerBound(first)
    // Intervals are merged, so a covered span must sit inside a single interval.
    return i < this.firsts.length && this.firsts[i] <= first && last <= this.lasts[i]
  }

  /** The values in this set or in `other`. */
  union(other: IntervalSet): IntervalSet {
    if (other.isEmpty) return this
    if (this.isEmpty) return other
    return IntervalSet.fromPairs([...this.pairs(), ...other.pairs()])
  }

  /** The values in this set that are not in `other` (linear merge of both sorted lists). */
  subtract(other: IntervalSet): IntervalSet {
    if (this.isEmpty || other.isEmpty) return this
    const firsts: bigint[] = []
    const lasts: bigint[] = []
    let j = 0
    for (let i = 0; i < this.firsts.length; i++) {
      let start = this.firsts[i]
      const end = this.lasts[i]
      // Skip removals that end before this interval starts; they cannot touch later intervals either.
      while (j < other.firsts.length && other.lasts[j] < start) j++
      let k = j
      while (k < other.firsts.length && other.firsts[k] <= end && start <= end) {
        if (other.firsts[k] > start) {
          firsts.push(start)
          lasts.push(other.firsts[k] - 1n)
        }
        start = other.lasts[k] + 1n
        k++
      }
      if (start <= end) {
        firsts.push(start)
        lasts.push(end)
      }
    }
    return new IntervalSet(firsts, lasts)
  }

  /** The intervals, in ascending order, as `[first, last]` pairs. */
  *pairs(): IterableIterator<[bigint, bigint]> {
    for (let i = 0; i < this.firsts.length; i++) yield [this.firsts[i], this.lasts[i]]
  }

  /** The intervals, in ascending order. */
  *[Symbol.iterator](): Iterator<Interval> {
    for (let i = 0; i < this.firsts.length; i++) yield { first: this.firsts[i], last: this.lasts[i] }
  }
}
