import { describe, expect, it } from '@jest/globals'
import { parseEchoAnswer } from '../../../../../src/engine/evidence/egress/echo-answer.js'

describe('parseEchoAnswer: shapes', () => {
  it.each<[string, string, string | undefined, string, 4 | 6]>([
    ['plain text with newline', '203.0.113.7\n', 'text/plain', '203.0.113.7', 4],
    ['plain text with spaces and CRLF', '  198.51.100.20 \r\n', undefined, '198.51.100.20', 4],
    ['plain IPv6', '2001:db8:0:0::1\n', 'text/plain', '2001:db8::1', 6],
    ['upper-case IPv6', '2001:DB8::A', undefined, '2001:db8::a', 6],
    ['JSON', '{"ip":"203.0.113.8"}', 'application/json', '203.0.113.8', 4],
    ['JSON without content type', ' {"ip": "203.0.113.9", "country": "DE"} ', undefined, '203.0.113.9', 4],
    ['Cloudflare trace', 'fl=1\nh=1.1.1.1\nip=192.0.2.44\nts=1.2\nuag=x y z\n', 'text/plain', '192.0.2.44', 4],
    ['trace with IPv6', 'fl=1\nip=2001:db8::99\nloc=DE\n', undefined, '2001:db8::99', 6],
    ['IPv4-mapped IPv6 reads as IPv4', '::ffff:203.0.113.5', undefined, '203.0.113.5', 4],
    ['real public address', '8.8.8.8', undefined, '8.8.8.8', 4],
    ['BOM', '\uFEFF203.0.113.1', undefined, '203.0.113.1', 4]
  ])('%s', (_name, body, type, ip, family) => {
    expect(parseEchoAnswer(body, type)).toEqual({ ip, family })
  })
})

describe('parseEchoAnswer: refused shapes', () => {
  it.each<[string, string, string | undefined, RegExp]>([
    ['empty', '', undefined, /empty answer/],
    ['blank', ' \n\t ', undefined, /empty answer/],
    ['HTML by type', 'Just a moment', 'text/html; charset=utf-8', /HTML page/],
    ['HTML by content', '<!DOCTYPE html><html><body>203.0.113.7</body></html>', 'text/plain', /HTML page/],
    ['HTML fragment', '<html>', undefined, /HTML page/],
    ['two tokens', '203.0.113.7 198.51.100.1', undefined, /several values/],
    ['two lines', '203.0.113.7\n198.51.100.1\n', undefined, /several values/],
    ['garbage', 'hello', undefined, /"hello", which is not an IP address/],
    ['bad JSON', '{"ip": ', 'application/json', /malformed JSON/],
    ['JSON without ip', '{"address":"203.0.113.7"}', undefined, /without an "ip" string/],
    ['JSON ip not a string', '{"ip": 42}', undefined, /without an "ip" string/],
    ['JSON null', 'null', 'application/json', /without an "ip" string/],
    ['trace with odd lines', 'ip=203.0.113.7\nthis is not kv\n', undefined, /not key=value/],
    ['trace with two ips', 'ip=203.0.113.7\nip=203.0.113.8\n', undefined, /several different/],
    ['hostname', 'example.com', undefined, /not an IP address/],
    ['lenient IPv4 forms', '0x7f.1', undefined, /not an IP address/],
    ['zone id', 'fe80::1%eth0', undefined, /not an IP address/]
  ])('%s', (_name, body, type, reason) => {
    const r = parseEchoAnswer(body, type)
    expect(r).toEqual({ reason: expect.stringMatching(reason) })
  })

  it('keeps quoted excerpts short and printable', () => {
    const r = parseEchoAnswer('x'.repeat(5000) + '\u0000\u0007')
    expect('reason' in r && r.reason.length).toBeLessThan(120)
  })

  // Odd fragments: each has a reason, as JSON (by content type) and as text.
  it.each<[string, RegExp, RegExp]>([
    ['{', /^answered malformed JSON: "\{"$/, /^answered malformed JSON: "\{"$/],
    ['}', /^answered malformed JSON: "\}"$/, /^answered "\}", which is not an IP address$/],
    ['ip=', /malformed JSON/, /^answered "", which is not an IP address$/],
    ['ip=\n', /malformed JSON/, /^answered "", which is not an IP address$/],
    ['=', /malformed JSON/, /^answered "=", which is not an IP address$/],
    ['\u0000', /malformed JSON/, /^answered "", which is not an IP address$/],
    ['{"ip": {"ip": "1.2.3.4"}}', /without an "ip" string/, /without an "ip" string/],
    ['<'.repeat(10_000), /^answered malformed JSON: "<{40}…"$/, /^answered "<{40}…", which is not an IP address$/],
    ['[1,2]', /without an "ip" string/, /^answered "\[1,2\]", which is not an IP address$/]
  ])('%j has a reason', (body, asJson, asText) => {
    expect(parseEchoAnswer(body, 'application/json')).toEqual({ reason: expect.stringMatching(asJson) })
    expect(parseEchoAnswer(body)).toEqual({ reason: expect.stringMatching(asText) })
  })
})

describe('parseEchoAnswer: only public unicast addresses', () => {
  it.each<[string, RegExp]>([
    ['10.1.2.3', /^answered 10\.1\.2\.3, a private address$/],
    ['192.168.1.1', /private/],
    ['172.16.0.9', /private/],
    ['fd00::1', /private/],
    ['127.0.0.1', /loopback/],
    ['::1', /loopback/],
    ['169.254.169.254', /link-local/],
    ['fe80::1', /link-local/],
    ['100.64.1.2', /shared address \(100\.64\.0\.0\/10/],
    ['224.0.0.1', /multicast/],
    ['ff02::1', /multicast/],
    ['0.0.0.0', /unspecified/],
    ['::', /unspecified/],
    ['255.255.255.255', /reserved/]
  ])('%s is discarded with the reason', (ip, reason) => {
    expect(parseEchoAnswer(`${ip}\n`)).toEqual({ reason: expect.stringMatching(reason) })
  })

  it('discards private addresses in JSON and trace answers too', () => {
    expect(parseEchoAnswer('{"ip":"10.0.0.5"}')).toEqual({ reason: 'answered 10.0.0.5, a private address' })
    expect(parseEchoAnswer('ip=127.0.0.1\n')).toEqual({ reason: 'answered 127.0.0.1, a loopback address' })
  })

  it('counts documentation ranges as public', () => {
    for (const ip of ['192.0.2.1', '198.51.100.1', '203.0.113.1'])
      expect(parseEchoAnswer(ip)).toEqual({ ip, family: 4 })
    expect(parseEchoAnswer('2001:db8::1')).toEqual({ ip: '2001:db8::1', family: 6 })
  })
})
