/**
 * The registry login against the loopback fake registry (plain http on 127.0.0.1: the realm is the very origin
 * asked, which the realm rule allows), through the real HTTP client: every answer of facts §8, faults, and the
 * rule that the key goes nowhere but the realm.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createHttpClient } from '../../../../../src/engine/evidence/http/client.js'
import type { HttpClient } from '../../../../../src/engine/evidence/http/http-client.js'
import { loginToRegistry } from '../../../../../src/engine/evidence/registry/login.js'
import type { RegistryTarget } from '../../../../../src/engine/settings/registries.js'
import { startFakeRegistry, WORDS, type FakeRegistry, type HostBehaviour } from '../../../../fakes/fake-registry.js'

const KEY = 'reg-unit-key-9Yt7Ws5Qa3Zx1Cv8Bn6M'
let registry: FakeRegistry
let sent: Array<{ url: string; authorization?: string }>
let secrets: string[]
let logs: string[]

beforeAll(async () => {
  registry = await startFakeRegistry({ keys: [KEY] })
})
afterAll(async () => registry.close())
beforeEach(() => {
  sent = []
  secrets = []
  logs = []
  registry.setHost('127.0.0.1', {})
})

/** The real client, recording every request it is asked to make (URL and Authorization), with no retry waits. */
function client(timeoutMs = 2000): HttpClient {
  const http = createHttpClient({ deadline: Date.now() + 10_000, timeoutMs, sleep: async () => undefined })
  return {
    remainingMs: () => http.remainingMs(),
    request: (method, url, options) => {
      sent.push({ url, authorization: options?.headers?.Authorization })
      return http.request(method, url, options)
    }
  }
}

function login(behaviour: HostBehaviour, target: Partial<RegistryTarget> = {}, apikey = KEY, http = client()) {
  registry.setHost('127.0.0.1', behaviour)
  const t: RegistryTarget = {
    raw: 'us.icr.io/ns/app',
    host: 'us.icr.io',
    private: false,
    region: 'us-south',
    repository: 'ns/app',
    ...target
  }
  return loginToRegistry(http, {
    target: t,
    base: registry.url,
    apikey,
    log: (l) => logs.push(l),
    onSecret: (s) => secrets.push(s)
  })
}

/** Neither the key nor a token, in any form the tests know, anywhere in the result or the trail. */
function expectClean(value: unknown): void {
  const text = JSON.stringify(value) + logs.join('\n')
  for (const s of [KEY, Buffer.from(`iamapikey:${KEY}`).toString('base64'), ...registry.issuedTokens])
    expect(text).not.toContain(s)
}

describe('loginToRegistry: granted', () => {
  it.each(['quoted', 'unquoted'] as const)(
    '%s challenge: the documented two requests, Basic iamapikey:KEY to the realm only',
    async (challenge) => {
      const r = await login({ challenge }, { access: 'push' })
      expect(r).toMatchObject({
        host: 'us.icr.io',
        outcome: 'granted',
        step: 'token',
        httpStatus: 200,
        scope: 'repository:ns/app:pull,push',
        grantedActions: ['pull', 'push']
      })
      expect(sent.map((s) => new URL(s.url).pathname)).toEqual(['/v2/', '/oauth/token'])
      expect(sent[0]!.authorization).toBeUndefined()
      expect(sent[1]!.authorization).toBe(`Basic ${Buffer.from(`iamapikey:${KEY}`).toString('base64')}`)
      const q = new URL(sent[1]!.url).searchParams
      expect([q.get('service'), q.getAll('scope')]).toEqual(['registry', ['repository:ns/app:pull,push']])
      expect(secrets).toEqual([registry.issuedTokens.at(-1)])
      expectClean(r)
    }
  )

  it('asks pull alone for a job that only pulls', async () => {
    const r = await login({}, { access: 'pull' })
    expect(r).toMatchObject({ outcome: 'granted', scope: 'repository:ns/app:pull', grantedActions: ['pull'] })
  })

  it('asks no scope when no repository is known, and does not guess the actions', async () => {
    const r = await login({}, { repository: undefined })
    expect(r.outcome).toBe('granted')
    expect(r.scope).toBeUndefined()
    expect(r.grantedActions).toBeUndefined()
    expect(new URL(sent[1]!.url).searchParams.has('scope')).toBe(false)
  })

  it('a token without push (access_token field) for a job that pushes: granted, with the actions it names', async () => {
    const r = await login({ token: 'grant-pull-only' }, { access: 'push' })
    expect(r).toMatchObject({ outcome: 'granted', grantedActions: ['pull'] })
  })

  it('an opaque token: granted, the actions not known', async () => {
    const r = await login({ token: 'grant-opaque' }, { access: 'push' })
    expect(r.outcome).toBe('granted')
    expect(r.grantedActions).toBeUndefined()
    expectClean(r)
  })

  it("the job's use not known: pull,push refused as not authorized, then pull alone granted (narrowed)", async () => {
    const r = await login({ token: 'refuse-push' })
    expect(r).toMatchObject({
      outcome: 'granted',
      narrowedToPull: true,
      scope: 'repository:ns/app:pull',
      grantedActions: ['pull']
    })
    expect(sent.map((s) => new URL(s.url).searchParams.get('scope'))).toEqual([
      null,
      'repository:ns/app:pull,push',
      'repository:ns/app:pull'
    ])
  })

  it('a job that pushes is not narrowed: not authorized, in the registry words', async () => {
    const r = await login({ token: 'refuse-push' }, { access: 'push' })
    expect(r).toMatchObject({ outcome: 'not-authorized', httpStatus: 401, registryMessage: WORDS.insufficientScope })
    expect(sent).toHaveLength(2)
  })
})

