/**
 * Echo-answer fuzz: random and mutated real answers (plain text, JSON, Cloudflare trace lines, HTML pages).
 * `parseEchoAnswer` must never throw, must return exactly one of `{ip, family}` or `{reason}`, and any address
 * it returns must be a canonical public unicast address (documentation ranges count as public): its own
 * reparse, of the right class, never private, loopback, link-local, shared, multicast or reserved.
 * Seeded; `FUZZ_INPUTS` sets the count (default 100,000).
 */
import { describe, expect, test } from '@jest/globals'
import { isIP } from 'node:net'
import { parseEchoAnswer } from '../../../../../src/engine/evidence/egress/echo-answer.js'
import { classifyAddress, parseAddress } from '../../../../../src/engine/net/address.js'
import { mulberry32 } from '../../../../harness/prng.js'

const INPUTS = Number(process.env.FUZZ_INPUTS ?? '') || 100_000

const rand = mulberry32(0xec40)
const int = (n: number) => Math.floor(rand() * n)
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!

/** Addresses of every class, public and not, and near-misses. */
const ADDRESSES = [
  '203.0.113.77',
  '198.51.100.7',
  '192.0.2.1',
  '8.8.8.8',
  '1.1.1.1',
  '100.64.0.1',
  '10.0.0.1',
  '172.16.5.4',
  '192.168.1.1',
  '127.0.0.1',
  '169.254.1.1',
  '224.0.0.1',
  '0.0.0.0',
  '255.255.255.255',
  '240.0.0.1',
  '2001:db8::77',
  '2606:4700:4700::1111',
  '2a00:1450:4001:80b::200e',
  '::1',
  '::',
  'fe80::1',
  'fc00::1',
  'ff02::1',
  '::ffff:203.0.113.77',
  '::ffff:10.0.0.1',
  '64:ff9b::808:808',
  '2002:cb00:7101::1',
  '2001::1',
  '2001:0db8:0000::0077',
  '203.0.113.077',
  '0x7f.1',
  '203.0.113',
  '203.0.113.256',
  '2001:db8:::1',
  '1.2.3.4/24',
  'fe80::1%eth0',
  '١٢٣.٠.١١٣.٧٧'
]

/** Real answer shapes, with `{ip}` where the address goes. */
const SHAPES: Array<{ body: string; type?: string }> = [
  { body: '{ip}' },
  { body: '{ip}\n' },
  { body: '\uFEFF{ip}\r\n' },
  { body: '{"ip":"{ip}"}', type: 'application/json' },
  { body: '{"ip": "{ip}", "country": "DE"}', type: 'application/json; charset=utf-8' },
  { body: '{"ip": ["{ip}"]}', type: 'application/json' },
  {
    body:
      'fl=123f45\nh=1.1.1.1\nip={ip}\nts=1700000000.123\nvisit_scheme=https\nuag=test\ncolo=FRA\n' +
      'http=http/1.1\nloc=DE\ntls=TLSv1.3\n'
  },
  { body: 'ip={ip}\nip={ip}\n' },
  { body: 'ip={ip}\nip=198.51.100.1\n' },
  {
    body: '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>{ip}</body></html>',
    type: 'text/html; charset=utf-8'
  },
  { body: '<html><body>{ip}</body></html>' },
  { body: '{ip}', type: 'text/html' },
  { body: '<?xml version="1.0"?><ip>{ip}</ip>', type: 'application/xml' },
  { body: 'Your IP: {ip}' },
  { body: '{ip}\n{ip}\n' },
  { body: '' }
]

const CONTENT_TYPES = [
  undefined,
  'text/plain',
  'application/json',
  'text/html',
  'TEXT/HTML',
  'application/problem+json',
  '',
  'x/y; ip=1'
]
const ALPHABET = '0123456789abcdefABCDEF.:/-=, {}[]"\n\r\t<>!?%ipIP'
const WILD = [
  '\u0000',
  '\u00a0',
  '\u2028',
  '\u0661',
  'é',
  '💥',
  '\\',
  '\uFEFF',
  '\u200b',
  '０',
  '\ud800',
  '\u{1F600}',
  '\u202e'
]

function randomText(max = 60): string {
  let s = ''
  for (let i = int(max); i > 0; i--) s += int(15) === 0 ? pick(WILD) : (ALPHABET[int(ALPHABET.length)] ?? '')
  return s
}

function mutate(text: string): string {
  let s = text
  for (let i = 1 + int(4); i > 0; i--) {
    const at = int(s.length + 1)
    const op = int(6)
    const ch = int(6) === 0 ? pick(WILD) : (ALPHABET[int(ALPHABET.length)] ?? '')
    if (op === 0) s = s.slice(0, at) + ch + s.slice(at)
    else if (op === 1) s = s.slice(0, at) + s.slice(at + 1)
    else if (op === 2) s = s.slice(0, at) + ch + s.slice(at + 1)
    else if (op === 3) s = s.slice(0, at) + pick(ADDRESSES) + s.slice(at)
    else if (op === 4) s = s.slice(0, at) + s.slice(at, at + int(20)).repeat(1 + int(3)) + s.slice(at)
    else s = s.slice(0, at)
  }
  return s
}

