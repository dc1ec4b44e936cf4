import { describe, expect, test } from '@jest/globals'
import { formatV4, formatV6, isMappedV6, parseV4, parseV6, v6Value } from '../../../../src/engine/net/text.js'

describe('parseV4 and formatV4', () => {
  test('a strict dotted quad, read in place between start and end', () => {
    expect(parseV4('17.5.7.8')).toBe(0x11050708)
    expect(parseV4('255.255.255.255')).toBe(2 ** 32 - 1)
    expect(parseV4('0.0.0.0')).toBe(0)
    expect(parseV4('x1.2.3.4/24', 1, 8)).toBe(0x01020304)
    expect(parseV4('1.2.3.4 - 1.2.3.9', 10)).toBe(0x01020309)
  })

  test('anything else is -1', () => {
    for (const text of [
      '',
      '1.2.3',
      '1.2.3.4.',
      '.1.2.3',
      '1..2.3',
      '01.2.3.4',
      '1.2.3.00',
      '256.0.0.0',
      '1.2.3.1000',
      ' 1.2.3.4',
      '1.2.3.4 ',
      '1.2.3.a',
      '١.٢.٣.٤'
    ]) {
      expect(parseV4(text)).toBe(-1)
    }
  })

  test('formatV4 is the inverse', () => {
    for (const text of ['0.0.0.0', '10.20.30.40', '255.255.255.255', '128.0.0.1'])
      expect(formatV4(parseV4(text))).toBe(text)
  })
})

describe('parseV6, v6Value and formatV6', () => {
  test('groups, with "::" for one or more zero groups and a dotted quad as the last 32 bits', () => {
    expect(parseV6('2001:DB8::1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1])
    expect(parseV6('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0])
    expect(parseV6('1:2:3:4:5:6:7::')).toEqual([1, 2, 3, 4, 5, 6, 7, 0])
    expect(parseV6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304])
    expect(parseV6('1:2:3:4:5:6:1.2.3.4')).toEqual([1, 2, 3, 4, 5, 6, 0x0102, 0x0304])
    expect(parseV6('x2001:db8::/32', 1, 11)).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0])
  })

  test('anything else is null', () => {
    for (const text of [
      '',
      ':',
      ':::',
      '1:',
      ':1',
      '1::2::3',
      '1:::2',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      '::1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7:8::',
      '00001::',
      'g::',
      '::ffff:01.2.3.4',
      '::1.2.3',
      '1.2.3.4::',
      '1:2:3:4:5:6:7:1.2.3.4',
      '[::1]',
      ' ::1',
      '::1 ',
      'fe80::1%eth0'
    ]) {
      expect(parseV6(text)).toBeNull()
    }
  })

  test('value, mapped block and RFC 5952 text', () => {
    expect(v6Value(parseV6('2001:db8::1')!)).toBe((0x20010db8n << 96n) | 1n)
    expect(v6Value(parseV6('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')!)).toBe((1n << 128n) - 1n)
    expect(isMappedV6(parseV6('::ffff:1.2.3.4')!)).toBe(true)
    expect(isMappedV6(parseV6('::fffe:1.2.3.4')!)).toBe(false)
    const text = (t: string) => formatV6(parseV6(t)!)
    expect(text('2001:0DB8:0:0:0:0:0:1')).toBe('2001:db8::1')
    expect(text('::')).toBe('::')
    expect(text('1:0:0:2:0:0:0:3')).toBe('1:0:0:2::3')
    expect(text('1:0:0:2:3:0:0:4')).toBe('1::2:3:0:0:4')
    expect(text('1:0:2:3:4:5:6:7')).toBe('1:0:2:3:4:5:6:7')
    expect(text('fe80::')).toBe('fe80::')
  })
})
