/** The region's private-only setting read from the fake registry's /api/v1/auth, and every way it cannot be. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHttpClient } from '../../../../../src/engine/evidence/http/client.js'
import { readPrivateOnly } from '../../../../../src/engine/evidence/registry/private-only.js'
import { startFakeRegistry, type FakeRegistry } from '../../../../fakes/fake-registry.js'

const IAM_TOKEN = 'iam-token-for-private-only-0123456789'
const ACCOUNT = 'acc-0123'
let registry: FakeRegistry

beforeAll(async () => {
  registry = await startFakeRegistry({ keys: [], iamAccount: (t) => (t === IAM_TOKEN ? ACCOUNT : undefined) })
})
afterAll(async () => registry.close())

const client = () => createHttpClient({ deadline: Date.now() + 10_000, timeoutMs: 2000, sleep: async () => undefined })
const read = (privateOnly: boolean | number, over: { iamToken?: string; accountId?: string; base?: string } = {}) => {
  registry.setHost('127.0.0.1', { privateOnly })
  return readPrivateOnly(client(), {
    region: 'us-south',
    host: 'us.icr.io',
    base: registry.url,
    iamToken: IAM_TOKEN,
    accountId: ACCOUNT,
    ...over
  })
}

describe('readPrivateOnly', () => {
  it('sends the IAM token and the Account header, and reads private_only and iam_authz', async () => {
    const before = registry.requests.length
    expect(await read(true)).toEqual({
      region: 'us-south',
      host: 'us.icr.io',
      outcome: 'enabled',
      httpStatus: 200,
      iamAuthz: true
    })
    const req = registry.requests[before]!
    expect(req).toMatchObject({
      method: 'GET',
      path: '/api/v1/auth',
      authorization: `Bearer ${IAM_TOKEN}`,
      account: ACCOUNT
    })
    expect(await read(false)).toMatchObject({ outcome: 'disabled' })
  })

  it.each([
    ['401 (the token or account refused)', 401, /HTTP 401: reading it needs the Manager role/],
    [
      '403 (a Writer key)',
      403,
      /HTTP 403: reading it needs the Manager role on Container Registry \(a Writer key can push but cannot read it\)/
    ],
    ['500 after the retries', 500, /^HTTP 500 after 3 attempts$/]
  ])('%s: could not check', async (_, status, detail) => {
    const r = await read(status)
    expect(r).toMatchObject({ outcome: 'could-not-check', httpStatus: status })
    expect(r.detail).toMatch(detail)
  })

  it('another account in the header: could not check (the fake answers 401)', async () => {
    expect(await read(true, { accountId: 'someone-else' })).toMatchObject({
      outcome: 'could-not-check',
      httpStatus: 401
    })
  })

  it('a path that is not the API (404), or no answer: could not check, never a token in the text', async () => {
    registry.setHost('127.0.0.1', { challenge: 'html' })
    const wrongPath = await readPrivateOnly(client(), {
      region: 'us-south',
      host: 'us.icr.io',
      base: `${registry.url}/v2/x`,
      iamToken: IAM_TOKEN,
      accountId: ACCOUNT
    })
    expect(wrongPath).toMatchObject({ outcome: 'could-not-check', httpStatus: 404 })
    const down = await read(true, { base: 'http://127.0.0.1:9' })
    expect(down.outcome).toBe('could-not-check')
    expect(down.detail).toMatch(/^network: GET http:\/\/127\.0\.0\.1:9: connection refused/)
    expect(JSON.stringify([wrongPath, down])).not.toContain(IAM_TOKEN)
  })
})