describe('loginToRegistry: refusals in IBM words', () => {
  it.each([
    ['private-only', { token: 'private-only' }, 'private-only', 403, WORDS.privateOnly],
    ['private-only already at GET /v2/', { challenge: 'private-only' }, 'private-only', 403, WORDS.privateOnly],
    ['not authorized', { token: 'not-authorized' }, 'not-authorized', 403, WORDS.notAuthorized],
    ['pull traffic quota', { token: 'quota-traffic' }, 'quota', 403, WORDS.quotaTraffic],
    ['storage quota (another envelope)', { token: 'quota-storage' }, 'quota', 403, WORDS.quotaStorage],
    ['credentials', { token: 'credentials' }, 'credentials-refused', 401, WORDS.credentials],
    [
      "Docker's plain-text line",
      { token: 'plain-text-denied' },
      'not-authorized',
      403,
      `denied: ${WORDS.notAuthorized}`
    ]
  ] as Array<[string, HostBehaviour, string, number, string]>)('%s', async (_, behaviour, outcome, status, words) => {
    const r = await login(behaviour, { access: 'push' })
    expect(r).toMatchObject({ outcome, httpStatus: status, registryMessage: words })
    expectClean(r)
  })

  it('a key the registry does not know: credentials refused, with its code', async () => {
    const r = await login({}, {}, 'some-other-key-0000000000000000')
    expect(r).toMatchObject({
      outcome: 'credentials-refused',
      step: 'token',
      httpStatus: 401,
      registryCode: 'UNAUTHORIZED',
      registryMessage: WORDS.credentials
    })
  })

  it('a registry that quotes the key back: its words kept, the key masked in every encoding', async () => {
    const r = await login({ token: 'echo-key' })
    expect(r.outcome).toBe('credentials-refused')
    expect(r.registryMessage).toContain(WORDS.credentials)
    expect(r.registryMessage).toContain('***')
    expectClean(r)
  })
})

describe('loginToRegistry: faults and odd answers', () => {
  it('a reset at GET /v2/ after the retries: connection refused, with the attempts', async () => {
    const r = await login({ challenge: 'reset' })
    expect(r).toMatchObject({
      outcome: 'connection-refused',
      step: 'challenge',
      transportError: 'network',
      networkCode: 'ECONNRESET',
      attempts: 3
    })
    expect(r.detail).toMatch(/connection reset/)
  })

  it('a reset at the token request: connection refused there, the scope kept', async () => {
    const r = await login({ token: 'reset' }, { access: 'push' })
    expect(r).toMatchObject({
      outcome: 'connection-refused',
      step: 'token',
      networkCode: 'ECONNRESET',
      scope: 'repository:ns/app:pull,push'
    })
  })

  it('a refused port: connection refused', async () => {
    const http = client()
    const t: RegistryTarget = { raw: 'us.icr.io', host: 'us.icr.io', private: false }
    const r = await loginToRegistry(http, { target: t, base: 'http://127.0.0.1:9', apikey: KEY, log: () => undefined })
    expect(r).toMatchObject({ outcome: 'connection-refused', networkCode: 'ECONNREFUSED' })
  })

  it('a hang: unreachable (timeout), bounded by the client', async () => {
    const started = Date.now()
    const r = await login({ token: 'hang' }, {}, KEY, client(150))
    expect(r).toMatchObject({ outcome: 'unreachable', step: 'token', transportError: 'timeout' })
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('503 to the end: unreachable, busy', async () => {
    const r = await login({ token: 'busy' })
    expect(r).toMatchObject({ outcome: 'unreachable', httpStatus: 503, attempts: 3, registryCode: 'UNAVAILABLE' })
  })

  it.each([
    [
      'no challenge but Basic',
      { challenge: 'no-bearer' },
      /401 with a challenge that is not Bearer: the key was not sent/
    ],
    [
      'a realm on another host',
      { challenge: 'foreign-realm' },
      /auth\.example\.com, which is not an IBM Cloud Container Registry host: the key was not sent there/
    ],
    [
      'a realm over plain http elsewhere',
      { challenge: 'http-realm' },
      /the realm is not https \(http\): the key was not sent there/
    ],
    ['HTML instead of the challenge', { challenge: 'html' }, /GET \/v2\/ answered 200 without asking for credentials/]
  ] as Array<[string, HostBehaviour, RegExp]>)(
    '%s: unexpected, and the key is never sent',
    async (_, behaviour, detail) => {
      const r = await login(behaviour)
      expect(r).toMatchObject({ outcome: 'unexpected', step: 'challenge' })
      expect(r.detail).toMatch(detail)
      expect(sent).toHaveLength(1)
      expect(sent.every((s) => s.authorization === undefined)).toBe(true)
    }
  )

  it('HTML where the token JSON was expected: unexpected, described, never quoted', async () => {
    const r = await login({ token: 'html' })
    expect(r).toMatchObject({ outcome: 'unexpected', step: 'token', httpStatus: 200 })
    expect(r.detail).toBe('the token request answered HTTP 200 with HTML page where JSON was expected')
  })

  it('logs each step by origin, never the key, a token or the repository', async () => {
    await login({}, { access: 'push' })
    expect(logs).toEqual([
      `registry us.icr.io: Bearer challenge, realm ${registry.url}, service registry`,
      'registry us.icr.io: token request (scope pull,push): granted (HTTP 200)'
    ])
  })
})