function realAnswer(): { body: string; type?: string } {
  const shape = pick(SHAPES)
  return { body: shape.body.split('{ip}').join(pick(ADDRESSES)), type: int(4) === 0 ? pick(CONTENT_TYPES) : shape.type }
}

function input(): { body: string; type?: string } {
  const r = int(10)
  if (r < 4) return realAnswer()
  if (r < 8) {
    const a = realAnswer()
    return { body: mutate(a.body), type: int(3) === 0 ? pick(CONTENT_TYPES) : a.type }
  }
  return { body: randomText(), type: pick(CONTENT_TYPES) }
}

/** The one oracle: what an accepted answer must be. Independent of the parser's own code paths. */
function checkAccepted(ip: string): string | undefined {
  if (isIP(ip) === 0) return 'not an address Node accepts'
  const again = parseAddress(ip)
  if (!again) return 'does not reparse'
  if (again.text !== ip) return `not canonical (reparses as ${again.text})`
  const cls = classifyAddress(ip)
  if (cls !== 'public' && cls !== 'documentation') return `class ${String(cls)}`
  return undefined
}

describe('parseEchoAnswer fuzz', () => {
  test(`${INPUTS} inputs: never throw, give {ip, family} or {reason}; accepted addresses are public unicast`, () => {
    let accepted = 0
    let refused = 0
    for (let i = 0; i < INPUTS; i++) {
      const { body, type } = input()
      const fail = (why: string): never => {
        throw new Error(`input ${i} ${JSON.stringify(body)} (${String(type)}): ${why}`)
      }
      let result: unknown
      try {
        result = parseEchoAnswer(body, type)
      } catch (error) {
        fail(`threw ${String(error)}`)
      }
      if (result === null || typeof result !== 'object') return fail('not an object')
      const keys = Object.keys(result).sort().join(',')
      if (keys !== 'family,ip' && keys !== 'reason') fail(`keys ${keys}`)
      const fields = result as Record<string, unknown>
      const value = fields.ip ?? fields.reason
      if (typeof value !== 'string' || value === '') fail(`${keys} is not a non-empty string`)
      if (keys === 'family,ip') {
        const why = checkAccepted(value as string)
        if (why) fail(`accepted ${JSON.stringify(value)}: ${why}`)
        if (fields.family !== isIP(value as string)) fail(`family ${String(fields.family)} of ${String(value)}`)
        accepted++
      } else {
        // Reasons are short and printable: they end up in annotations.
        if ((value as string).length > 200) fail(`reason too long (${(value as string).length})`)
        const control = Array.from(value as string).some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
        if (control) fail('reason holds control characters')
        refused++
      }
    }
    // The generator exercises both outcomes.
    expect(accepted).toBeGreaterThan(INPUTS / 50)
    expect(refused).toBeGreaterThan(INPUTS / 3)
  })

  test('real answers of each shape', () => {
    expect(parseEchoAnswer('203.0.113.77\n')).toEqual({ ip: '203.0.113.77', family: 4 })
    expect(parseEchoAnswer('{"ip":"2001:0db8::0077"}', 'application/json')).toEqual({ ip: '2001:db8::77', family: 6 })
    expect(parseEchoAnswer('fl=1\nip=198.51.100.7\nts=1\n')).toEqual({ ip: '198.51.100.7', family: 4 })
    expect(parseEchoAnswer('<html><body>203.0.113.77</body></html>')).toHaveProperty('reason')
    expect(parseEchoAnswer('10.0.0.1')).toHaveProperty('reason')
  })

  test('pathological inputs stay fast and never throw', () => {
    const started = Date.now()
    for (const body of [
      '1'.repeat(65536),
      '.'.repeat(65536),
      ':'.repeat(65536),
      '{'.repeat(65536),
      '['.repeat(30000) + ']'.repeat(30000),
      `{"ip":"${'a'.repeat(65536)}"}`,
      'ip='.repeat(20000),
      'ip=1\n'.repeat(10000),
      '\n'.repeat(65536),
      '<'.repeat(65536),
      ' '.repeat(65536) + '203.0.113.77',
      'a=b\n'.repeat(10000) + 'ip=203.0.113.77',
      '\ud800'.repeat(10000)
    ]) {
      const r = parseEchoAnswer(body)
      if ('ip' in r) expect(checkAccepted(r.ip)).toBeUndefined()
      else expect(Object.keys(r)).toEqual(['reason'])
    }
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
