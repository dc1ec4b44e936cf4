import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { readZoneById, resolveZone } from '../../../../../src/engine/evidence/cbr/zones.js'
import { requestToken } from '../../../../../src/engine/evidence/iam/token.js'
import { createHttpClient } from '../../../../../src/engine/evidence/http/client.js'
import type { HttpClient } from '../../../../../src/engine/evidence/http/http-client.js'
import { startFakeIbm, type FakeIbm } from '../../../../fakes/fake-ibm.js'

const KEY = 'zones-key-0123456789abcdef'
const ACCOUNT = 'acc-z'
let ibm: FakeIbm
let token: string
let zoneId: string

function client(timeoutMs = 300): HttpClient {
  return createHttpClient({ deadline: Date.now() + 10_000, timeoutMs, sleep: async () => undefined })
}

beforeEach(async () => {
  ibm = await startFakeIbm({ keys: { [KEY]: { iamId: 'iam-ServiceId-z', accountId: ACCOUNT } } })
  zoneId = ibm.addZone({
    accountId: ACCOUNT,
    name: 'ci runners',
    addresses: [
      { type: 'ipAddress', value: '203.0.113.7' },
      { type: 'ipRange', value: '198.51.100.10-198.51.100.20' },
      { type: 'subnet', value: '192.0.2.0/24' },
      { type: 'vpc', value: 'crn:v1:bluemix:public:is:us-south:a/acc-z::vpc:r006-1' },
      { type: 'serviceRef', ref: { account_id: ACCOUNT, service_name: 'containers-kubernetes', location: 'us-south' } },
      { type: 'instance', ref: { service_name: 'databases-for-redis', service_instance: 'abc' } }
    ],
    excluded: [
      { type: 'ipAddress', value: '192.0.2.9' },
      { type: 'subnet', value: '192.0.2.128/25' }
    ]
  })
  ibm.addZone({ accountId: 'acc-other', name: 'ci runners', addresses: [{ type: 'ipAddress', value: '1.1.1.1' }] })
  token = (await requestToken(client(), ibm.iamUrl, KEY)).accessToken as string
})
afterEach(async () => ibm.close())

