/**
 * Container Registry's context-based restrictions, the bundled action run as the runner runs it with a key
 * against the loopback IBM fake: an enforced rule that refuses the egress fails the run, a report-mode one
 * warns, a rule whose zone holds the egress passes, a 403 on the rules names both causes. No key or token
 * anywhere the step wrote.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { registryRule, startFakeIbm, type FakeIbm, type FakeRule } from '../fakes/fake-ibm.js'
import { runAction, type RunResult } from '../harness/runner.js'

const ACCOUNT = 'c0ffee00c0ffee00c0ffee00c0ffee00'
const KEY = 'e2e-cbr-key-Hq4Wm8Zt2Lp6Vx0R'
const EGRESS = '203.0.113.77'
let ibm: FakeIbm
let runners: string
let office: string

// A fresh fake per test: the fake keeps the rules it is given.
beforeEach(async () => {
  ibm = await startFakeIbm({
    keys: { [KEY]: { iamId: 'iam-ServiceId-cbr-e2e', accountId: ACCOUNT } },
    accounts: { [ACCOUNT]: `${EGRESS}/32` }
  })
  runners = ibm.addZone({
    accountId: ACCOUNT,
    name: 'ci runners',
    addresses: [{ type: 'subnet', value: '203.0.113.0/24' }]
  })
  office = ibm.addZone({
    accountId: ACCOUNT,
    name: 'office',
    addresses: [{ type: 'ipAddress', value: '198.51.100.7' }]
  })
})
afterEach(async () => ibm.close())

async function run(
  more: Record<string, string> = {}
): Promise<RunResult & { report: Record<string, unknown> & { cbr?: { checks: unknown[] } } }> {
  const r = await runAction({
    inputs: {
      apikey: KEY,
      registry: 'us.icr.io/team-a/app',
      'egress-ip': EGRESS,
      'timeout-seconds': '10',
      'iam-endpoint': ibm.iamUrl,
      'user-management-endpoint': ibm.umUrl,
      'cbr-endpoint': ibm.cbrUrl,
      ...more
    },
    env: { RUNNER_ENVIRONMENT: 'self-hosted' }
  })
  expect(r.everything).not.toContain(KEY)
  for (const t of ibm.issuedTokens) {
    expect(r.everything).not.toContain(t)
    expect(r.everything).not.toContain(t.split('.')[2])
  }
  expect(r.stderr.trim()).toBe('')
  return { ...r, report: JSON.parse(r.outputs.report ?? '{}') }
}

/** Stores the rules in the fake. */
function withRules(...rules: FakeRule[]): void {
  for (const rule of rules) ibm.addRule(rule)
}

describe('dist/index.js: context-based restrictions on Container Registry', () => {
  it('an enforced rule that refuses the egress: fail, CBR_DENIED naming the rule, the zone-update line', async () => {
    withRules(
      registryRule(ACCOUNT, { id: 'deny-rule-1', description: 'Only the office', zones: [office], region: 'us-south' })
    )
    const r = await run()
    expect(r.code).toBe(1)
    expect(r.outputs.result).toBe('fail')
    const denied = r.annotations.find((a) => a.properties.title === 'A context-based restriction refuses this runner')
    expect(denied?.level).toBe('error')
    expect(denied?.message).toContain('rule deny-rule-1 ("Only the office")')
    expect(denied?.message).toContain(`${EGRESS} is not in zone "office" (${office})`)
    expect(r.summary).toContain('`CBR_DENIED`')
    expect(r.summary).toContain(
      `ibmcloud cbr zone-update '${office}' --name 'office' --addresses '198.51.100.7,${EGRESS}'`
    )
    expect(r.report.cbr).toMatchObject({
      status: 'read',
      rulesRead: 1,
      checks: [{ ruleId: 'deny-rule-1', host: 'us.icr.io', outcome: 'denies' }]
    })
    const rulesRead = ibm.requestsTo('rules')
    expect(rulesRead[0]!.path).toBe(`/v1/rules?account_id=${ACCOUNT}&service_name=container-registry`)
    expect(ibm.requestsTo('zone').map((q) => q.path)).toEqual([`/v1/zones/${office}`])
  })

  it('the same rule in report mode: a warning, the gate passes', async () => {
    withRules(registryRule(ACCOUNT, { id: 'report-rule', zones: [office], mode: 'report' }))
    const r = await run()
    expect(r.code).toBe(0)
    expect(r.outputs.result).toBe('pass')
    const warning = r.annotations.find(
      (a) => a.properties.title === 'A context-based restriction would refuse this runner (report mode)'
    )
    expect(warning?.level).toBe('warning')
    expect(warning?.message).toContain('rule report-rule')
    expect(r.summary).toContain('`CBR_DENIED_REPORT`')
  })

  it('a rule whose zone holds the egress (several zone ids, comma-separated): pass, no CBR finding', async () => {
    withRules(
      registryRule(ACCOUNT, {
        id: 'allow-rule',
        contexts: [
          [
            ['networkZoneId', `${office}, ${runners}`],
            ['endpointType', 'public']
          ]
        ]
      })
    )
    const r = await run()
    expect(r.code).toBe(0)
    expect(r.outputs.result).toBe('pass')
    expect(r.summary).not.toContain('CBR_')
    expect(r.report.cbr).toMatchObject({
      checks: [{ ruleId: 'allow-rule', outcome: 'allows', contexts: [{ outcome: 'allows' }] }]
    })
  })

  it('403 on the rules: CBR_UNREADABLE naming the role and a rule protecting CBR itself; the gate passes', async () => {
    withRules()
    ibm.failAlways('rules', { status: 403 })
    const r = await run()
    expect(r.code).toBe(0)
    const unreadable = r.annotations.find((a) => a.properties.title === 'Context-based restrictions not checked')
    expect(unreadable?.level).toBe('warning')
    expect(unreadable?.message).toMatch(/HTTP 403/)
    expect(unreadable?.message).toMatch(/Viewer role .*Context-based restrictions service/)
    expect(unreadable?.message).toMatch(/rule that protects the Context-based restrictions service itself/)
    expect(r.report.cbr).toMatchObject({ status: 'unreadable', forbidden: true })
  })

  it('rules over several pages (an INVENTED paging form): the refusing rule on the last page still fails the run', async () => {
    const filler = Array.from({ length: 4 }, (_, i) => registryRule(ACCOUNT, { id: `open-${i}`, contexts: [[]] }))
    withRules(...filler, registryRule(ACCOUNT, { id: 'last-page-deny', zones: [office] }))
    ibm.setRulePaging({ style: 'href', size: 2 })
    const r = await run()
    expect(r.code).toBe(1)
    expect(ibm.requestsTo('rules')).toHaveLength(3)
    expect(r.annotations.some((a) => a.level === 'error' && a.message.includes('rule last-page-deny'))).toBe(true)
  })

  it('a namespace rule when the inputs name no namespace: CBR_MAY_APPLY, the gate passes', async () => {
    withRules(registryRule(ACCOUNT, { id: 'ns-rule', namespace: 'team-a', zones: [office] }))
    const r = await run({ registry: 'us.icr.io' })
    expect(r.code).toBe(0)
    const maybe = r.annotations.find((a) => a.properties.title === 'A context-based restriction may refuse this runner')
    expect(maybe?.message).toMatch(/only namespace team-a, and the inputs do not say which namespace this job uses/)
  })
})
