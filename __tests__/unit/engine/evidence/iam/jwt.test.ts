import { describe, expect, it } from '@jest/globals'
import { decodeClaims, isServiceId } from '../../../../../src/engine/evidence/iam/jwt.js'
import { makeJwt, makeOpaqueToken } from '../../../../fakes/fake-ibm-shapes.js'

const enc = (o: unknown): string => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url')
const jwt = (payload: unknown): string => `${enc({ alg: 'RS256' })}.${enc(payload)}.c2ln`

describe('decodeClaims', () => {
  it('reads account.bss and iam_id from a real-looking IAM token', () => {
    const token = makeJwt({ iamId: 'iam-ServiceId-1234', accountId: 'abc123' }, 'https://iam.example')
    expect(decodeClaims(token)).toEqual({ accountId: 'abc123', iamId: 'iam-ServiceId-1234' })
  })

  it('accepts padded base64url payloads', () => {
    const payload = Buffer.from(JSON.stringify({ iam_id: 'IBMid-1', account: { bss: 'a' } })).toString('base64url')
    const padded = payload + '='.repeat((4 - (payload.length % 4)) % 4)
    expect(decodeClaims(`x.${padded}.y`)).toEqual({ accountId: 'a', iamId: 'IBMid-1' })
  })

  it('leaves missing or non-string claims undefined', () => {
    expect(decodeClaims(jwt({ iam_id: 'IBMid-1' }))).toEqual({ accountId: undefined, iamId: 'IBMid-1' })
    expect(decodeClaims(jwt({ account: { bss: 42 }, iam_id: ['x'] }))).toEqual({
      accountId: undefined,
      iamId: undefined
    })
    expect(decodeClaims(jwt({ account: null, iam_id: '   ' }))).toEqual({ accountId: undefined, iamId: undefined })
    const noAccount = makeJwt({ iamId: 'IBMid-9', accountId: 'x', withoutAccount: true }, 'https://iam.example')
    expect(decodeClaims(noAccount)?.accountId).toBeUndefined()
  })

  it.each([
    ['opaque token', makeOpaqueToken()],
    ['empty', ''],
    ['two parts', 'a.b'],
    ['four parts', 'a.b.c.d'],
    ['payload not base64url', 'a.b*c.d'],
    ['payload not JSON', `a.${enc('not json')}.c`],
    ['payload an array', `a.${enc([1, 2])}.c`],
    ['payload a string', `a.${enc('"s"')}.c`],
    ['payload null', `a.${enc('null')}.c`],
    ['huge', `a.${'A'.repeat(70_000)}.c`]
  ])('returns undefined for a non-JWT (%s) without throwing', (_name, token) => {
    expect(decodeClaims(token)).toBeUndefined()
  })

  it('returns undefined for non-strings', () => {
    expect(decodeClaims(undefined)).toBeUndefined()
    expect(decodeClaims(42)).toBeUndefined()
    expect(decodeClaims({})).toBeUndefined()
  })
})

describe('isServiceId', () => {
  it('tells service IDs from users', () => {
    expect(isServiceId('iam-ServiceId-abc')).toBe(true)
    expect(isServiceId('IBMid-123')).toBe(false)
    expect(isServiceId(undefined)).toBe(false)
  })
})
