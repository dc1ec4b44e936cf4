/**
 * The probes of a run, in-process, the way the engine makes them: real registry names (`us.icr.io`, …) asked
 * at `https://HOST`, reaching the TLS fake registry only through the test proxy (HTTPS_PROXY), trusted
 * through the TEST-ONLY registry CA. What is skipped and why, one login per host, the private-only reads after
 * IAM's token, and the logins started before it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHttpClient } from '../../../../../src/engine/evidence/http/client.js'
import type { TokenResult } from '../../../../../src/engine/evidence/iam/token.js'
import { probeRegistries } from '../../../../../src/engine/evidence/registry/probes.js'
import { parseSettings, type Settings } from '../../../../../src/engine/settings/settings.js'
import { type RawInputs } from '../../../../../src/engine/settings/defaults.js'
import { REGISTRY_CA, startFakeRegistry, type FakeRegistry } from '../../../../fakes/fake-registry.js'
import { startProxy, withProxyEnv, type TestProxy } from '../../../../fakes/proxy.js'

const KEY = 'probes-unit-key-4Rt6Yu8Io0Pa2Sd'
const IAM_TOKEN = 'iam-token-probes-unit-abcdefghijkl'
const ACCOUNT = 'acc-probes'
let registry: FakeRegistry
let proxy: TestProxy

beforeAll(async () => {
  registry = await startFakeRegistry({
    keys: [KEY],
    tls: true,
    iamAccount: (t) => (t === IAM_TOKEN ? ACCOUNT : undefined)
  })
  const names = ['us.icr.io', 'private.us.icr.io', 'de.icr.io', 'icr.io', 'cp.icr.io', 'dd0.icr.io']
  proxy = await startProxy(Object.fromEntries(names.map((n) => [n, registry.port])))
})
afterAll(async () => Promise.all([registry.close(), proxy.close()]))

const granted: TokenResult = {
  probe: { outcome: 'granted', httpStatus: 200, accountId: ACCOUNT },
  accessToken: IAM_TOKEN
}

async function probe(
  raw: RawInputs,
  token: Promise<TokenResult | undefined> = Promise.resolve(granted),
  edit?: (s: Settings) => Settings
) {
  const base = parseSettings({ apikey: KEY, 'egress-ip': '203.0.113.7', ...raw }, {})
  const settings = edit ? edit(base) : base
  const http = createHttpClient({
    deadline: Date.now() + 10_000,
    timeoutMs: 3000,
    ca: REGISTRY_CA,
    sleep: async () => undefined
  })
  const log: string[] = []
  const secrets: string[] = []
  const result = await withProxyEnv({ https: proxy.url }, () =>
    probeRegistries(http, settings, token, { log: (l) => log.push(l), onSecret: (s) => secrets.push(s) })
  )
  const text = JSON.stringify(result) + log.join('\n')
  for (const s of [KEY, IAM_TOKEN, ...registry.issuedTokens]) expect(text).not.toContain(s)
  return { result, log, secrets }
}

describe('probeRegistries: what is skipped, and why', () => {
  it.each([
    ["'probe-registry' is false", { registry: 'us.icr.io', 'probe-registry': 'false' }, "'probe-registry' is false"],
    [
      'no key (auto)',
      { registry: 'us.icr.io', apikey: '' },
      "no 'apikey': the registry login (user iamapikey) needs the API key"
    ],
    ['no registry (true)', { 'probe-registry': 'true' }, "no registry is named in 'registry' or found in the workflow"]
  ] as Array<[string, RawInputs, string]>)('%s: nothing is asked', async (_, raw, why) => {
    const before = [registry.requests.length, proxy.seen.length]
    const { result, log } = await probe(raw)
    expect(result).toEqual({ mode: raw['probe-registry'] ?? 'auto', skipped: why, logins: [], privateOnly: [] })
    expect([registry.requests.length, proxy.seen.length]).toEqual(before)
    expect(log).toEqual([`registry probe: skipped (${why})`])
  })
})

describe('probeRegistries: the logins and the private-only reads', () => {
  it('logs in to each host through the proxy, skips cp.icr.io and the CDN host, reads us-south once', async () => {
    registry.setHost('us.icr.io', { token: 'grant', privateOnly: false })
    registry.setHost('private.us.icr.io', { challenge: 'unquoted' })
    const from = proxy.seen.length
    const { result, secrets } = await probe({
      registry: 'us.icr.io/ns/app private.us.icr.io cp.icr.io/cp/x dd0.icr.io'
    })
    expect(result.logins.map((l) => [l.host, l.outcome])).toEqual([
      ['us.icr.io', 'granted'],
      ['private.us.icr.io', 'granted'],
      ['cp.icr.io', 'skipped'],
      ['dd0.icr.io', 'skipped']
    ])
    expect(result.logins[2]!.detail).toMatch(/entitlement key/)
    expect(result.privateOnly).toEqual([
      { region: 'us-south', host: 'us.icr.io', outcome: 'disabled', httpStatus: 200, iamAuthz: true }
    ])
    expect(new Set(proxy.seen.slice(from).map((s) => `${s.method} ${s.host}:${s.port}`))).toEqual(
      new Set(['CONNECT us.icr.io:443', 'CONNECT private.us.icr.io:443'])
    )
    // Every registry token obtained was handed over for masking.
    expect(secrets).toHaveLength(2)
    expect(registry.issuedTokens).toEqual(expect.arrayContaining(secrets))
  })

  it('reads the private-only setting of each public region, and not for private hosts', async () => {
    registry.setHost('de.icr.io', { privateOnly: true })
    registry.setHost('us.icr.io', { privateOnly: 403 })
    const { result } = await probe({ registry: 'de.icr.io us.icr.io private.us.icr.io' })
    expect(result.privateOnly.map((p) => [p.region, p.outcome])).toEqual([
      ['eu-de', 'enabled'],
      ['us-south', 'could-not-check']
    ])
  })

  it('reads no private-only setting without an IAM token, an account, or a public host', async () => {
    const none = await probe({ registry: 'us.icr.io' }, Promise.resolve(undefined))
    expect(none.result).toMatchObject({ privateOnly: [], privateOnlySkipped: 'IAM granted no token to read it with' })
    const noAccount = await probe(
      { registry: 'us.icr.io' },
      Promise.resolve({ probe: { outcome: 'granted' }, accessToken: IAM_TOKEN })
    )
    expect(noAccount.result).toMatchObject({ privateOnly: [], privateOnlySkipped: 'the account is not known' })
    const given = await probe(
      { registry: 'us.icr.io', 'account-id': ACCOUNT },
      Promise.resolve({ probe: { outcome: 'granted' }, accessToken: IAM_TOKEN })
    )
    expect(given.result.privateOnly).toHaveLength(1)
    const onlyPrivate = await probe({ registry: 'private.us.icr.io' })
    expect(onlyPrivate.result.privateOnlySkipped).toMatch(/no public registry host/)
  })

  it('starts the logins before IAM has answered (they need no IAM token)', async () => {
    registry.setHost('us.icr.io', {})
    let answer: (t: TokenResult) => void = () => undefined
    const token = new Promise<TokenResult>((resolve) => (answer = resolve))
    const before = registry.requestsTo('us.icr.io').length
    const run = probe({ registry: 'us.icr.io/ns/app' }, token)
    // The login's two requests arrive while the IAM token is still pending.
    for (let i = 0; i < 200 && registry.requestsTo('us.icr.io').length < before + 2; i++)
      await new Promise((r) => setTimeout(r, 10))
    expect(
      registry
        .requestsTo('us.icr.io')
        .slice(before)
        .map((r) => r.path)
    ).toEqual(['/v2/', '/oauth/token'])
    answer(granted)
    const { result } = await run
    expect(result.logins[0]!.outcome).toBe('granted')
    expect(result.privateOnly).toHaveLength(1)
  })

  it('one login per host: the target naming a repository, push when any of its uses pushes', async () => {
    const { result } = await probe({ registry: 'us.icr.io' }, undefined, (s) => ({
      ...s,
      registries: [
        { raw: 'us.icr.io', host: 'us.icr.io', private: false, region: 'us-south' },
        {
          raw: 'us.icr.io/ns/app',
          host: 'us.icr.io',
          private: false,
          region: 'us-south',
          repository: 'ns/app',
          access: 'pull'
        },
        {
          raw: 'us.icr.io/ns/app:2',
          host: 'us.icr.io',
          private: false,
          region: 'us-south',
          repository: 'ns/app',
          access: 'push'
        }
      ]
    }))
    expect(result.logins).toHaveLength(1)
    expect(result.logins[0]).toMatchObject({
      host: 'us.icr.io',
      repository: 'ns/app',
      access: 'push',
      scope: 'repository:ns/app:pull,push'
    })
  })
})