describe('resolveZone', () => {
  it('finds the zone by name, then reads all its members', async () => {
    const zone = await resolveZone(client(), ibm.cbrUrl, ACCOUNT, 'ci runners', token)
    expect(zone).toEqual({
      name: 'ci runners',
      include: [
        { type: 'ipAddress', value: '203.0.113.7' },
        { type: 'ipRange', value: '198.51.100.10-198.51.100.20' },
        { type: 'subnet', value: '192.0.2.0/24' }
      ],
      exclude: [
        { type: 'ipAddress', value: '192.0.2.9' },
        { type: 'subnet', value: '192.0.2.128/25' }
      ],
      uncheckable: [
        'vpc crn:v1:bluemix:public:is:us-south:a/acc-z::vpc:r006-1',
        'serviceRef containers-kubernetes us-south',
        'instance databases-for-redis abc'
      ]
    })
    const [search, detail] = ibm.requestsTo('zones').concat(ibm.requestsTo('zone'))
    expect(search!.path).toBe('/v1/zones?account_id=acc-z&name=ci%20runners')
    expect(detail!.path).toBe(`/v1/zones/${zoneId}`)
    for (const r of [search, detail]) expect(r!.headers.authorization).toBe(`Bearer ${token}`)
  })

  it('no zone of that name: a clear error', async () => {
    const zone = await resolveZone(client(), ibm.cbrUrl, ACCOUNT, 'nope', token)
    expect(zone).toEqual({
      name: 'nope',
      include: [],
      exclude: [],
      uncheckable: [],
      error: 'no network zone named "nope" in account acc-z'
    })
  })

  it('only exact name matches count', async () => {
    ibm.failNext('zones', { status: 200, body: { count: 1, zones: [{ id: 'z9', name: 'CI Runners' }] } })
    expect((await resolveZone(client(), ibm.cbrUrl, ACCOUNT, 'ci runners', token)).error).toMatch(
      /no network zone named/
    )
  })

  it('two zones with the name: error naming both ids', async () => {
    const second = ibm.addZone({ accountId: ACCOUNT, name: 'ci runners', addresses: [] })
    const zone = await resolveZone(client(), ibm.cbrUrl, ACCOUNT, 'ci runners', token)
    expect(zone.error).toContain(zoneId)
    expect(zone.error).toContain(second)
  })

  it('403 on search: names the Context-based restrictions service', async () => {
    ibm.failNext('zones', { status: 403 })
    expect((await resolveZone(client(), ibm.cbrUrl, ACCOUNT, 'ci runners', token)).error).toMatch(
      /HTTP 403.*Context-based restrictions/
    )
  })

  it('401 with a wrong token', async () => {
    expect((await resolveZone(client(), ibm.cbrUrl, ACCOUNT, 'ci runners', 'bad')).error).toMatch(/HTTP 401/)
  })

  it('zone read fails after the search: the error names the zone id', async () => {
    ibm.failAlways('zone', { status: 404 })
    const zone = await resolveZone(client(), ibm.cbrUrl, ACCOUNT, 'ci runners', token)
    const hint = 'check the account id and the context-based restrictions endpoint'
    expect(zone).toMatchObject({ error: `network zone "ci runners" (${zoneId}): HTTP 404, ${hint}`, include: [] })
  })

  it('500 then ok on both reads: retried, resolved', async () => {
    ibm.failNext('zones', { status: 500 })
    ibm.failNext('zone', { status: 503 })
    const zone = await resolveZone(client(), ibm.cbrUrl, ACCOUNT, 'ci runners', token)
    expect(zone.error).toBeUndefined()
    expect(zone.include).toHaveLength(3)
  })

  it('malformed answers: errors, never throws', async () => {
    ibm.failNext('zones', 'malformed-json', { status: 200, body: { count: 0 } })
    expect((await resolveZone(client(), ibm.cbrUrl, ACCOUNT, 'ci runners', token)).error).toMatch(/not a JSON object/)
    expect((await resolveZone(client(), ibm.cbrUrl, ACCOUNT, 'ci runners', token)).error).toMatch(/no zones array/)
    ibm.failNext('zone', { status: 200, body: { id: zoneId } })
    expect((await resolveZone(client(), ibm.cbrUrl, ACCOUNT, 'ci runners', token)).error).toMatch(/no addresses array/)
  })

  it('odd members are reported as uncheckable, not dropped silently', async () => {
    ibm.failNext('zone', {
      status: 200,
      body: {
        id: zoneId,
        addresses: [null, { value: '1.2.3.4' }, { type: 'ipAddress' }, { type: 'future', ref: {} }]
      }
    })
    const zone = await resolveZone(client(), ibm.cbrUrl, ACCOUNT, 'ci runners', token)
    expect(zone.include).toEqual([])
    expect(zone.uncheckable).toEqual(['member that is not an object', 'untyped 1.2.3.4', 'ipAddress', 'future'])
  })

  it('an exclusion that cannot be read leaves the zone unresolved (it would allow more than it does)', async () => {
    const members = [{ type: 'ipAddress', value: '10.0.0.1' }]
    for (const excluded of [[{ type: 'vpc', value: 'crn:x' }], [null], 'not-a-list', { type: 'ipAddress' }]) {
      ibm.failNext('zone', { status: 200, body: { id: zoneId, addresses: members, excluded } })
      const zone = await resolveZone(client(), ibm.cbrUrl, ACCOUNT, 'ci runners', token)
      expect(zone.error).toMatch(/so what the zone leaves out is not known/)
    }
  })

  it('hang: an error, no token in it', async () => {
    ibm.failAlways('zones', 'hang')
    const zone = await resolveZone(client(150), ibm.cbrUrl, ACCOUNT, 'ci runners', token)
    expect(zone.error).toMatch(/^could not read the network zones of account acc-z: timeout/)
    expect(JSON.stringify(zone)).not.toContain(token)
  })

  it('nothing is cached: a changed zone is read again', async () => {
    await resolveZone(client(), ibm.cbrUrl, ACCOUNT, 'ci runners', token)
    await resolveZone(client(), ibm.cbrUrl, ACCOUNT, 'ci runners', token)
    expect(ibm.requestsTo('zone')).toHaveLength(2)
  })
})

describe('readZoneById', () => {
  it('reads a zone by the id a rule names: members, excluded, VPCs, name and description', async () => {
    const zone = await readZoneById(client(), ibm.cbrUrl, zoneId, token)
    expect(zone).toMatchObject({
      id: zoneId,
      name: 'ci runners',
      description: '',
      vpcs: ['crn:v1:bluemix:public:is:us-south:a/acc-z::vpc:r006-1']
    })
    expect(zone.include).toHaveLength(3)
    expect(zone.exclude).toHaveLength(2)
    expect(zone.error).toBeUndefined()
    expect(ibm.requestsTo('zones')).toHaveLength(0)
    expect(ibm.requestsTo('zone')[0]!.path).toBe(`/v1/zones/${zoneId}`)
  })

  it('403 names both causes; 404 says the zone is gone; malformed answers are errors', async () => {
    ibm.failNext('zone', { status: 403 })
    const forbidden = await readZoneById(client(), ibm.cbrUrl, zoneId, token)
    expect(forbidden.error).toMatch(/HTTP 403.*role.*Context-based restrictions.*rule on that service/)
    expect((await readZoneById(client(), ibm.cbrUrl, 'gone', token)).error).toMatch(/HTTP 404, no such zone/)
    ibm.failNext('zone', { status: 200, body: { id: zoneId, name: 'x' } })
    expect(await readZoneById(client(), ibm.cbrUrl, zoneId, token)).toMatchObject({
      name: 'x',
      error: expect.stringMatching(/no addresses array/)
    })
  })
})
