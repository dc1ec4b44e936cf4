import { fixText } from '../../harness/fix-text.js'
/**
 * The engine end to end (runPreflight) against loopback fakes of IAM, User Management, network zones and
 * echo services: real HTTP, no mocks.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { runPreflight } from '../../../src/engine/preflight.js'
import { parseSettings, RawInputs } from '../../../src/engine/settings/settings.js'
import { Report } from '../../../src/engine/report/schema.js'
import { startEchos } from '../../fakes/fake-echo.js'
import { FakeIbm, startFakeIbm } from '../../fakes/fake-ibm.js'

const ACCOUNT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
const USER_KEY = 'user-key-Zq8sT3vW9xY2aB4cD6eF'
const SERVICE_KEY = 'service-key-Hj5kL7mN9pQ1rS3t'
const EGRESS = '203.0.113.77'

let ibm: FakeIbm | undefined
let closeEcho: (() => Promise<void>) | undefined
afterEach(async () => {
  await ibm?.close()
  await closeEcho?.()
  ibm = undefined
  closeEcho = undefined
})

async function setup(accountList: string, userList = ''): Promise<FakeIbm> {
  ibm = await startFakeIbm({
    keys: {
      [USER_KEY]: { iamId: 'IBMid-550000ABCD', accountId: ACCOUNT },
      [SERVICE_KEY]: { iamId: 'iam-ServiceId-0f1e2d3c', accountId: ACCOUNT }
    },
    accounts: { [ACCOUNT]: accountList },
    users: [{ accountId: ACCOUNT, iamId: 'IBMid-550000ABCD', list: userList }]
  })
  return ibm
}

async function run(raw: RawInputs, fake: FakeIbm, env: NodeJS.ProcessEnv = {}): Promise<Report> {
  const settings = parseSettings(
    // No registry login here: it would go to the real registry (registry-probe tests route it to a fake).
    { 'iam-endpoint': fake.iamUrl, 'user-management-endpoint': fake.umUrl, 'cbr-endpoint': fake.cbrUrl, 'timeout-seconds': '10', 'probe-registry': 'false', ...raw },
    env
  )
  const report = await runPreflight(settings)
  const text = JSON.stringify(report)
  for (const secret of [raw.apikey ?? 'none', ...fake.issuedTokens].filter((s) => s.length > 5)) expect(text).not.toContain(secret)
  return report
}

describe('runPreflight against loopback IBM fakes', () => {
  it('passes a user key whose runner address both lists allow, reading both lists with the issued token', async () => {
    const fake = await setup('198.51.100.0/24, 203.0.113.0/24', '203.0.113.70 - 203.0.113.80')
    const echo = await startEchos([{ kind: 'text', body: `${EGRESS}\n` }, { kind: 'json', ip: EGRESS }, { kind: 'trace', ip: EGRESS }])
    closeEcho = echo.close
    const r = await run({ apikey: USER_KEY, 'ip-echo-urls': echo.urls.join('\n'), 'ip-version': '4' }, fake)
    expect(r.result).toBe('pass')
    expect(r.egressIps).toEqual([EGRESS])
    expect(r.probe).toMatchObject({ outcome: 'granted', accountId: ACCOUNT, serviceId: false })
    expect(r.matches.map((m) => [m.level, m.status, m.entry])).toEqual([
      ['account', 'allowed', '203.0.113.0/24'],
      ['user', 'allowed', '203.0.113.70 - 203.0.113.80']
    ])
    const account = fake.requestsTo('account')[0]
    expect(account!.path).toBe(`/v1/accounts/${ACCOUNT}/settings/identity`)
    expect(account!.headers.authorization).toBe(`Bearer ${fake.issuedTokens[0]}`)
    expect(fake.requestsTo('token')[0]!.body).toBe(`grant_type=${encodeURIComponent('urn:ibm:params:oauth:grant-type:apikey')}&apikey=${USER_KEY}`)
  })

  it('fails when IAM refuses the address, with the whole new account list in the fix', async () => {
    const fake = await setup('?198.51.100.0/24, 166.9.251.49')
    fake.refuseAddresses({ allowed: ['198.51.100.0/24'] })
    fake.setClientAddress(EGRESS)
    const r = await run({ apikey: USER_KEY, 'egress-ip': EGRESS }, fake, { RUNNER_ENVIRONMENT: 'self-hosted' })
    expect(r.result).toBe('fail')
    expect(r.probe?.outcome).toBe('refused-address')
    const refused = r.findings.find((f) => f.code === 'TOKEN_REFUSED_ADDRESS')
    expect(refused?.severity).toBe('error')
    expect(refused?.message).toContain(EGRESS)
    expect(r.missing).toEqual([EGRESS])
    // No token: no list can be read, so the refusal alone decides.
    expect(fake.requestsTo('account')).toHaveLength(0)
  })

  it('reads no user list for a service ID and reports a list it may not read', async () => {
    const fake = await setup('203.0.113.0/24')
    fake.failAlways('account', { status: 403 })
    const r = await run({ apikey: SERVICE_KEY, 'egress-ip': EGRESS }, fake)
    expect(fake.requestsTo('user')).toHaveLength(0)
    expect(r.probe?.serviceId).toBe(true)
    expect(r.result).toBe('pass') // IAM granted the token: its answer wins
    const unreadable = r.findings.find((f) => f.code === 'LIST_UNREADABLE')
    expect(unreadable?.severity).toBe('warning')
    expect(unreadable?.message).toMatch(/IAM Identity/)
  })

  it('resolves a network-zone name, subtracting excluded members that carve out the runner', async () => {
    const fake = await setup('ci-runners')
    fake.addZone({ accountId: ACCOUNT, name: 'ci-runners', addresses: [{ type: 'subnet', value: '203.0.113.0/24' }, { type: 'vpc', value: 'crn:v1:bluemix:public:is:us-south:a/x::vpc:r006-1' }], excluded: [{ type: 'ipRange', value: '203.0.113.64-203.0.113.127' }] })
    const r = await run({ apikey: SERVICE_KEY, 'egress-ip': EGRESS, registry: 'us.icr.io' }, fake)
    expect(r.matches[0]).toMatchObject({ level: 'account', status: 'not-allowed' })
    // IAM granted (the fake does not enforce lists unless told): the list's disagreement is a warning.
    expect(r.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['ZONE_UNCHECKABLE_MEMBERS', 'TOKEN_GRANTED_LIST_DISAGREES']))
    const inside = await run({ apikey: SERVICE_KEY, 'egress-ip': '203.0.113.5' }, fake)
    expect(inside.matches[0]).toMatchObject({ status: 'allowed', entry: 'zone:ci-runners' })
  })

  it('resolves every zone of a list, each once, and attributes the address to the zone that holds it', async () => {
    const fake = await setup('zone-a, 198.51.100.1, zone-b, zone-a')
    fake.addZone({ accountId: ACCOUNT, name: 'zone-a', addresses: [{ type: 'ipAddress', value: '192.0.2.1' }] })
    fake.addZone({ accountId: ACCOUNT, name: 'zone-b', addresses: [{ type: 'ipRange', value: '203.0.113.70-203.0.113.80' }] })
    const r = await run({ apikey: SERVICE_KEY, 'egress-ip': EGRESS }, fake)
    expect(r.matches[0]).toMatchObject({ level: 'account', status: 'allowed', entry: 'zone:zone-b' })
    expect(fake.requestsTo('zones')).toHaveLength(2)
    expect(r.findings.filter((f) => f.code.startsWith('ZONE_'))).toEqual([])
  })

  it('checks private source addresses for a private registry and fails them even when the token is granted', async () => {
    const fake = await setup('203.0.113.0/24')
    const r = await run({ apikey: SERVICE_KEY, registry: 'private.us.icr.io/ns/app:1', 'private-ip': '10.240.0.5' }, fake)
    expect(r.subjects).toEqual([{ address: '10.240.0.5', role: 'private-source' }])
    expect(r.result).toBe('fail')
    expect(r.missing).toEqual(['10.240.0.5'])
    expect(fixText(r.findings.find((f) => f.code === 'ADDRESS_NOT_ALLOWED'))).toContain('--allowed-ip-addresses "203.0.113.0/24,10.240.0.5"')
    expect(r.findings.map((f) => f.code)).toContain('PRIVATE_DOCS_CONTRADICTION')
  })

  it('reports an unknown key', async () => {
    const fake = await setup('')
    const r = await run({ apikey: 'not-a-known-key-123456', 'egress-ip': EGRESS }, fake)
    expect(r.result).toBe('fail')
    expect(r.findings.find((f) => f.code === 'TOKEN_INVALID_KEY')?.message).toContain('BXNIM0415E')
  })

  it('finds the egress address through flaky and hanging echo sources within the time budget', async () => {
    const fake = await setup('203.0.113.0/24')
    const echo = await startEchos([{ kind: 'hang' }, { kind: 'fail-then', failures: 1, body: EGRESS }, { kind: 'html' }, { kind: 'text', body: EGRESS, delayMs: 50 }])
    closeEcho = echo.close
    const started = Date.now()
    const r = await run({ apikey: SERVICE_KEY, 'ip-echo-urls': echo.urls.join('\n'), 'timeout-seconds': '5' }, fake)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(r.egress.primary).toBe(EGRESS)
    expect(r.result).toBe('pass')
    expect(r.findings.map((f) => f.code)).toContain('EGRESS_ANSWER_DISCARDED')
  })
})
