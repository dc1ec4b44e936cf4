import { describe, expect, test } from '@jest/globals'
import {
  classifyAddress,
  formatAddress,
  isPrivateSource,
  parseAddress,
  parseAddressUnmapped,
  prefixBounds
} from '../../../../src/engine/net/address.js'

const V4_MAX = (1n << 32n) - 1n
const V6_MAX = (1n << 128n) - 1n

describe('parseAddress', () => {
  test('IPv4', () => {
    expect(parseAddress('17.5.7.8')).toEqual({ family: 4, value: 0x11050708n, text: '17.5.7.8' })
    expect(parseAddress('0.0.0.0')).toEqual({ family: 4, value: 0n, text: '0.0.0.0' })
    expect(parseAddress('255.255.255.255')).toEqual({ family: 4, value: 0xffffffffn, text: '255.255.255.255' })
    expect(parseAddress('  1.2.3.4\n')?.text).toBe('1.2.3.4')
  })

  test('IPv6, canonical text is RFC 5952', () => {
    expect(parseAddress('2001:DB8:0:0:0:0:0:1')).toEqual({
      family: 6,
      value: (0x20010db8n << 96n) | 1n,
      text: '2001:db8::1'
    })
    expect(parseAddress('::')).toEqual({ family: 6, value: 0n, text: '::' })
    expect(parseAddress('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')?.value).toBe(V6_MAX)
    expect(parseAddress('2001:db8:0:0:1:0:0:1')?.text).toBe('2001:db8::1:0:0:1')
  })

  test('IPv4-mapped IPv6 is the IPv4 address', () => {
    expect(parseAddress('::ffff:1.2.3.4')).toEqual({ family: 4, value: 0x01020304n, text: '1.2.3.4' })
    expect(parseAddress('::FFFF:0102:0304')).toEqual(parseAddress('1.2.3.4'))
    expect(parseAddressUnmapped('::ffff:1.2.3.4')).toEqual({ family: 6, value: 0xffff01020304n, mapped: true })
  })

  test('IPv4-compatible ::a.b.c.d stays a (deprecated) IPv6 address, not the mapped one', () => {
    expect(parseAddress('::1.2.3.4')).toEqual({ family: 6, value: 0x01020304n, text: '::102:304' })
  })

  test('refuses lenient and malformed forms', () => {
    for (const text of [
      '',
      ' ',
      '1.2.3',
      '1',
      '0x1.2.3.4',
      '01.2.3.4',
      '1.2.3.04',
      '256.1.1.1',
      '1.2.3.4.5',
      '17.5.7.8.0',
      '1::2::3',
      'fe80::1%eth0',
      '[::1]',
      '::ffff:01.2.3.4',
      '::ffff:1.2.3',
      '00001::',
      'abc',
      '1.2.3.4/32',
      '::ffff:0x1.2.3.4',
      '1.2.3.-4',
      '١.٢.٣.٤'
    ]) {
      expect(parseAddress(text)).toBeNull()
    }
  })
})

describe('formatAddress', () => {
  test('round-trips with parseAddress', () => {
    for (const text of [
      '0.0.0.0',
      '10.20.30.40',
      '255.255.255.255',
      '::',
      '::1',
      '2001:db8::',
      'fe80::1:2',
      '1:2:3:4:5:6:7:8'
    ]) {
      const parsed = parseAddress(text)!
      expect(formatAddress(parsed.family, parsed.value)).toBe(text)
    }
  })

  test('throws on values out of range', () => {
    expect(() => formatAddress(4, 1n << 32n)).toThrow(RangeError)
    expect(() => formatAddress(6, -1n)).toThrow(RangeError)
  })
})

describe('prefixBounds', () => {
  test('whole spaces, single hosts and host bits', () => {
    expect(prefixBounds(4, 0n, 0)).toEqual([0n, V4_MAX])
    expect(prefixBounds(6, 0n, 0)).toEqual([0n, V6_MAX])
    expect(prefixBounds(4, 0x0a000001n, 8)).toEqual([0x0a000000n, 0x0affffffn])
    expect(prefixBounds(4, 5n, 32)).toEqual([5n, 5n])
    expect(prefixBounds(6, 7n, 128)).toEqual([7n, 7n])
  })
})

describe('classifyAddress', () => {
  const cases: Array<[string, string | undefined]> = [
    ['8.8.8.8', 'public'],
    ['192.0.2.10', 'documentation'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.255', 'documentation'],
    ['2001:db8::5', 'documentation'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['fd00::1', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['4000::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['::ffff:10.0.0.1', 'private'],
    ['166.9.20.31', 'public'],
    ['nonsense', undefined]
  ]
  test.each(cases)('%s is %s', (text, cls) => {
    expect(classifyAddress(text)).toBe(cls)
  })

  test('isPrivateSource is RFC 1918 plus unique-local IPv6', () => {
    expect(isPrivateSource('10.0.0.1')).toBe(true)
    expect(isPrivateSource('172.20.0.1')).toBe(true)
    expect(isPrivateSource('192.168.0.1')).toBe(true)
    expect(isPrivateSource('fc00::1')).toBe(true)
    expect(isPrivateSource('fdff:ffff::1')).toBe(true)
    expect(isPrivateSource('100.64.0.1')).toBe(false)
    expect(isPrivateSource('166.9.20.31')).toBe(false)
    expect(isPrivateSource('169.254.0.1')).toBe(false)
    expect(isPrivateSource('8.8.8.8')).toBe(false)
  })
})
