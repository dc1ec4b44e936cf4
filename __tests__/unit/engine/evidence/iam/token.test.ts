import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { requestToken } from '../../../../../src/engine/evidence/iam/token.js'
import { createHttpClient } from '../../../../../src/engine/evidence/http/client.js'
import type { HttpClient } from '../../../../../src/engine/evidence/http/http-client.js'
import { HttpError } from '../../../../../src/engine/evidence/http/http-error.js'
import { startFakeIbm, type FakeIbm } from '../../../../fakes/fake-ibm.js'

const KEY = 'k3y/with+odd&chars=-' + 'x'.repeat(24)
const USER_KEY = 'user-key-0123456789abcdef'
let ibm: FakeIbm
let waits: number[]

/** The real client, with a recording sleep so retries cost no time. */
function client(timeoutMs = 300): HttpClient {
  return createHttpClient({ deadline: Date.now() + 10_000, timeoutMs, sleep: async (ms) => void waits.push(ms) })
}

/** Neither the key (raw or encoded) nor any issued token may appear anywhere in what we return. */
function expectNoSecrets(value: unknown): void {
  const text = JSON.stringify(value)
  for (const secret of [KEY, encodeURIComponent(KEY), USER_KEY, ...ibm.issuedTokens]) expect(text).not.toContain(secret)
}

beforeEach(async () => {
  waits = []
  ibm = await startFakeIbm({
    keys: {
      [KEY]: { iamId: 'iam-ServiceId-5f2e', accountId: 'acc-1' },
      [USER_KEY]: { iamId: 'IBMid-270001', accountId: 'acc-1' }
    }
  })
})
afterEach(async () => ibm.close())

