import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { readAccountList, readUserList } from '../../../../../src/engine/evidence/iam/account-settings.js'
import { requestToken } from '../../../../../src/engine/evidence/iam/token.js'
import { createHttpClient } from '../../../../../src/engine/evidence/http/client.js'
import type { HttpClient } from '../../../../../src/engine/evidence/http/http-client.js'
import { startFakeIbm, hugeList, type FakeIbm } from '../../../../fakes/fake-ibm.js'

const KEY = 'lists-key-0123456789abcdef'
const ACCOUNT = 'acc/1 ?#'
const USER = 'IBMid-27/0001'
let ibm: FakeIbm
let token: string
let waits: number[]

function client(timeoutMs = 300): HttpClient {
  return createHttpClient({ deadline: Date.now() + 10_000, timeoutMs, sleep: async (ms) => void waits.push(ms) })
}

beforeEach(async () => {
  waits = []
  ibm = await startFakeIbm({
    keys: { [KEY]: { iamId: USER, accountId: ACCOUNT }, other: { iamId: 'IBMid-9', accountId: 'acc-2' } },
    accounts: { [ACCOUNT]: '?203.0.113.0/24, 198.51.100.7', 'acc-2': '' },
    users: [{ accountId: ACCOUNT, iamId: USER, list: '203.0.113.5' }]
  })
  token = (await requestToken(client(), ibm.iamUrl, KEY)).accessToken as string
})
afterEach(async () => ibm.close())

const accountSource = (): string => `${ibm.iamUrl}/v1/accounts/acc%2F1%20%3F%23/settings/identity`
const effectiveSource = (): string => `${ibm.iamUrl}/v1/accounts/acc%2F1%20%3F%23/effective_settings/identity`
const userSource = (): string => `${ibm.umUrl}/v2/accounts/acc%2F1%20%3F%23/users/IBMid-27%2F0001/settings`

/** The effective settings answer 403, so the account's own list is what is read (and what these tests probe). */
const ownListOnly = (): void => {
  ibm.failAlways('effective', { status: 403 })
}

describe('readAccountList: the effective (enterprise) list first', () => {
  it("reads effective.allowed_ip_addresses, names the template and keeps the account's own list for fixes", async () => {
    await ibm.close()
    ibm = await startFakeIbm({
      keys: { [KEY]: { iamId: USER, accountId: ACCOUNT } },
      accounts: { [ACCOUNT]: '198.51.100.0/24' },
      templates: { [ACCOUNT]: { id: 'tpl-1', name: 'corp-baseline', version: 3, list: '203.0.113.0/24' } }
    })
    token = (await requestToken(client(), ibm.iamUrl, KEY)).accessToken as string
    const read = await readAccountList(client(), ibm.iamUrl, ACCOUNT, token)
    expect(read).toEqual({
      raw: '203.0.113.0/24',
      source: effectiveSource(),
      template: { id: 'tpl-1', name: 'corp-baseline', version: '3' },
      own: '198.51.100.0/24'
    })
    expect(ibm.requestsTo('account')).toHaveLength(0)
  })

  it("falls back to the account's own list when the effective read is not allowed, saying why", async () => {
    ownListOnly()
    const read = await readAccountList(client(), ibm.iamUrl, ACCOUNT, token)
    expect(read.raw).toBe('?203.0.113.0/24, 198.51.100.7')
    expect(read.source).toBe(accountSource())
    expect(read.effectiveUnread).toMatch(/HTTP 403.*effective/)
  })
})

