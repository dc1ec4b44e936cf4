/** The rules reader against the loopback fake: the documented single answer, every paging form, faults. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { MAX_RULES, readRegistryRules } from '../../../../../src/engine/evidence/cbr/rules.js'
import { createHttpClient } from '../../../../../src/engine/evidence/http/client.js'
import type { HttpClient } from '../../../../../src/engine/evidence/http/http-client.js'
import { requestToken } from '../../../../../src/engine/evidence/iam/token.js'
import { registryRule, startFakeIbm, type FakeIbm } from '../../../../fakes/fake-ibm.js'

const KEY = 'rules-key-0123456789abcdef'
const ACCOUNT = 'acc-r'
let ibm: FakeIbm
let token: string

function client(timeoutMs = 300): HttpClient {
  return createHttpClient({ deadline: Date.now() + 10_000, timeoutMs, sleep: async () => undefined })
}

const read = (t = token) => readRegistryRules(client(), ibm.cbrUrl, ACCOUNT, t)

beforeEach(async () => {
  ibm = await startFakeIbm({ keys: { [KEY]: { iamId: 'iam-ServiceId-r', accountId: ACCOUNT } } })
  for (let i = 0; i < 5; i++)
    ibm.addRule(registryRule(ACCOUNT, { id: `rule-${i}`, description: `rule ${i}`, zones: ['z1'] }))
  token = (await requestToken(client(), ibm.iamUrl, KEY)).accessToken as string
})
afterEach(async () => ibm.close())

describe('readRegistryRules', () => {
  it('asks for the account and container-registry with the token, and reads the one documented answer', async () => {
    ibm.addRule({
      accountId: ACCOUNT,
      id: 'kms-rule',
      resources: [{ attributes: [{ name: 'serviceName', value: 'kms' }] }],
      contexts: []
    })
    const r = await read()
    expect(r.error).toBeUndefined()
    if (r.error !== undefined) return
    expect(r.rules.map((x) => x.id)).toEqual(['rule-0', 'rule-1', 'rule-2', 'rule-3', 'rule-4'])
    expect(r.rules[0]).toEqual({
      id: 'rule-0',
      description: 'rule 0',
      enforcementMode: 'enabled',
      contexts: [{ attributes: [{ name: 'networkZoneId', value: 'z1' }] }],
      resources: [
        {
          attributes: [
            { name: 'accountId', value: ACCOUNT },
            { name: 'serviceName', value: 'container-registry' }
          ],
          tags: []
        }
      ]
    })
    expect(r).toMatchObject({ pages: 1, malformed: [] })
    expect(r).not.toHaveProperty('incomplete')
    const [req] = ibm.requestsTo('rules')
    expect(req!.path).toBe(`/v1/rules?account_id=${ACCOUNT}&service_name=container-registry`)
    expect(req!.headers.authorization).toBe(`Bearer ${token}`)
  })

  it('a missing enforcement_mode is read as enabled (the SDK documents that default)', async () => {
    ibm.addRule({ ...registryRule(ACCOUNT, { id: 'no-mode' }), enforcement_mode: undefined })
    const r = await read()
    expect(r.error === undefined && r.rules.find((x) => x.id === 'no-mode')?.enforcementMode).toBe('enabled')
  })

  it.each([
    ['href', 2, 3],
    ['start', 2, 3],
    ['offset', 2, 3],
    ['href', 5, 1]
  ] as const)('follows %s paging (page size %i): every rule once, %i pages', async (style, size, pages) => {
    ibm.setRulePaging({ style, size })
    const r = await read()
    expect(r.error === undefined && r.rules.map((x) => x.id)).toEqual([
      'rule-0',
      'rule-1',
      'rule-2',
      'rule-3',
      'rule-4'
    ])
    expect(r).toMatchObject({ pages })
    for (const req of ibm.requestsTo('rules')) expect(req.headers.authorization).toBe(`Bearer ${token}`)
  })

  it('never sends the token to a next page on another host: the rules read so far, and why it stopped', async () => {
    ibm.setRulePaging({ style: 'foreign-href', size: 2 })
    const r = await read()
    expect(r.error === undefined && r.rules).toHaveLength(2)
    expect(r).toMatchObject({ incomplete: expect.stringMatching(/next page on another host \(other\.invalid:1\)/) })
    expect(ibm.requestsTo('rules')).toHaveLength(1)
  })

  it('an endless pager stops at the page cap and says so', async () => {
    ibm.setRulePaging({ style: 'endless', size: 1 })
    const r = await read()
    expect(r).toMatchObject({ pages: 20, incomplete: 'the rules came in more than 20 pages; the rest were not read' })
    expect(ibm.requestsTo('rules')).toHaveLength(20)
  })

  it('a later page that fails: the rules so far, and the reason', async () => {
    const next = { href: `${ibm.cbrUrl}/v1/rules?account_id=${ACCOUNT}&start=2` }
    ibm.failNext(
      'rules',
      { status: 200, body: { count: 1, rules: [registryRule(ACCOUNT, { id: 'r' })], next } },
      { status: 404 }
    )
    const r = await read()
    expect(r.error === undefined && r.rules.map((x) => x.id)).toEqual(['r'])
    expect(r).toMatchObject({
      incomplete: expect.stringMatching(/^page 2 could not be read \(.*HTTP 404/)
    })
  })

  it('a next field in an unknown form is not guessed at', async () => {
    ibm.failNext('rules', { status: 200, body: { count: 0, rules: [], next: 42 } })
    expect(await read()).toMatchObject({
      incomplete: 'the answer has a next-page field in a form the preflight does not know'
    })
  })

  it('403: unreadable, forbidden, naming both causes (the role and a rule on CBR itself)', async () => {
    ibm.failNext('rules', { status: 403 })
    const r = await read()
    expect(r).toMatchObject({ forbidden: true })
    expect(r.error).toMatch(/HTTP 403/)
    expect(r.error).toMatch(/Viewer role .* Context-based restrictions service/)
    expect(r.error).toMatch(/rule that protects the Context-based restrictions service itself/)
  })

  it('other faults: unreadable, not forbidden, never throws, no token in the error', async () => {
    ibm.failNext('rules', { status: 500 }, { status: 500 }, { status: 500 })
    expect(await read()).toMatchObject({
      forbidden: false,
      error: expect.stringMatching(/HTTP 500 \(IBM service error\) after 3 attempts/)
    })
    ibm.failNext('rules', 'malformed-json')
    expect((await read()).error).toMatch(/not a JSON object/)
    ibm.failNext('rules', { status: 200, body: { count: 0 } })
    expect((await read()).error).toMatch(/no rules array/)
    expect((await read('not-a-token')).error).toMatch(/HTTP 401/)
    ibm.failAlways('rules', 'hang')
    const hung = await readRegistryRules(client(150), ibm.cbrUrl, ACCOUNT, token)
    expect(hung.error).toMatch(/^could not read the context-based restrictions rules of account acc-r: timeout/)
    expect(JSON.stringify(hung)).not.toContain(token)
  })

  it('rules whose shape cannot be trusted are set aside with the reason; the others are kept', async () => {
    const good = registryRule(ACCOUNT)
    const raws: unknown[] = [
      'a string',
      { contexts: [], resources: [] },
      { id: 'no-contexts', resources: good.resources },
      { id: 'no-resources', contexts: [], resources: [] },
      { id: 'bad-context', contexts: [{ attributes: 'x' }], resources: good.resources },
      {
        id: 'bad-attribute',
        contexts: [{ attributes: [{ name: 'networkZoneId', value: 7 }] }],
        resources: good.resources
      },
      { id: 'bad-tags', contexts: [], resources: [{ attributes: [], tags: {} }] },
      { id: 'bad-mode', contexts: [], resources: good.resources, enforcement_mode: true },
      {
        id: 'huge',
        contexts: [{ attributes: [{ name: 'networkZoneId', value: 'z'.repeat(5000) }] }],
        resources: good.resources
      }
    ]
    for (const raw of raws) ibm.addRule({ accountId: ACCOUNT, raw })
    const r = await read()
    expect(r.error === undefined && r.rules).toHaveLength(5)
    expect(r.error === undefined && r.malformed).toEqual([
      'rule #6 is not an object',
      'rule #7 has no id',
      'rule no-contexts has no contexts array',
      'rule no-resources names no resources',
      'rule bad-context has a context without an attributes array',
      'rule bad-attribute has a context without an attributes array',
      'rule bad-tags has resource tags that are not an array of attributes',
      'rule bad-mode has an enforcement_mode that is not a string',
      'rule huge has a context without an attributes array'
    ])
  })

  it(`keeps at most ${MAX_RULES} rules and says the rest were not read`, async () => {
    for (let i = 0; i < MAX_RULES; i++) ibm.addRule(registryRule(ACCOUNT, { id: `bulk-${i}` }))
    const r = await read()
    expect(r.error === undefined && r.rules.length).toBe(MAX_RULES)
    expect(r).toMatchObject({ incomplete: `more than ${MAX_RULES} rules; the rest were not read` })
  })
})