describe('requestToken', () => {
  it('sends the documented request', async () => {
    await requestToken(client(), ibm.iamUrl, KEY)
    const [req] = ibm.requests
    expect(req).toMatchObject({ method: 'POST', path: '/identity/token' })
    expect(req!.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(req!.headers.accept).toBe('application/json')
    const form = new URLSearchParams(req!.body)
    expect(form.get('grant_type')).toBe('urn:ibm:params:oauth:grant-type:apikey')
    expect(form.get('apikey')).toBe(KEY)
  })

  it('granted: service ID, claims read, token handed back but not in the probe', async () => {
    const result = await requestToken(client(), ibm.iamUrl, KEY)
    expect(result.probe).toEqual({
      outcome: 'granted',
      httpStatus: 200,
      accountId: 'acc-1',
      iamId: 'iam-ServiceId-5f2e',
      serviceId: true
    })
    expect(result.accessToken).toBe(ibm.issuedTokens[0])
    expectNoSecrets(result.probe)
  })

  it('granted: a user is not a service ID', async () => {
    const { probe } = await requestToken(client(), ibm.iamUrl, USER_KEY)
    expect(probe).toMatchObject({ outcome: 'granted', iamId: 'IBMid-270001', serviceId: false })
  })

  it('granted with a non-JWT token or a JWT without account.bss: claims left undefined', async () => {
    ibm.failNext('token', 'non-jwt-token', 'jwt-without-account')
    const opaque = await requestToken(client(), ibm.iamUrl, KEY)
    expect(opaque.probe).toEqual({ outcome: 'granted', httpStatus: 200 })
    expect(opaque.accessToken).toMatch(/^opaque-/)
    const noAccount = await requestToken(client(), ibm.iamUrl, KEY)
    expect(noAccount.probe).toMatchObject({ outcome: 'granted', iamId: 'iam-ServiceId-5f2e' })
    expect(noAccount.probe.accountId).toBeUndefined()
  })

  it('unknown key: invalid-key with BXNIM0415E', async () => {
    const result = await requestToken(client(), ibm.iamUrl, 'not-a-key-0000000000')
    expect(result.probe).toMatchObject({ outcome: 'invalid-key', httpStatus: 400, errorCode: 'BXNIM0415E' })
    expect(result.accessToken).toBeUndefined()
  })

  it('address refused (default invented error): refused-address, raw code and message', async () => {
    ibm.refuseAddresses({ allowed: ['203.0.113.7', '10.0.0.0/8'] })
    const { probe, accessToken } = await requestToken(client(), ibm.iamUrl, KEY)
    expect(probe).toMatchObject({ outcome: 'refused-address', httpStatus: 403, errorCode: 'BXNIM9901E' })
    expect(probe.errorMessage).toContain('127.0.0.1')
    expect(accessToken).toBeUndefined()
    expectNoSecrets(probe)
  })

  it.each([
    [400, 'WHATEVER-1', 'Token requests from this location are restricted by IP policy.'],
    [401, 'BXNIM0999E', 'Requests not allowed from {ip}.']
  ])('refusal matched by wording, not by code (%s %s)', async (status, errorCode, errorMessage) => {
    ibm.refuseAddresses({ allowed: ['192.0.2.1'], status, errorCode, errorMessage })
    const { probe } = await requestToken(client(), ibm.iamUrl, KEY)
    expect(probe).toMatchObject({ outcome: 'refused-address', httpStatus: status, errorCode })
  })

  it('an error that only names an address is kept as such, for the caller to confirm against its own', async () => {
    ibm.refuseAddresses({
      allowed: ['192.0.2.1'],
      status: 403,
      errorCode: 'NEW_CODE',
      errorMessage: 'Denied for {ip}.'
    })
    const { probe } = await requestToken(client(), ibm.iamUrl, KEY)
    expect(probe).toMatchObject({
      outcome: 'error',
      httpStatus: 403,
      errorCode: 'NEW_CODE',
      mentionedAddresses: ['127.0.0.1']
    })
  })

  it('a client address inside the allowed set is granted', async () => {
    ibm.refuseAddresses({ allowed: ['127.0.0.0/8'] })
    expect((await requestToken(client(), ibm.iamUrl, KEY)).probe.outcome).toBe('granted')
    ibm.setClientAddress('198.51.100.4')
    expect((await requestToken(client(), ibm.iamUrl, KEY)).probe.outcome).toBe('refused-address')
  })

  it('suspended identity (invented code): error, raw code and message', async () => {
    ibm.failAlways('token', 'suspended')
    const { probe } = await requestToken(client(), ibm.iamUrl, KEY)
    expect(probe).toEqual({
      outcome: 'error',
      httpStatus: 400,
      errorCode: 'BXNIM9902E',
      errorMessage: 'The identity that owns the API key is disabled or suspended.'
    })
  })

  it('an error that echoes the key is scrubbed', async () => {
    ibm.failAlways('token', {
      status: 400,
      body: { errorCode: 'E1', errorMessage: `bad key ${KEY} (${encodeURIComponent(KEY)})` }
    })
    const { probe } = await requestToken(client(), ibm.iamUrl, KEY)
    expect(probe.errorMessage).toBe('bad key *** (***)')
    expectNoSecrets(probe)
  })

  it('500 then ok: retried and granted', async () => {
    ibm.failNext('token', { status: 500 })
    const { probe } = await requestToken(client(), ibm.iamUrl, KEY)
    expect(probe.outcome).toBe('granted')
    expect(ibm.requestsTo('token')).toHaveLength(2)
  })

  it('429 with Retry-After: the wait is honoured, then granted', async () => {
    ibm.failNext('token', { status: 429, retryAfter: 3 })
    const { probe } = await requestToken(client(), ibm.iamUrl, KEY)
    expect(probe.outcome).toBe('granted')
    expect(waits).toEqual([3000])
  })

  it('429 without Retry-After: backoff, then granted', async () => {
    ibm.failNext('token', { status: 429 })
    expect((await requestToken(client(), ibm.iamUrl, KEY)).probe.outcome).toBe('granted')
    expect(waits).toHaveLength(1)
  })

  it('5xx that persists: unreachable (not a refusal), with status and IAM code', async () => {
    ibm.failAlways('token', { status: 503 })
    const { probe } = await requestToken(client(), ibm.iamUrl, KEY)
    expect(probe).toMatchObject({ outcome: 'unreachable', httpStatus: 503, errorCode: 'FAKE-HTTP-503' })
    expect(ibm.requestsTo('token')).toHaveLength(3)
  })

  it('HTML page: described not quoted (a 502 that persists: unreachable)', async () => {
    ibm.failAlways('token', 'html')
    const { probe } = await requestToken(client(), ibm.iamUrl, KEY)
    expect(probe).toEqual({
      outcome: 'unreachable',
      httpStatus: 502,
      errorMessage: 'HTTP 502 with a non-JSON body (HTML page)'
    })
  })

  it('200 with malformed JSON: error, no token', async () => {
    ibm.failAlways('token', 'malformed-json')
    const result = await requestToken(client(), ibm.iamUrl, KEY)
    expect(result).toEqual({
      probe: { outcome: 'error', httpStatus: 200, errorMessage: 'HTTP 200 without an access_token' }
    })
  })

  it.each(['hang', 'hang-after-headers', 'reset'] as const)(
    '%s: unreachable, no secret in the message',
    async (mode) => {
      ibm.failAlways('token', mode)
      const { probe } = await requestToken(client(150), ibm.iamUrl, KEY)
      expect(probe).toMatchObject({ outcome: 'unreachable', transportError: mode === 'reset' ? 'network' : 'timeout' })
      expect(probe.errorCode).toBeUndefined()
      expect(probe.errorMessage).toBeTruthy()
      expect(probe.errorMessage).not.toContain('identity/token')
      expectNoSecrets(probe)
    }
  )

  it('nothing listening: unreachable', async () => {
    const url = ibm.iamUrl
    await ibm.close()
    const { probe } = await requestToken(client(), url, KEY)
    expect(probe).toMatchObject({ outcome: 'unreachable', transportError: 'network' })
  })
})

describe('requestToken: what the HTTP layer rejects with', () => {
  const stub = (request: HttpClient['request']): HttpClient => ({ request, remainingMs: () => 5000 })

  it("an HttpError is unreachable, its kind in transportError (not in IAM's errorCode)", async () => {
    const http = stub(() => Promise.reject(new HttpError('timeout', 'POST https://iam.example: timed out')))
    expect((await requestToken(http, 'https://iam.example', KEY)).probe).toEqual({
      outcome: 'unreachable',
      transportError: 'timeout',
      errorMessage: 'POST https://iam.example: timed out'
    })
  })

  it('an internal HttpError too, as such', async () => {
    const http = stub(() =>
      Promise.reject(new HttpError('internal', 'POST https://iam.example: request failed (internal error)'))
    )
    expect((await requestToken(http, 'https://iam.example', KEY)).probe).toMatchObject({
      outcome: 'unreachable',
      transportError: 'internal'
    })
  })

  it('anything else is a bug, and is not turned into a probe result', async () => {
    const bug = new TypeError('a bug')
    await expect(
      requestToken(
        stub(() => Promise.reject(bug)),
        'https://iam.example',
        KEY
      )
    ).rejects.toBe(bug)
  })

  it('long messages are bounded', async () => {
    const http = stub(() => Promise.reject(new HttpError('network', 'x'.repeat(10_000))))
    expect((await requestToken(http, 'https://iam.example', KEY)).probe.errorMessage?.length).toBeLessThanOrEqual(501)
  })
})