describe('readAccountList', () => {
  it('reads allowed_ip_addresses as is, ids URL-encoded, bearer token sent', async () => {
    const read = await readAccountList(client(), ibm.iamUrl, ACCOUNT, token)
    expect(read).toEqual({ raw: '?203.0.113.0/24, 198.51.100.7', source: effectiveSource() })
    const req = ibm.requestsTo('effective')[0]
    expect(req!.method).toBe('GET')
    expect(req!.headers.authorization).toBe(`Bearer ${ibm.issuedTokens[0]}`)
    expect(read.source).not.toContain(token)
  })

  it('an empty list is read as the empty string', async () => {
    ibm.setAccountList(ACCOUNT, '')
    expect((await readAccountList(client(), ibm.iamUrl, ACCOUNT, token)).raw).toBe('')
  })

  it('a huge list (10,000 entries) is read whole', async () => {
    ibm.failNext('effective', 'huge-list')
    const read = await readAccountList(client(), ibm.iamUrl, ACCOUNT, token)
    expect(read.raw).toBe(hugeList())
    expect(read.raw?.split(',')).toHaveLength(10_000)
  })

  it('401 with a wrong token: says the token was not accepted', async () => {
    const read = await readAccountList(client(), ibm.iamUrl, ACCOUNT, 'wrong-token')
    expect(read.raw).toBeUndefined()
    expect(read.error).toMatch(/HTTP 401.*token was not accepted/)
    expect(read.source).toBe(accountSource())
  })

  it('403 (another account): names the IAM Identity service', async () => {
    const read = await readAccountList(client(), ibm.iamUrl, 'acc-2', token)
    expect(read.error).toMatch(/HTTP 403.*IAM Identity service/)
  })

  it('404: says to check the account id', async () => {
    ownListOnly()
    ibm.failNext('account', { status: 404 })
    expect((await readAccountList(client(), ibm.iamUrl, ACCOUNT, token)).error).toMatch(/HTTP 404.*account id/)
  })

  it('500 then ok: retried, read', async () => {
    ibm.failNext('effective', { status: 500 })
    expect((await readAccountList(client(), ibm.iamUrl, ACCOUNT, token)).raw).toBe('?203.0.113.0/24, 198.51.100.7')
    expect(ibm.requestsTo('effective')).toHaveLength(2)
  })

  it('429 Retry-After honoured, then read', async () => {
    ibm.failNext('effective', { status: 429, retryAfter: '2' })
    expect((await readAccountList(client(), ibm.iamUrl, ACCOUNT, token)).raw).toBeDefined()
    expect(waits).toEqual([2000])
  })

  it('5xx and 429 that persist: status and attempts, run again later', async () => {
    ibm.failAlways('account', { status: 502 })
    expect((await readAccountList(client(), ibm.iamUrl, ACCOUNT, token)).error).toMatch(
      /HTTP 502 .*after 3 attempts; run again later/
    )
    ibm.failAlways('account', { status: 429 })
    expect((await readAccountList(client(), ibm.iamUrl, ACCOUNT, token)).error).toMatch(/HTTP 429 .*after 3 attempts/)
  })

  it('malformed JSON, HTML, missing field: errors', async () => {
    ownListOnly()
    ibm.failNext(
      'account',
      'malformed-json',
      { status: 200, body: '<html><body>login</body></html>' },
      { status: 200, body: { account_id: ACCOUNT } }
    )
    expect((await readAccountList(client(), ibm.iamUrl, ACCOUNT, token)).error).toMatch(/not a JSON object/)
    expect((await readAccountList(client(), ibm.iamUrl, ACCOUNT, token)).error).toMatch(/HTML page/)
    expect((await readAccountList(client(), ibm.iamUrl, ACCOUNT, token)).error).toMatch(
      /no allowed_ip_addresses string/
    )
  })

  it('a non-string allowed_ip_addresses is an error, not an empty list', async () => {
    ownListOnly()
    ibm.failNext('account', { status: 200, body: { allowed_ip_addresses: null } })
    expect((await readAccountList(client(), ibm.iamUrl, ACCOUNT, token)).error).toMatch(
      /no allowed_ip_addresses string/
    )
  })

  it.each(['hang', 'hang-after-headers', 'reset'] as const)('%s: an error, no token in it', async (mode) => {
    ibm.failAlways('account', mode)
    const read = await readAccountList(client(150), ibm.iamUrl, ACCOUNT, token)
    expect(read.error).toMatch(/^could not read the IAM settings of account/)
    expect(JSON.stringify(read)).not.toContain(token)
  })
})

describe('readUserList', () => {
  it('reads the user list from User Management, not IAM', async () => {
    const read = await readUserList(client(), ibm.umUrl, ACCOUNT, USER, token)
    expect(read).toEqual({ raw: '203.0.113.5', source: userSource() })
    const req = ibm.requestsTo('user')[0]
    expect(req!.service).toBe('um')
    expect(req!.headers.authorization).toBe(`Bearer ${token}`)
  })

  it('the wrong endpoint (IAM) gives a 404 error, not a list', async () => {
    expect((await readUserList(client(), ibm.iamUrl, ACCOUNT, USER, token)).error).toMatch(/HTTP 404/)
  })

  it('unknown user: 404 says the user is not in the account', async () => {
    expect((await readUserList(client(), ibm.umUrl, ACCOUNT, 'IBMid-nobody', token)).error).toMatch(
      /HTTP 404.*not in account/
    )
  })

  it('403: names the User Management service', async () => {
    ibm.failNext('user', { status: 403 })
    expect((await readUserList(client(), ibm.umUrl, ACCOUNT, USER, token)).error).toMatch(
      /HTTP 403.*User Management service/
    )
  })

  it('401 without a valid token', async () => {
    expect((await readUserList(client(), ibm.umUrl, ACCOUNT, USER, '')).error).toMatch(/HTTP 401/)
  })

  it('500 then ok; huge list; malformed JSON', async () => {
    ibm.failNext('user', { status: 500 }, 'huge-list', 'malformed-json')
    expect((await readUserList(client(), ibm.umUrl, ACCOUNT, USER, token)).raw).toBe(hugeList())
    expect((await readUserList(client(), ibm.umUrl, ACCOUNT, USER, token)).error).toMatch(/not a JSON object/)
    expect((await readUserList(client(), ibm.umUrl, ACCOUNT, USER, token)).raw).toBe('203.0.113.5')
  })

  it('hang: an error naming what was read', async () => {
    ibm.failAlways('user', 'hang')
    expect((await readUserList(client(150), ibm.umUrl, ACCOUNT, USER, token)).error).toMatch(
      /^could not read the settings of user IBMid-27\/0001: timeout/
    )
  })
})
