/** The restrictions evidence against the loopback fake: rules, then the zones they name, by id, each once. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  MAX_ZONES,
  readRestrictions,
  restrictionsFor,
  type CbrEvidence
} from '../../../../../src/engine/evidence/cbr/restrictions.js'
import { createHttpClient } from '../../../../../src/engine/evidence/http/client.js'
import type { HttpClient } from '../../../../../src/engine/evidence/http/http-client.js'
import { requestToken } from '../../../../../src/engine/evidence/iam/token.js'
import { parseSettings } from '../../../../../src/engine/settings/settings.js'
import { registryRule, startFakeIbm, type FakeIbm } from '../../../../fakes/fake-ibm.js'

const KEY = 'restrictions-key-0123456789'
const ACCOUNT = 'acc-x'
let ibm: FakeIbm
let token: string
const lines: string[] = []

function client(): HttpClient {
  return createHttpClient({ deadline: Date.now() + 10_000, timeoutMs: 300, sleep: async () => undefined })
}
const read = () =>
  readRestrictions(client(), { cbrEndpoint: ibm.cbrUrl, accountId: ACCOUNT, token }, (l) => lines.push(l))
function readOk(e: CbrEvidence): Extract<CbrEvidence, { status: 'read' }> {
  if (e.status !== 'read') throw new Error(`not read: ${JSON.stringify(e)}`)
  return e
}

beforeEach(async () => {
  lines.length = 0
  ibm = await startFakeIbm({ keys: { [KEY]: { iamId: 'iam-ServiceId-x', accountId: ACCOUNT } } })
  token = (await requestToken(client(), ibm.iamUrl, KEY)).accessToken as string
})
afterEach(async () => ibm.close())

describe('readRestrictions', () => {
  it('reads each zone a live rule names once, by id, and places addresses in it (excluded members subtracted)', async () => {
    const z1 = ibm.addZone({
      accountId: ACCOUNT,
      name: 'runners',
      description: 'CI',
      addresses: [
        { type: 'subnet', value: '203.0.113.0/24' },
        { type: 'ipRange', value: '2001:db8::1-2001:db8::ff' },
        { type: 'ipAddress', value: 'not-an-address' },
        { type: 'vpc', value: 'crn:vpc:1' }
      ],
      excluded: [{ type: 'ipAddress', value: '203.0.113.9' }]
    })
    const z2 = ibm.addZone({
      accountId: ACCOUNT,
      name: 'office',
      addresses: [{ type: 'ipAddress', value: '198.51.100.7' }]
    })
    const zOff = ibm.addZone({ accountId: ACCOUNT, name: 'only-in-disabled', addresses: [] })
    ibm.addRule(registryRule(ACCOUNT, { id: 'a', zones: [z1, z2] }))
    ibm.addRule(
      registryRule(ACCOUNT, {
        id: 'b',
        contexts: [[['networkZoneId', ` ${z1} , ${z2} `]], [['endpointType', 'private']]]
      })
    )
    ibm.addRule(registryRule(ACCOUNT, { id: 'off', zones: [zOff], mode: 'disabled' }))
    const e = readOk(await read())
    expect(e.rules.map((r) => r.id)).toEqual(['a', 'b', 'off'])
    expect(e.zones.map((z) => z.id)).toEqual([z1, z2])
    expect(
      ibm
        .requestsTo('zone')
        .map((r) => r.path)
        .sort()
    ).toEqual([`/v1/zones/${z1}`, `/v1/zones/${z2}`].sort())
    const zone = e.zones[0]!
    if (zone.status !== 'resolved') throw new Error('zone not resolved')
    expect(zone).toMatchObject({
      name: 'runners',
      description: 'CI',
      addresses: ['203.0.113.0/24', '2001:db8::1-2001:db8::ff', 'not-an-address'],
      excluded: ['203.0.113.9'],
      vpcs: ['crn:vpc:1'],
      uncheckable: ['vpc crn:vpc:1', 'ipAddress not-an-address (not a valid ipAddress)']
    })
    expect(['203.0.113.7', '203.0.113.9', '198.51.100.7', '2001:db8::20', 'junk'].map((a) => zone.place(a))).toEqual([
      'in',
      'excluded',
      'out',
      'in',
      'out'
    ])
    expect(lines.join('\n')).toMatch(/cbr: 3 container-registry rules \(1 page, 0 malformed\); zones: 2 read, 0 not/)
  })

  it('a zone that cannot be read is kept as an error; the others still resolve', async () => {
    const z1 = ibm.addZone({ accountId: ACCOUNT, name: 'runners', addresses: [] })
    ibm.addRule(registryRule(ACCOUNT, { id: 'a', zones: [z1, 'gone-zone'] }))
    const e = readOk(await read())
    expect(e.zones.map((z) => [z.id, z.status])).toEqual([
      [z1, 'resolved'],
      ['gone-zone', 'error']
    ])
    expect(e.zones[1]).toMatchObject({ error: expect.stringMatching(/HTTP 404, no such zone/) })
  })

  it(`reads at most ${MAX_ZONES} zones; the rest are errors that say why`, async () => {
    const ids = Array.from({ length: MAX_ZONES + 2 }, (_, i) => `zone-${i}`)
    ibm.addRule(registryRule(ACCOUNT, { zones: ids }))
    const e = readOk(await read())
    expect(ibm.requestsTo('zone')).toHaveLength(MAX_ZONES)
    expect(e.zones.slice(MAX_ZONES)).toEqual(
      ids
        .slice(MAX_ZONES)
        .map((id) => ({ id, status: 'error', error: `not read: the rules name more than ${MAX_ZONES} network zones` }))
    )
  })

  it('rules unreadable: no zone is read, the 403 is kept as forbidden', async () => {
    ibm.failNext('rules', { status: 403 })
    expect(await read()).toMatchObject({
      status: 'unreadable',
      forbidden: true,
      source: expect.stringContaining('/v1/rules?account_id=acc-x')
    })
    expect(ibm.requestsTo('zone')).toHaveLength(0)
  })
})

describe('restrictionsFor', () => {
  const settings = (raw: Record<string, string> = {}) =>
    parseSettings({ apikey: KEY, 'cbr-endpoint': ibm.cbrUrl, ...raw }, {})

  it('no key: nothing read; no token or no account: not read, with why', async () => {
    expect(await restrictionsFor(client(), settings(), undefined, () => undefined)).toBeUndefined()
    const refused = { probe: { outcome: 'refused-address' } } as never
    expect(await restrictionsFor(client(), settings(), refused, () => undefined)).toEqual({
      status: 'not-read',
      reason: 'IAM granted no token, and the rules can only be read with one'
    })
    const anonymous = { accessToken: token, probe: { outcome: 'granted' } } as never
    expect(await restrictionsFor(client(), settings(), anonymous, () => undefined)).toMatchObject({
      status: 'not-read',
      reason: expect.stringMatching(/account-id/)
    })
    expect(ibm.requestsTo('rules')).toHaveLength(0)
  })

  it('with a token: the account from the token, or account-id', async () => {
    const granted = await requestToken(client(), ibm.iamUrl, KEY)
    expect(await restrictionsFor(client(), settings(), granted, () => undefined)).toMatchObject({
      status: 'read',
      accountId: ACCOUNT
    })
    const anonymous = { accessToken: token, probe: { outcome: 'granted' } } as never
    expect(
      await restrictionsFor(client(), settings({ 'account-id': ACCOUNT }), anonymous, () => undefined)
    ).toMatchObject({ status: 'read' })
  })
})
