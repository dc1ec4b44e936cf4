import { describe, expect, it } from '@jest/globals'
import { createRedactor, redactValue, secretSet } from '../../../../src/engine/report/redact.js'

/** An IBM-shaped API key (44 characters of the base64url alphabet), with characters every encoding touches. */
const KEY = 'aB3+dE/fG=hI jK-lM_nO"pQ\\rS%tU&vW?xY0123456789'

const forms: Array<[string, (k: string) => string]> = [
  ['raw', (k) => k],
  ['percent-encoded', (k) => encodeURIComponent(k)],
  ['percent-encoded, lower-case hex', (k) => encodeURIComponent(k).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
  ['form-encoded', (k) => encodeURIComponent(k).replace(/%20/g, '+')],
  ['JSON-escaped', (k) => JSON.stringify(k).slice(1, -1)],
  ['JSON with \\/ and \\u002f', (k) => JSON.stringify(k).slice(1, -1).replace('/', '\\/').replace(/=/g, '\\u003d')],
  [
    'JSON \\u escapes, upper-case hex',
    (k) =>
      Array.from(k)
        .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`)
        .join('')
  ],
  ['base64', (k) => Buffer.from(k).toString('base64')],
  ['base64url', (k) => Buffer.from(k).toString('base64url')],
  ['base64 inside a Basic header value', (k) => Buffer.from(`iamapikey:${k}`).toString('base64')],
  ['base64 at offset 1', (k) => Buffer.from(`x${k}y`).toString('base64')],
  ['base64 at offset 2', (k) => Buffer.from(`xy${k}z`).toString('base64')]
]

describe('createRedactor', () => {
  const redact = createRedactor([KEY])
  it.each(forms)('removes the key %s', (_, encode) => {
    const encoded = encode(KEY)
    const out = redact(`before ${encoded} after`)
    expect(out).toMatch(/^before .*after$/)
    expect(out).toContain('***')
    // Nothing of 16 characters or more of the encoded key survives.
    for (let i = 0; i + 16 <= encoded.length; i++) expect(out).not.toContain(encoded.slice(i, i + 16))
  })

  it('removes a key split across two fields (each half is a run of 16+ characters)', () => {
    // As the summary prints a probe's error: code, then message.
    const out = redact(`IAM said: ${KEY.slice(0, 20)} bad ${KEY.slice(20)}`)
    expect(out).toBe('IAM said: *** bad ***')
  })

  it('masks secrets of any length, even where that masks ordinary words', () => {
    expect(createRedactor(['abc'])('xabcx abc')).toBe('x***x ***')
  })

  it('removes JWTs and bearer or basic credentials it was not told about', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJpYW1faWQiOiJJQk1pZC0xIn0.c2lnbmF0dXJl'
    const out = createRedactor([])(`t=${jwt} {"authorization": "Bearer zzz123"} Authorization: Basic aWFtYXBpa2V5Ong=`)
    expect(out).not.toContain(jwt)
    expect(out).not.toContain('zzz123')
    expect(out).not.toContain('aWFtYXBpa2V5Ong=')
  })

  it('never throws on lone surrogates, in a secret or in the text', () => {
    const token = 'tok\uD800en-with-a-lone-surrogate-inside'
    const r = createRedactor([token, 'key\uDC00'])
    expect(() => r(`x ${token} \uDBFF y`)).not.toThrow()
    expect(r(`x ${token} y`)).toBe('x *** y')
  })

  it('keeps JSON valid when it redacts every string of a value', () => {
    const value = { errorCode: KEY.slice(0, 20), errorMessage: `bad ${KEY.slice(20)}`, nested: [{ k: KEY }, 3, null] }
    const out = redactValue(value, redact)
    expect(out).toEqual({ errorCode: '***', errorMessage: 'bad ***', nested: [{ k: '***' }, 3, null] })
  })

  it('leaves text without secrets as it is', () => {
    const text = 'IAM token probe: granted (HTTP 200). 203.0.113.7 is allowed by 203.0.113.0/24.'
    expect(createRedactor([KEY, 'another-long-secret-value'])(text)).toBe(text)
  })
})

describe('secretSet', () => {
  it('redacts secrets added after it was made, and ignores empty and repeated ones', () => {
    const set = secretSet(['first-secret-value', '', undefined])
    expect(set.redact('a first-secret-value b later-token-value')).toBe('a *** b later-token-value')
    set.add('later-token-value')
    set.add('later-token-value')
    expect(set.redact('a first-secret-value b later-token-value')).toBe('a *** b ***')
    expect(set.list()).toEqual(['first-secret-value', 'later-token-value'])
  })
})
