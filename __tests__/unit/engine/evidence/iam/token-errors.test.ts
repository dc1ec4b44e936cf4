import { describe, expect, it } from '@jest/globals'
import {
  classifyTokenError as classifyWith,
  confirmAddressRefusal
} from '../../../../../src/engine/evidence/iam/token-errors.js'
import { createRedactor } from '../../../../../src/engine/report/redact.js'

const classifyTokenError = (status: number, body: string) => classifyWith(status, body, createRedactor([]))

const iam = (errorCode: string, errorMessage: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ errorCode, errorMessage, context: { requestId: 'r1', clientIp: '198.51.100.7' }, ...extra })

describe('classifyTokenError', () => {
  it('BXNIM0415E is invalid-key, with the raw code and message', () => {
    expect(classifyTokenError(400, iam('BXNIM0415E', 'Provided API key could not be found.'))).toEqual({
      outcome: 'invalid-key',
      httpStatus: 400,
      errorCode: 'BXNIM0415E',
      errorMessage: 'Provided API key could not be found.'
    })
  })

  // The refusal's code and text are undocumented: any code, any wording that speaks of IP restrictions.
  it.each([
    ['BXNIM9901E', 'The IP address 198.51.100.7 is not allowed to create IAM tokens for this account.'],
    ['ANYTHING', 'Login not allowed from this location.'],
    ['BXNIM0000E', 'Access is restricted by IP for this account.'],
    ['X', 'Your IP is not on the allowlist.'],
    ['X', 'Caller not in whitelist'],
    ['', 'ip_address check failed']
  ])('refused-address for code %s "%s"', (code, message) => {
    const result = classifyTokenError(403, iam(code, message))
    expect(result.outcome).toBe('refused-address')
    expect(result.errorMessage).toBe(message)
    expect(result.httpStatus).toBe(403)
  })

  it('matches errorDetails too, and shows them', () => {
    const result = classifyTokenError(
      400,
      iam('BXNIM1234E', 'Token creation failed.', { errorDetails: 'Source IP not permitted.' })
    )
    expect(result).toMatchObject({
      outcome: 'refused-address',
      errorMessage: 'Token creation failed. (Source IP not permitted.)'
    })
  })

  it('does not treat the address in context (clientIp) as a refusal', () => {
    expect(
      classifyTokenError(400, iam('BXNIM9902E', 'The identity that owns the API key is disabled or suspended.')).outcome
    ).toBe('error')
  })

  it.each([
    ['API', 'API key is locked.'],
    ['email', 'The email address is not verified.'],
    ['time', 'Retry after 12:30:45 UTC.'],
    ['version', 'Client 1.2.3 is too old.'],
    ['"restricted" alone', 'Access is restricted for this account.'],
    ['a four-part version', 'SDK 2.4.1.0 is not supported.'],
    ['a hex id', 'Trace cafe::1 failed.']
  ])('does not mistake %s wording for an address refusal', (_n, message) => {
    expect(classifyTokenError(400, iam('BXNIM0100E', message)).outcome).toBe('error')
  })

  it('other errors are error, with code and message raw', () => {
    expect(classifyTokenError(500, iam('BXNIM0500E', 'Internal error.'))).toEqual({
      outcome: 'error',
      httpStatus: 500,
      errorCode: 'BXNIM0500E',
      errorMessage: 'Internal error.'
    })
  })

  it('reads the {errors: [{code, message}]} shape as a fallback', () => {
    expect(classifyTokenError(400, JSON.stringify({ errors: [{ code: 'bad', message: 'IP refused' }] }))).toMatchObject(
      {
        outcome: 'refused-address',
        errorCode: 'bad'
      }
    )
  })

  it('non-JSON bodies are described, never quoted', () => {
    const html = '<!DOCTYPE html><html><body>secret-ish apikey=abc</body></html>'
    const result = classifyTokenError(502, html)
    expect(result).toEqual({
      outcome: 'error',
      httpStatus: 502,
      errorMessage: 'HTTP 502 with a non-JSON body (HTML page)'
    })
    expect(classifyTokenError(503, '').errorMessage).toBe('HTTP 503 with a non-JSON body (empty body)')
    expect(classifyTokenError(400, 'apikey=SECRET').errorMessage).toBe(
      'HTTP 400 with a non-JSON body (13 bytes of text)'
    )
    expect(classifyTokenError(400, '[1]').outcome).toBe('error')
  })

  it('JSON without code or message says so', () => {
    expect(classifyTokenError(418, '{}')).toEqual({
      outcome: 'error',
      httpStatus: 418,
      errorMessage: 'HTTP 418 without an IAM error code or message'
    })
  })

  it('bounds very long messages', () => {
    const result = classifyTokenError(400, iam('X', 'x'.repeat(10_000)))
    expect(result.errorMessage?.length).toBeLessThanOrEqual(501)
  })
})

describe('what counts as speaking of an address', () => {
  it.each([
    ['an address literal with a prefix', 'blocked 10.0.0.0/8, sorry', ['10.0.0.0']],
    ['an IPv6 literal before a full stop', 'from ::1.', ['::1']],
    ['the caller', 'Request denied: client 2001:DB8::7 refused.', ['2001:db8::7']]
  ])('%s is kept, and a refusal only when it is the runner', (_name, message, literals) => {
    const result = classifyTokenError(403, iam('X', message))
    expect(result).toMatchObject({ outcome: 'error', mentionedAddresses: literals })
    expect(confirmAddressRefusal(result, ['198.51.100.1']).outcome).toBe('error')
    expect(confirmAddressRefusal(result, [literals[0] ?? '']).outcome).toBe('refused-address')
  })

  it.each([429, 408, 500, 503])('a %i is never an address refusal, whatever it says', (status) => {
    const result = classifyTokenError(status, iam('X', 'Your IP 203.0.113.9 is restricted and not on the allowlist.'))
    expect(result.outcome).toBe('error')
    expect(confirmAddressRefusal(result, ['203.0.113.9']).outcome).toBe('error')
  })

  it('redacts before it clips: a key echoed after 490 characters leaves no prefix', () => {
    const key = 'k'.repeat(8) + 'SECRETKEY0123456789abcdefghij'
    const result = classifyWith(400, iam('X', `${'x'.repeat(490)} ${key}`), createRedactor([key]))
    expect(result.errorMessage).not.toMatch(/kkkk/)
    expect(result.errorMessage).toContain('***')
  })

  it.each([
    ['a date with a colon-separated time', 'at 16.05.2026 16:18:48:400 UTC'],
    ['an error code', 'BXNIM0415E']
  ])('%s is not', (_name, message) => {
    expect(classifyTokenError(403, iam('X', message)).outcome).toBe('error')
  })

  it('describes an HTML body as a page', () => {
    expect(classifyTokenError(502, '<html><head>').errorMessage).toBe('HTTP 502 with a non-JSON body (HTML page)')
  })
})
