/**
 * Address text read and written in place, with plain numbers: IPv4 as one number, IPv6 as eight 16-bit groups.
 *
 * Hand-written because an allowlist of thousands of entries is parsed once, in a fresh process: a regex, an
 * ipaddr.js object and BigInt arithmetic per address dominated that cold run. These scanners take exactly the
 * plain forms (four decimal parts without leading zeros; standard IPv6 text without a zone id), none of the
 * lenient ones ipaddr.js also reads (`1.2.3`, `0x1.2.3.4`, `010.0.0.1`).
 */
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices here stay inside the arrays they read
   (loop limits checked just before); an undefined would only mean a bug the tests catch. */

/**
 * The value of the strict dotted quad `text.slice(start, end)`, or -1. Reads the characters in place (no
 * slice, no regex), so the grammar can call it on part of an entry.
 */
export function parseV4(text: string, start = 0, end = text.length): number {
  let value = 0
  let part = 0
  let digits = 0
  let dots = 0
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1
      value = value * 256 + part
      part = 0
      digits = 0
      dots++
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1 // a leading zero
      part = part * 10 + c - 48
      if (part > 255) return -1
      digits++
    } else return -1
  }
  return dots === 3 && digits > 0 ? value * 256 + part : -1
}

/** The dotted quad of an IPv4 value (0 to 2^32 − 1). */
export function formatV4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  const lower = c | 32
  return lower >= 97 && lower <= 102 ? lower - 87 : -1
}

/**
 * The eight 16-bit groups of the IPv6 text `text.slice(start, end)`, or null: groups of 1 to 4 hex digits, at
 * most one `::` standing for at least one zero group, and optionally a strict dotted quad in place of the last
 * two groups. No zone id, no surrounding space. Reads the characters in place, like `parseV4`.
 */
export function parseV6(text: string, start = 0, end = text.length): number[] | null {
  const groups: number[] = []
  let gap = -1
  let i = start
  if (end - start >= 2 && text.charCodeAt(i) === 58 && text.charCodeAt(i + 1) === 58) {
    gap = 0
    i += 2
  }
  while (i < end) {
    let group = 0
    let j = i
    for (let d = hexDigit(text.charCodeAt(j)); d >= 0 && j < end; d = hexDigit(text.charCodeAt(++j)))
      group = group * 16 + d
    if (j < end && text.charCodeAt(j) === 46) {
      const v4 = parseV4(text, i, end)
      if (v4 < 0) return null
      groups.push(Math.floor(v4 / 65536), v4 % 65536)
      break
    }
    if (j === i || j - i > 4) return null
    groups.push(group)
    if (j === end) break
    if (text.charCodeAt(j) !== 58 || j + 1 === end) return null
    i = j + 1
    if (text.charCodeAt(i) === 58) {
      if (gap >= 0) return null
      gap = groups.length
      i++
    }
  }
  if (gap < 0 ? groups.length !== 8 : groups.length > 7) return null
  while (gap >= 0 && groups.length < 8) groups.splice(gap, 0, 0)
  return groups
}

/** The value of eight IPv6 groups. */
export function v6Value(groups: readonly number[]): bigint {
  // Four 32-bit quarters fit a number each: four BigInt steps instead of eight.
  let value = 0n
  for (let k = 0; k < 8; k += 2) value = (value << 32n) | BigInt(groups[k]! * 65536 + groups[k + 1]!)
  return value
}

/** Whether eight IPv6 groups are in the IPv4-mapped block ::ffff:0:0/96. */
export function isMappedV6(groups: readonly number[]): boolean {
  return (
    groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff
  )
}

/**
 * The canonical text of eight IPv6 groups: lower-case hex without leading zeros, and the longest run of two or
 * more zero groups (the first on a tie) written as `::`.
 */
export function formatV6(groups: readonly number[]): string {
  let best = -1
  let bestLength = 1
  for (let k = 0; k < 8; k++) {
    let end = k
    while (end < 8 && groups[end] === 0) end++
    if (end - k > bestLength) {
      best = k
      bestLength = end - k
    }
    k = end
  }
  let text = ''
  for (let k = 0; k < 8; k++) {
    if (k === best) {
      text += '::'
      k += bestLength - 1
      continue
    }
    if (k > 0 && k !== best + bestLength) text += ':'
    text += groups[k]!.toString(16)
  }
  return text
}
