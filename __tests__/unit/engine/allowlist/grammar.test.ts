import { describe, expect, test } from '@jest/globals'
import {
  entryInterval,
  formatList,
  parseAllowlist,
  type AddressEntry
} from '../../../../src/engine/allowlist/grammar.js'
import type { ListEntry } from '../../../../src/engine/allowlist/grammar.js'

const one = (text: string): ListEntry => {
  const parsed = parseAllowlist(text)
  expect(parsed.errors).toEqual([])
  expect(parsed.entries).toHaveLength(1)
  return parsed.entries[0]!
}
const reason = (text: string): string => {
  const parsed = parseAllowlist(text)
  expect(parsed.entries).toEqual([])
  expect(parsed.errors).toHaveLength(1)
  expect(parsed.errors[0]!.raw).toBe(text.trim())
  return parsed.errors[0]!.reason
}

describe('entry forms from the docs', () => {
  test('single IPv4 address', () => {
    expect(one('17.5.7.8')).toEqual({
      kind: 'address',
      raw: '17.5.7.8',
      family: 4,
      first: '17.5.7.8',
      last: '17.5.7.8'
    })
  })

  test('range with spaces (IAM docs) and without (CBR)', () => {
    expect(one('17.5.7.8 - 17.5.9.5')).toEqual({
      kind: 'range',
      raw: '17.5.7.8 - 17.5.9.5',
      family: 4,
      first: '17.5.7.8',
      last: '17.5.9.5'
    })
    expect(one('17.5.7.8-17.5.9.5')).toMatchObject({ kind: 'range', first: '17.5.7.8', last: '17.5.9.5' })
    expect(one('1.1.1.1-1.1.1.1')).toMatchObject({ kind: 'range', first: '1.1.1.1', last: '1.1.1.1' })
  })

  test('CIDR', () => {
    expect(one('192.168.0.0/16')).toEqual({
      kind: 'cidr',
      raw: '192.168.0.0/16',
      family: 4,
      first: '192.168.0.0',
      last: '192.168.255.255'
    })
    expect(one('0.0.0.0/0')).toMatchObject({ first: '0.0.0.0', last: '255.255.255.255' })
    expect(one('1.2.3.4/32')).toMatchObject({ first: '1.2.3.4', last: '1.2.3.4' })
  })

  test('CIDR with host bits is read as the containing network, raw text kept', () => {
    expect(one('10.0.0.1/8')).toEqual({
      kind: 'cidr',
      raw: '10.0.0.1/8',
      family: 4,
      first: '10.0.0.0',
      last: '10.255.255.255'
    })
  })

  test('IPv6 forms', () => {
    expect(one('2001:DB8::1')).toEqual({
      kind: 'address',
      raw: '2001:DB8::1',
      family: 6,
      first: '2001:db8::1',
      last: '2001:db8::1'
    })
    expect(one('2001:db8::/32')).toMatchObject({
      kind: 'cidr',
      family: 6,
      first: '2001:db8::',
      last: '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'
    })
    expect(one('::/0')).toMatchObject({ first: '::', last: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' })
    expect(one('2001:db8::1 - 2001:db8::ff')).toMatchObject({
      kind: 'range',
      family: 6,
      first: '2001:db8::1',
      last: '2001:db8::ff'
    })
    expect(one('2001:db8::1-2001:db8::ff')).toMatchObject({ kind: 'range', family: 6 })
  })

  test('IPv4-mapped entries are IPv4', () => {
    expect(one('::ffff:1.2.3.4')).toMatchObject({ kind: 'address', family: 4, first: '1.2.3.4' })
    expect(one('::ffff:10.0.0.0/104')).toMatchObject({
      kind: 'cidr',
      family: 4,
      first: '10.0.0.0',
      last: '10.255.255.255'
    })
    expect(one('::ffff:1.2.3.4 - 1.2.3.9')).toMatchObject({
      kind: 'range',
      family: 4,
      first: '1.2.3.4',
      last: '1.2.3.9'
    })
  })

  test('network-zone names', () => {
    expect(one('my-zone')).toEqual({ kind: 'zone', raw: 'my-zone', name: 'my-zone' })
    expect(one('CI runners_2')).toEqual({ kind: 'zone', raw: 'CI runners_2', name: 'CI runners_2' })
    expect(one('zone.v2')).toMatchObject({ kind: 'zone', name: 'zone.v2' })
  })
})

describe('list structure', () => {
  test('commas, spaces, trailing and doubled commas', () => {
    const parsed = parseAllowlist(' 1.2.3.4 ,, 5.6.7.0/24,  my-zone ,')
    expect(parsed.monitor).toBe(false)
    expect(parsed.empty).toBe(false)
    expect(parsed.errors).toEqual([])
    expect(parsed.entries.map((e) => e.raw)).toEqual(['1.2.3.4', '5.6.7.0/24', 'my-zone'])
  })

  test('monitor mode', () => {
    const parsed = parseAllowlist('  ?1.2.3.4,5.6.7.8')
    expect(parsed.monitor).toBe(true)
    expect(parsed.entries.map((e) => e.raw)).toEqual(['1.2.3.4', '5.6.7.8'])
    expect(parseAllowlist('? 1.2.3.4').entries[0]!.raw).toBe('1.2.3.4')
    expect(parseAllowlist('?')).toEqual({ monitor: true, empty: true, entries: [], errors: [] })
  })

  test('a "?" elsewhere is an error', () => {
    const parsed = parseAllowlist('1.2.3.4,?5.6.7.8')
    expect(parsed.monitor).toBe(false)
    expect(parsed.errors[0]!.reason).toContain('before the whole list')
  })

  test('empty lists', () => {
    expect(parseAllowlist('')).toEqual({ monitor: false, empty: true, entries: [], errors: [] })
    expect(parseAllowlist(' , ,')).toEqual({ monitor: false, empty: true, entries: [], errors: [] })
  })

  test('newlines separate entries only when asked', () => {
    expect(parseAllowlist('1.2.3.4\n5.6.7.8\r\n', { newlines: true }).entries).toHaveLength(2)
    const flat = parseAllowlist('1.2.3.4\n5.6.7.8')
    expect(flat.entries).toHaveLength(0)
    expect(flat.errors).toHaveLength(1)
  })

  test('never throws on non-string input from JavaScript callers', () => {
    expect(parseAllowlist(undefined as unknown as string).empty).toBe(true)
  })
})

describe('malformed entries', () => {
  test('the expected form is named', () => {
    expect(reason('10.0.0.0/33')).toBe(
      '"10.0.0.0/33": prefix length must be 0–32 for IPv4 (expected an address, a CIDR like 192.168.0.0/16, a range like 17.5.7.8 - 17.5.9.5, or a network-zone name)'
    )
  })

  test.each([
    ['17.5.7.8.0/16', '5 parts'],
    ['1.2.3', '3 parts'],
    ['300.1.1.1', 'above 255'],
    ['01.2.3.4', 'leading zero'],
    ['1.2..4', 'empty part'],
    ['1.2.3.4 - ::1', 'same family'],
    ['5.5.5.5-1.1.1.1', 'is after the last'],
    ['1.2.3.4-5.6.7.8-9.9.9.9', 'single "-"'],
    ['1.2.3.0/24 - 1.2.4.0/24', 'not CIDRs'],
    ['2001:db8::/129', '0–128 for IPv6'],
    ['10.0.0.0/', 'must be a number'],
    ['10.0.0.0/8/8', 'single "/"'],
    ['10.0.0.0/x', 'must be a number'],
    ['1.2.3.4 5.6.7.8', 'spaces'],
    ['1:2:3', 'not a valid IPv4 or IPv6'],
    ['fe80::1%eth0', 'zone id'],
    ['10.0.0.x', 'not a valid'],
    ['zone@name', 'network-zone name uses only'],
    ['-lead', 'network-zone name uses only'],
    ['z'.repeat(129), 'at most 128']
  ])('%s → %s', (text, fragment) => {
    const r = reason(text)
    expect(r).toContain(fragment)
    expect(r.startsWith(`"${text}": `)).toBe(true)
    expect(r).toContain('expected an address')
  })

  test('junk next to good entries: both reported', () => {
    const parsed = parseAllowlist('17.5.7.8.0/16, 17.5.7.8, 10.0.0.0/33')
    expect(parsed.entries.map((e) => e.raw)).toEqual(['17.5.7.8'])
    expect(parsed.errors.map((e) => e.raw)).toEqual(['17.5.7.8.0/16', '10.0.0.0/33'])
    expect(parsed.empty).toBe(false)
  })
})

describe('formatList and entryInterval', () => {
  test('formatList', () => {
    expect(formatList(false, ['1.2.3.4', '10.0.0.0/8'])).toBe('1.2.3.4,10.0.0.0/8')
    expect(formatList(true, ['1.2.3.4'])).toBe('?1.2.3.4')
    expect(formatList(true, [])).toBe('?')
  })

  test('entryInterval from a parsed entry and from a plain object', () => {
    const entry = one('10.0.0.1/8') as AddressEntry
    expect(entryInterval(entry)).toEqual({ family: 4, first: 0x0a000000n, last: 0x0affffffn })
    expect(entryInterval({ ...entry })).toEqual({ family: 4, first: 0x0a000000n, last: 0x0affffffn })
    expect(entryInterval({ kind: 'range', raw: 'x', family: 6, first: '::1', last: '::2' })).toEqual({
      family: 6,
      first: 1n,
      last: 2n
    })
    expect(() => entryInterval({ kind: 'range', raw: 'x', family: 4, first: 'bad', last: '1.2.3.4' })).toThrow(
      'canonical'
    )
  })
})

describe('IPv6 networks ending in the IPv4-mapped block', () => {
  test('::/80 is clipped below ::ffff:0:0 so its canonical last reads back as IPv6', () => {
    expect(one('::/80')).toMatchObject({ kind: 'cidr', family: 6, first: '::', last: '::fffe:ffff:ffff' })
    expect(one('::ffff:1.2.3.4/80')).toMatchObject({ family: 6, first: '::', last: '::fffe:ffff:ffff' })
    expect(one('::ffff:0:0/96')).toMatchObject({ family: 4, first: '0.0.0.0', last: '255.255.255.255' })
    expect(one('::/81')).toMatchObject({ family: 6, last: '::7fff:ffff:ffff' })
  })
})
