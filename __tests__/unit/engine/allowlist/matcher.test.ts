import { describe, expect, test } from '@jest/globals'
import { buildMatcher, type ZoneRanges } from '../../../../src/engine/allowlist/matcher.js'
import { parseAllowlist, type ParsedList } from '../../../../src/engine/allowlist/grammar.js'
import { parseAddress } from '../../../../src/engine/net/address.js'

const v = (text: string) => parseAddress(text)!
const iv = (first: string, last = first) => ({ family: v(first).family, first: v(first).value, last: v(last).value })

describe('buildMatcher', () => {
  test('addresses, ranges and CIDRs, with attribution', () => {
    const m = buildMatcher(parseAllowlist('17.5.7.8, 17.5.7.8 - 17.5.9.5, 192.168.0.0/16, 2001:db8::/32'))
    expect(m.match('17.5.7.8')).toBe('17.5.7.8')
    expect(m.match('17.5.7.9')).toBe('17.5.7.8 - 17.5.9.5')
    expect(m.match('17.5.9.5')).toBe('17.5.7.8 - 17.5.9.5')
    expect(m.match('17.5.9.6')).toBeUndefined()
    expect(m.match('192.168.3.4')).toBe('192.168.0.0/16')
    expect(m.match('2001:db8:1::9')).toBe('2001:db8::/32')
    expect(m.match('2001:db9::')).toBeUndefined()
    expect(m.match('not an address')).toBeUndefined()
  })

  test('the entry starting closest below wins; equal starts go to the earlier entry', () => {
    const m = buildMatcher(parseAllowlist('10.0.0.0/8, 10.1.0.0/16, 10.1.2.3, 10.1.0.0 - 10.1.0.9'))
    expect(m.match('10.1.2.3')).toBe('10.1.2.3')
    expect(m.match('10.1.2.4')).toBe('10.1.0.0/16')
    expect(m.match('10.1.0.5')).toBe('10.1.0.0/16')
    expect(m.match('10.200.0.1')).toBe('10.0.0.0/8')
  })

  test('a wide early entry is found past narrow later ones', () => {
    const m = buildMatcher(parseAllowlist('1.0.0.0 - 1.255.255.255, 1.0.0.5, 1.0.0.9, 1.0.0.20'))
    expect(m.match('1.0.0.30')).toBe('1.0.0.0 - 1.255.255.255')
    expect(m.match('1.0.0.9')).toBe('1.0.0.9')
  })

  test('IPv4-mapped subjects and entries compare equal', () => {
    const m = buildMatcher(parseAllowlist('::ffff:1.2.3.4, 5.6.7.8'))
    expect(m.match('1.2.3.4')).toBe('::ffff:1.2.3.4')
    expect(m.match('::ffff:5.6.7.8')).toBe('5.6.7.8')
  })

  test('families stay apart: ::/0 allows no IPv4 subject, 0.0.0.0/0 no IPv6 subject', () => {
    const m6 = buildMatcher(parseAllowlist('::/0'))
    expect(m6.match('1.2.3.4')).toBeUndefined()
    expect(m6.match('2606:4700::1')).toBe('::/0')
    const m4 = buildMatcher(parseAllowlist('0.0.0.0/0'))
    expect(m4.match('255.255.255.255')).toBe('0.0.0.0/0')
    expect(m4.match('::1')).toBeUndefined()
  })

  test('malformed entries allow nothing; the rest counts', () => {
    const m = buildMatcher(parseAllowlist('17.5.7.8.0/16, 17.5.7.8'))
    expect(m.match('17.5.7.8')).toBe('17.5.7.8')
    expect(m.match('17.5.0.1')).toBeUndefined()
  })

  test('answers stay the same once enough lookups have made the matcher index the list', () => {
    const m = buildMatcher(
      parseAllowlist('10.0.0.0/8, 10.1.0.0/16, 10.1.2.3, 10.1.0.0 - 10.1.0.9, 2001:db8::/32, 2001:db8::5')
    )
    const asked = [
      '10.1.2.3',
      '10.1.2.4',
      '10.1.0.5',
      '10.200.0.1',
      '11.0.0.0',
      '2001:db8::5',
      '2001:db8::6',
      '2001:db9::'
    ]
    const first = asked.map((a) => m.match(a))
    expect(first).toEqual([
      '10.1.2.3',
      '10.1.0.0/16',
      '10.1.0.0/16',
      '10.0.0.0/8',
      undefined,
      '2001:db8::5',
      '2001:db8::/32',
      undefined
    ])
    for (let round = 0; round < 4; round++) expect(asked.map((a) => m.match(a))).toEqual(first)
  })

  test('a list edited after parsing, or built by hand, is read from its entries', () => {
    const parsed = parseAllowlist('10.0.0.0/8, 2001:db8::/32, 192.168.0.0/16')
    const edited = { ...parsed, entries: parsed.entries.slice(1) }
    expect(buildMatcher(edited).match('10.1.2.3')).toBeUndefined()
    expect(buildMatcher(edited).match('2001:db8::1')).toBe('2001:db8::/32')
    parsed.entries[2] = parseAllowlist('172.16.0.0/12').entries[0]!
    expect(buildMatcher(parsed).match('192.168.0.1')).toBeUndefined()
    expect(buildMatcher(parsed).match('172.16.0.1')).toBe('172.16.0.0/12')
    const byHand: ParsedList = {
      monitor: false,
      empty: false,
      errors: [],
      entries: [{ kind: 'range', raw: 'r', family: 4, first: '1.0.0.1', last: '1.0.0.9' }]
    }
    expect(buildMatcher(byHand).match('1.0.0.5')).toBe('r')
  })

  test('an empty list allows nothing (the caller treats it as unrestricted)', () => {
    expect(buildMatcher(parseAllowlist('')).match('1.2.3.4')).toBeUndefined()
  })
})

