/**
 * Inclusive address ranges as `[first, last]` pairs, and the one operation a network zone needs: include minus
 * exclude, merged.
 *
 * Hand-written because a zone's members are ranges (`a - b`) as well as subnets, and the libraries that do
 * BigInt address arithmetic (cidr-tools, ip-num) work on CIDRs: splitting ranges into CIDRs and back would
 * take more code than these two functions. One array holds one family; the caller keeps the families apart.
 */
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices here stay inside the arrays they read
   (loop limits checked just before); an undefined would only mean a bug the tests catch. */

/** An inclusive range of address values of one family. */
export type Range = readonly [bigint, bigint]

const byFirst = (a: Range, b: Range): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)

/** The same values as `ranges`, as sorted, disjoint, non-adjacent ranges; pairs with first > last hold none. */
function mergeRanges(ranges: readonly Range[]): Range[] {
  const merged: Array<[bigint, bigint]> = []
  for (const [first, last] of ranges.filter(([a, b]) => a <= b).sort(byFirst)) {
    const previous = merged[merged.length - 1]
    if (previous && first <= previous[1] + 1n) {
      if (last > previous[1]) previous[1] = last
    } else merged.push([first, last])
  }
  return merged
}

/**
 * The values of `include` that are not in `exclude`, as sorted, disjoint, non-adjacent ranges: both are merged,
 * then walked once side by side. With no exclusions this merges `include`.
 */
export function subtractRanges(include: readonly Range[], exclude: readonly Range[]): Range[] {
  const cuts = mergeRanges(exclude)
  const kept: Range[] = []
  let j = 0
  for (const range of mergeRanges(include)) {
    let first = range[0]
    const last = range[1]
    // Cuts that end before this range starts cannot touch the later ranges either.
    while (j < cuts.length && cuts[j]![1] < first) j++
    for (let k = j; k < cuts.length && cuts[k]![0] <= last && first <= last; k++) {
      if (cuts[k]![0] > first) kept.push([first, cuts[k]![0] - 1n])
      first = cuts[k]![1] + 1n
    }
    if (first <= last) kept.push([first, last])
  }
  return kept
}
