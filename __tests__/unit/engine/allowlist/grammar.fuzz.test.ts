/**
 * Grammar fuzz: random and mutated real entries. `parseAllowlist` must never throw, must account for
 * every entry, and every accepted address entry must round-trip through its canonical text and be
 * attributed by the matcher at both ends. Seeded; `FUZZ_INPUTS` sets the count (default 5,000, so the unit
 * suite stays fast; `npm run fuzz` runs 2,000,000).
 */
import { describe, expect, test } from '@jest/globals'
import { buildMatcher } from '../../../../src/engine/allowlist/matcher.js'
import { entryInterval, parseAllowlist } from '../../../../src/engine/allowlist/grammar.js'
import { parseAddress } from '../../../../src/engine/net/address.js'
import { mulberry32 } from '../../../harness/prng.js'

const INPUTS = Number(process.env.FUZZ_INPUTS ?? '') || 5_000

const rand = mulberry32(0x5eed)
const int = (n: number) => Math.floor(rand() * n)
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!

const REAL = [
  '17.5.7.8',
  '17.5.7.8 - 17.5.9.5',
  '17.5.7.8-17.5.9.5',
  '192.168.0.0/16',
  '17.5.7.8.0/16',
  '10.0.0.1/8',
  '0.0.0.0/0',
  '::/0',
  '2001:db8::1',
  '2001:db8::/32',
  '2001:db8::1 - 2001:db8::ff',
  '::ffff:1.2.3.4',
  '::ffff:10.0.0.0/104',
  'fe80::1%eth0',
  '1:2:3:4:5:6:7:8',
  '::1.2.3.4',
  'my-zone',
  'CI runners_2',
  '?',
  '255.255.255.255',
  '203.0.113.0/24',
  '198.51.100.7',
  '166.9.20.31',
  '1.2.3.4/33',
  '300.1.1.1',
  ''
]
const ALPHABET = '0123456789abcdefABCDEF.:/-, ?\n\r\t%_[]x'
const WILD = ['\u0000', '\u00a0', '\u2013', '\u0661', 'é', '💥', '\\', '"', '\u200b', '０']

function randomText(): string {
  let s = ''
  for (let i = int(30); i > 0; i--) s += int(20) === 0 ? pick(WILD) : (ALPHABET[int(ALPHABET.length)] ?? '')
  return s
}

function mutate(entry: string): string {
  let s = entry
  for (let i = 1 + int(3); i > 0; i--) {
    const at = int(s.length + 1)
    const op = int(4)
    const ch = int(8) === 0 ? pick(WILD) : (ALPHABET[int(ALPHABET.length)] ?? '')
    if (op === 0) s = s.slice(0, at) + ch + s.slice(at)
    else if (op === 1) s = s.slice(0, at) + s.slice(at + 1)
    else if (op === 2) s = s.slice(0, at) + ch + s.slice(at + 1)
    else s = s.slice(0, at) + pick(REAL) + s.slice(at)
  }
  return s
}

function randomList(): string {
  const parts: string[] = []
  for (let i = 1 + int(5); i > 0; i--) {
    const r = int(10)
    parts.push(r < 4 ? pick(REAL) : r < 8 ? mutate(pick(REAL)) : randomText())
  }
  return (int(5) === 0 ? '?' : '') + parts.join(pick([',', ', ', ' ,', ',,', '\n']))
}

describe('parseAllowlist fuzz', () => {
  test(`${INPUTS} inputs: never throws, accounts for every entry, round-trips`, () => {
    let accepted = 0
    let rejected = 0
    for (let i = 0; i < INPUTS; i++) {
      const text = randomList()
      const newlines = int(2) === 0
      const fail = (why: string) => {
        throw new Error(`input ${i} ${JSON.stringify(text)} (newlines: ${newlines}): ${why}`)
      }
      let parsed
      try {
        parsed = parseAllowlist(text, { newlines })
      } catch (error) {
        fail(`threw ${String(error)}`)
        return
      }
      if (!Array.isArray(parsed.entries) || !Array.isArray(parsed.errors)) fail('no entries/errors arrays')
      if (parsed.empty !== (parsed.entries.length === 0 && parsed.errors.length === 0)) fail('empty is wrong')
      // Every non-empty piece between separators is either an entry or an error, in order.
      const body = text.trimStart().replace(/^\?/, '')
      const pieces = body
        .split(newlines ? /[,\r\n]/ : /,/)
        .map((p) => p.trim())
        .filter((p) => p !== '')
      const seen = [...parsed.entries.map((e) => e.raw), ...parsed.errors.map((e) => e.raw)].sort()
      if (JSON.stringify(seen) !== JSON.stringify([...pieces].sort()))
        fail('entries and errors do not account for every piece')
      if (parsed.monitor !== text.trimStart().startsWith('?')) fail('monitor is wrong')
      for (const e of parsed.errors) {
        if (!e.reason.startsWith(`"${e.raw}": `)) fail(`reason does not name the entry: ${e.reason}`)
        if (e.raw !== e.raw.trim() || e.raw === '') fail('error raw not trimmed')
      }
      rejected += parsed.errors.length
      const addressEntries = parsed.entries.filter((e) => e.kind !== 'zone')
      accepted += parsed.entries.length
      if (addressEntries.length === 0) continue
      const matcher = buildMatcher(parsed)
      for (const entry of addressEntries) {
        const interval = entryInterval(entry)
        const first = parseAddress(entry.first)
        const last = parseAddress(entry.last)
        if (!first || !last) fail(`entry ${entry.raw}: first/last do not reparse`)
        else if (
          first.text !== entry.first ||
          last.text !== entry.last ||
          first.family !== interval.family ||
          last.family !== interval.family ||
          first.value !== interval.first ||
          last.value !== interval.last ||
          interval.first > interval.last
        )
          fail(`entry ${entry.raw}: first/last do not round-trip`)
        if (matcher.match(entry.first) === undefined) fail(`entry ${entry.raw}: first not matched`)
        if (matcher.match(entry.last) === undefined) fail(`entry ${entry.raw}: last not matched`)
      }
    }
    // The generator must exercise both outcomes.
    expect(accepted).toBeGreaterThan(INPUTS / 2)
    expect(rejected).toBeGreaterThan(INPUTS / 2)
  })

  test('pathological inputs', () => {
    const huge = Array.from({ length: 20000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.0/24`).join(',')
    expect(parseAllowlist(huge).entries).toHaveLength(20000)
    for (const text of [
      '-'.repeat(10000),
      ':'.repeat(10000),
      '/'.repeat(5000),
      '?'.repeat(1000),
      '1.'.repeat(5000),
      'a'.repeat(100000)
    ]) {
      const parsed = parseAllowlist(text)
      expect(parsed.entries.length + parsed.errors.length).toBeLessThanOrEqual(1)
    }
  })
})