describe('zones', () => {
  const zones = new Map<string, ZoneRanges>([
    ['ci', { include: [iv('10.0.0.0', '10.0.0.255'), iv('2001:db8::1')], exclude: [iv('10.0.0.128', '10.0.0.191')] }],
    ['empty', { include: [], exclude: [] }]
  ])

  test('include minus exclude, labelled zone:NAME', () => {
    const m = buildMatcher(parseAllowlist('ci, 8.8.8.8'), zones)
    expect(m.match('10.0.0.1')).toBe('zone:ci')
    expect(m.match('10.0.0.127')).toBe('zone:ci')
    expect(m.match('10.0.0.128')).toBeUndefined()
    expect(m.match('10.0.0.191')).toBeUndefined()
    expect(m.match('10.0.0.192')).toBe('zone:ci')
    expect(m.match('2001:db8::1')).toBe('zone:ci')
    expect(m.match('8.8.8.8')).toBe('8.8.8.8')
  })

  test('an exclusion of a zone does not remove what another entry allows', () => {
    const m = buildMatcher(parseAllowlist('ci, 10.0.0.150'), zones)
    expect(m.match('10.0.0.150')).toBe('10.0.0.150')
  })

  test('unresolved zones allow nothing', () => {
    const m = buildMatcher(parseAllowlist('unknown, unknown, empty'), zones)
    expect(m.match('10.0.0.1')).toBeUndefined()
  })

  test('a zone next to an entry: what each allows, edge to edge', () => {
    const m = buildMatcher(parseAllowlist('ci, 10.0.1.0/24'), zones)
    const at = (a: string) => m.match(a)
    expect(['10.0.0.0', '10.0.0.127', '10.0.0.128', '10.0.0.191', '10.0.0.192', '10.0.0.255'].map(at)).toEqual([
      'zone:ci',
      'zone:ci',
      undefined,
      undefined,
      'zone:ci',
      'zone:ci'
    ])
    expect(['10.0.1.0', '10.0.1.255', '10.0.2.0', '9.255.255.255'].map(at)).toEqual([
      '10.0.1.0/24',
      '10.0.1.0/24',
      undefined,
      undefined
    ])
    expect(['2001:db8::', '2001:db8::1', '2001:db8::2'].map(at)).toEqual([undefined, 'zone:ci', undefined])
  })
})

describe('addresses not allowed', () => {
  test('are the ones match() answers undefined for, as given; text that is not an address is one', () => {
    const m = buildMatcher(parseAllowlist('203.0.113.0/24'))
    const given = ['203.0.113.9', '198.51.100.7', '::ffff:203.0.113.1', 'garbage', ' 203.0.113.1 ']
    expect(given.filter((a) => m.match(a) === undefined)).toEqual(['198.51.100.7', 'garbage'])
  })
})
