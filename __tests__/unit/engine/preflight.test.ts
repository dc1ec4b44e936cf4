import { fixText } from '../../harness/fix-text.js'
/**
 * The engine end to end (runPreflight) against loopback fakes of IAM, User Management, network zones and
 * echo services: real HTTP, no mocks.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { runPreflight } from '../../../src/engine/preflight.js'
import { parseSettings } from '../../../src/engine/settings/settings.js'
import { RawInputs } from '../../../src/engine/settings/defaults.js'
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
    {
      'iam-endpoint': fake.iamUrl,
      'user-management-endpoint': fake.umUrl,
      'cbr-endpoint': fake.cbrUrl,
      'timeout-seconds': '10',
      'probe-registry': 'false',
      ...raw
    },
    env
  )
  const report = await runPreflight(settings)
  const text = JSON.stringify(report)
  for (const secret of [raw.apikey ?? 'none', ...fake.issuedTokens].filter((s) => s.length > 5))
    expect(text).not.toContain(secret)
  return report
}

describe('runPreflight against loopback IBM fakes', () => {
  it('passes a user key whose runner address both lists allow, reading both lists with the issued token', async () => {
    const fake = await setup('198.51.100.0/24, 203.0.113.0/24', '203.0.113.70 - 203.0.113.80')
    const echo = await startEchos([
      { kind: 'text', body: `${EGRESS}\n` },
      { kind: 'json', ip: EGRESS },
      { kind: 'trace', ip: EGRESS }
    ])
    closeEcho = echo.close
    const r = await run({ apikey: USER_KEY, 'ip-echo-urls': echo.urls.join('\n'), 'ip-version': '4' }, fake)
    expect(r.result).toBe('pass')
    expect(r.egressIps).toEqual([EGRESS])
    expect(r.probe).toMatchObject({ outcome: 'granted', accountId: ACCOUNT, serviceId: false })
    expect(r.matches.map((m) => [m.level, m.status, m.entry])).toEqual([
      ['account', 'allowed', '203.0.113.0/24'],
      ['user', 'allowed', '203.0.113.70 - 203.0.113.80']
    ])
    const account = fake.requestsTo('effective')[0]
    expect(account!.path).toBe(`/v1/accounts/${ACCOUNT}/effective_settings/identity`)
    expect(account!.headers.authorization).toBe(`Bearer ${fake.issuedTokens[0]}`)
    expect(fake.requestsTo('token')[0]!.body).toBe(
      `grant_type=${encodeURIComponent('urn:ibm:params:oauth:grant-type:apikey')}&apikey=${USER_KEY}`
    )
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
    expect(fake.requestsTo('effective')).toHaveLength(0)
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
    fake.addZone({
      accountId: ACCOUNT,
      name: 'ci-runners',
      addresses: [
        { type: 'subnet', value: '203.0.113.0/24' },
        { type: 'vpc', value: 'crn:v1:bluemix:public:is:us-south:a/x::vpc:r006-1' }
      ],
      excluded: [{ type: 'ipRange', value: '203.0.113.64-203.0.113.127' }]
    })
    const r = await run({ apikey: SERVICE_KEY, 'egress-ip': EGRESS, registry: 'us.icr.io' }, fake)
    expect(r.matches[0]).toMatchObject({ level: 'account', status: 'not-allowed' })
    // IAM granted (the fake does not enforce lists unless told): the list's disagreement is a warning.
    expect(r.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['ZONE_UNCHECKABLE_MEMBERS', 'TOKEN_GRANTED_LIST_DISAGREES'])
    )
    const inside = await run({ apikey: SERVICE_KEY, 'egress-ip': '203.0.113.5' }, fake)
    expect(inside.matches[0]).toMatchObject({ status: 'allowed', entry: 'zone:ci-runners' })
  })

  it('resolves every zone of a list, each once, and attributes the address to the zone that holds it', async () => {
    const fake = await setup('zone-a, 198.51.100.1, zone-b, zone-a')
    fake.addZone({ accountId: ACCOUNT, name: 'zone-a', addresses: [{ type: 'ipAddress', value: '192.0.2.1' }] })
    fake.addZone({
      accountId: ACCOUNT,
      name: 'zone-b',
      addresses: [{ type: 'ipRange', value: '203.0.113.70-203.0.113.80' }]
    })
    const r = await run({ apikey: SERVICE_KEY, 'egress-ip': EGRESS }, fake)
    expect(r.matches[0]).toMatchObject({ level: 'account', status: 'allowed', entry: 'zone:zone-b' })
    expect(fake.requestsTo('zones')).toHaveLength(2)
    expect(r.findings.filter((f) => f.code.startsWith('ZONE_'))).toEqual([])
  })

  it('checks private source addresses for a private registry and fails them even when the token is granted', async () => {
    const fake = await setup('203.0.113.0/24')
    const r = await run(
      { apikey: SERVICE_KEY, registry: 'private.us.icr.io/ns/app:1', 'private-ip': '10.240.0.5' },
      fake
    )
    expect(r.subjects).toEqual([{ address: '10.240.0.5', role: 'private-source' }])
    expect(r.result).toBe('fail')
    expect(r.missing).toEqual(['10.240.0.5'])
    expect(fixText(r.findings.find((f) => f.code === 'ADDRESS_NOT_ALLOWED'))).toContain(
      "--allowed-ip-addresses '203.0.113.0/24,10.240.0.5'"
    )
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
    const echo = await startEchos([
      { kind: 'hang' },
      { kind: 'fail-then', failures: 1, body: EGRESS },
      { kind: 'html' },
      { kind: 'text', body: EGRESS, delayMs: 50 }
    ])
    closeEcho = echo.close
    const started = Date.now()
    const r = await run({ apikey: SERVICE_KEY, 'ip-echo-urls': echo.urls.join('\n'), 'timeout-seconds': '5' }, fake)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(r.egress.primary).toBe(EGRESS)
    expect(r.result).toBe('pass')
    expect(r.findings.map((f) => f.code)).toContain('EGRESS_ANSWER_DISCARDED')
  })
})

describe('the private path: only a list read speaks for it', () => {
  const privateRun = (raw: RawInputs, fake: FakeIbm) =>
    run(
      {
        apikey: USER_KEY,
        'egress-ip': EGRESS,
        registry: 'us.icr.io, private.us.icr.io',
        'private-ip': '10.240.0.5',
        ...raw
      },
      fake
    )

  it('is unknown, not pass, when both lists answer 403 although IAM granted the token', async () => {
    const fake = await setup('10.240.0.0/16, 203.0.113.0/24')
    fake.failAlways('account', { status: 403 })
    fake.failAlways('user', { status: 403 })
    const r = await privateRun({}, fake)
    expect(r.paths).toEqual({ public: 'pass', private: 'unknown' })
    expect(r.result).toBe('unknown')
  })

  it('is unknown when the account list never answers or is malformed', async () => {
    for (const mode of ['hang', 'malformed-json'] as const) {
      const fake = await setup('10.240.0.0/16, 203.0.113.0/24')
      fake.failAlways('account', mode)
      const r = await privateRun({ 'timeout-seconds': '3' }, fake)
      expect(r.paths.private).toBe('unknown')
      expect(r.result).toBe('unknown')
      await fake.close()
      ibm = undefined
    }
  })

  it('is unknown when the token is opaque (no account, no list read)', async () => {
    const fake = await setup('10.240.0.0/16, 203.0.113.0/24')
    fake.failAlways('token', 'non-jwt-token')
    const r = await privateRun({}, fake)
    expect(r.lists).toEqual([])
    expect(r.paths).toEqual({ public: 'pass', private: 'unknown' })
    expect(r.result).toBe('unknown')
  })

  it('checks a private-ip equal to the egress address on the private path too, and fails it where a list refuses', async () => {
    const fake = await setup('203.0.113.0/24', '198.51.100.0/24')
    const r = await privateRun({ 'private-ip': EGRESS }, fake)
    expect(r.subjects).toEqual([
      { address: EGRESS, role: 'egress-primary' },
      { address: EGRESS, role: 'private-source' }
    ])
    expect(r.paths.private).toBe('fail')
    expect(r.result).toBe('fail')
  })

  it('passes when every list that applies was read and allows the private source', async () => {
    const fake = await setup('10.240.0.0/16, 203.0.113.0/24', '10.240.0.5, 203.0.113.77')
    const r = await privateRun({}, fake)
    expect(r.paths).toEqual({ public: 'pass', private: 'pass' })
    expect(r.result).toBe('pass')
  })
})

describe('the private source, found on the machine', () => {
  const nic = (address: string) =>
    ({ address, internal: false, family: 'IPv4', netmask: '', mac: '', cidr: null }) as const
  const dockerRunner = () => ({
    eth0: [nic('10.240.0.5')],
    docker0: [nic('172.17.0.1')],
    'br-1a2b': [nic('172.18.0.1')]
  })

  it('does not fail a self-hosted runner with Docker for its bridge addresses (the false FAIL)', async () => {
    const fake = await setup('10.240.0.0/16, 203.0.113.0/24')
    const settings = parseSettings(
      {
        apikey: SERVICE_KEY,
        'egress-ip': EGRESS,
        registry: 'private.us.icr.io',
        'iam-endpoint': fake.iamUrl,
        'user-management-endpoint': fake.umUrl,
        'cbr-endpoint': fake.cbrUrl
      },
      {}
    )
    const r = await runPreflight(settings, {
      machine: { interfaces: dockerRunner, routeTo: () => Promise.resolve(undefined) }
    })
    expect(r.subjects).toEqual([{ address: '10.240.0.5', role: 'private-source' }])
    expect(r.privateSourceChoice?.how).toBe('interfaces')
    expect(r.result).toBe('pass')
    expect(r.missing).toEqual([])
  })

  it('warns, naming private-ip, when one of several guessed sources is not allowed; the gate passes', async () => {
    const fake = await setup('10.240.0.0/16')
    const interfaces = () => ({ eth0: [nic('10.240.0.5')], eth1: [nic('192.168.10.4')] })
    const settings = parseSettings(
      {
        apikey: SERVICE_KEY,
        'egress-ip': EGRESS,
        registry: 'private.us.icr.io',
        'iam-endpoint': fake.iamUrl,
        'user-management-endpoint': fake.umUrl,
        'cbr-endpoint': fake.cbrUrl
      },
      {}
    )
    const r = await runPreflight(settings, { machine: { interfaces, routeTo: () => Promise.resolve(undefined) } })
    const guessed = r.findings.filter((f) => f.code === 'PRIVATE_SOURCE_GUESSED')
    expect(guessed.map((f) => [f.subject, f.severity])).toEqual([['192.168.10.4', 'warning']])
    expect(fixText(guessed[0])).toContain("Set 'private-ip'")
    expect(r.findings.some((f) => f.severity === 'error')).toBe(false)
    expect(r.missing).toEqual([])
    expect(r.paths.private).toBe('unknown')
    expect(r.gatePassed).toBe(true)
  })

  it('uses the route the kernel names for the private endpoint, and warns with the candidates dropped when none is left', async () => {
    const fake = await setup('10.240.0.0/16')
    const base = {
      apikey: SERVICE_KEY,
      'egress-ip': EGRESS,
      registry: 'private.us.icr.io',
      'iam-endpoint': fake.iamUrl,
      'user-management-endpoint': fake.umUrl,
      'cbr-endpoint': fake.cbrUrl
    }
    const routed = await runPreflight(parseSettings(base, {}), {
      machine: { interfaces: dockerRunner, routeTo: () => Promise.resolve('10.240.7.7') }
    })
    expect(routed.subjects).toEqual([{ address: '10.240.7.7', role: 'private-source' }])
    const none = await runPreflight(parseSettings(base, {}), {
      machine: { interfaces: () => ({ docker0: [nic('172.17.0.1')] }), routeTo: () => Promise.resolve(undefined) }
    })
    const notFound = none.findings.find((f) => f.code === 'PRIVATE_IP_NOT_FOUND')
    expect(notFound?.message).toContain('172.17.0.1 (docker0: a container or virtual bridge')
    expect(none.result).toBe('unknown')
  })
})

describe('enterprise-managed lists', () => {
  it('checks the list IAM applies (the template), names the template, and points the fix at it', async () => {
    ibm = await startFakeIbm({
      keys: { [SERVICE_KEY]: { iamId: 'iam-ServiceId-0f1e2d3c', accountId: ACCOUNT } },
      accounts: { [ACCOUNT]: '203.0.113.0/24' },
      templates: { [ACCOUNT]: { id: 'tpl-9', name: 'corp-baseline', version: 2, list: '198.51.100.0/24' } }
    })
    const r = await run({ apikey: SERVICE_KEY, 'egress-ip': EGRESS }, ibm)
    expect(r.findings.find((f) => f.code === 'LIST_FROM_TEMPLATE')?.message).toContain('"corp-baseline" (version 2)')
    const refused = r.findings.find(
      (f) => f.code === 'TOKEN_GRANTED_LIST_DISAGREES' || f.code === 'ADDRESS_NOT_ALLOWED'
    )
    expect(fixText(refused)).toContain('enterprise settings template "corp-baseline"')
    expect(fixText(refused)).not.toContain('account-settings-update')
  })

  it("falls back to the account's own list, with a notice, when the effective settings are not readable", async () => {
    const fake = await setup('203.0.113.0/24')
    fake.failAlways('effective', { status: 403 })
    const r = await run({ apikey: SERVICE_KEY, 'egress-ip': EGRESS }, fake)
    expect(r.findings.map((f) => f.code)).toContain('LIST_EFFECTIVE_UNREADABLE')
    expect(r.matches.find((m) => m.level === 'account')).toMatchObject({ status: 'allowed', entry: '203.0.113.0/24' })
    expect(r.result).toBe('pass')
  })
})

describe('an IAM error is an address refusal only when it speaks of IP restrictions or of this runner', () => {
  it("confirms a refusal whose message only names an address when that address is the runner's", async () => {
    const fake = await setup('198.51.100.0/24')
    fake.setClientAddress(EGRESS)
    fake.refuseAddresses({
      allowed: ['192.0.2.1'],
      status: 403,
      errorCode: 'NEW_CODE',
      errorMessage: 'Denied for {ip}.'
    })
    const r = await run({ apikey: SERVICE_KEY, 'egress-ip': EGRESS }, fake)
    expect(r.probe).toMatchObject({
      outcome: 'refused-address',
      errorCode: 'NEW_CODE',
      errorMessage: `Denied for ${EGRESS}.`
    })
    expect(r.result).toBe('fail')
  })

  it('keeps a version-like literal that is not the runner as a plain error, raw code and text shown', async () => {
    const fake = await setup('203.0.113.0/24')
    fake.failAlways('token', {
      status: 400,
      body: { errorCode: 'BXNIM0777E', errorMessage: 'SDK 2.4.1.0 is not supported.' }
    })
    const r = await run({ apikey: SERVICE_KEY, 'egress-ip': EGRESS }, fake)
    expect(r.probe).toMatchObject({ outcome: 'error', errorCode: 'BXNIM0777E' })
    expect(r.findings.map((f) => f.code)).toContain('TOKEN_ERROR')
    expect(r.findings.map((f) => f.code)).not.toContain('TOKEN_REFUSED_ADDRESS')
  })

  it('treats a 503 that mentions IP restrictions as IAM being unreachable (unknown), not as a refusal', async () => {
    const fake = await setup('198.51.100.0/24')
    fake.failAlways('token', {
      status: 503,
      body: { errorCode: 'X', errorMessage: `IP ${EGRESS} restricted: service unavailable` }
    })
    const r = await run({ apikey: SERVICE_KEY, 'egress-ip': EGRESS, 'timeout-seconds': '3' }, fake)
    expect(r.probe?.outcome).toBe('unreachable')
    expect(r.findings.map((f) => f.code)).not.toContain('TOKEN_REFUSED_ADDRESS')
    expect(r.result).toBe('unknown')
  })
})

describe('network zones with exclusions that cannot be read', () => {
  it('does not let a zone allow what its unreadable exclusion was meant to leave out', async () => {
    const fake = await setup('ci-zone')
    fake.addZone({
      accountId: ACCOUNT,
      name: 'ci-zone',
      addresses: [{ type: 'subnet', value: '203.0.113.0/24' }],
      excluded: [{ type: 'subnet', value: '203.0.113.64/33' }]
    })
    const r = await run({ apikey: SERVICE_KEY, 'egress-ip': EGRESS, 'fail-on': 'never' }, fake)
    expect(r.findings.find((f) => f.code === 'ZONE_UNRESOLVED')?.message).toContain(
      'so what the zone leaves out is not known'
    )
    expect(r.matches.find((m) => m.level === 'account')?.status).toBe('not-allowed')
  })
})
