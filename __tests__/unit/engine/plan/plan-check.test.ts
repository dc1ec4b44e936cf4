import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import type { Evidence } from '../../../../src/engine/evidence/gather.js'
import { findingsFor } from '../../../../src/engine/findings/index.js'
import { readPlanEvidence } from '../../../../src/engine/plan/evidence.js'
import { readPlan } from '../../../../src/engine/plan/read.js'
import { parseMustAllow, parsePlanPath } from '../../../../src/engine/settings/plan-inputs.js'
import { parseSettings } from '../../../../src/engine/settings/settings.js'
import { evaluatePlan } from '../../../../src/engine/verdict/plan.js'
import { matchSubjects } from '../../../../src/engine/verdict/match.js'

const fixtures = path.resolve('__fixtures__/plans')
const mixed = readFileSync(path.join(fixtures, 'mixed.json'), 'utf8')

function evidence(extra: Partial<Evidence> = {}): Evidence {
  return {
    needs: { public: true, private: false },
    egress: { addresses: ['198.51.100.7'], primary: '198.51.100.7', answers: [], fromInput: true },
    lists: [],
    accountUnknown: false,
    privateSources: [],
    probeOver: 'public',
    ...extra
  }
}

describe('plan inputs', () => {
  it('reads labelled addresses, CIDRs and ranges, and refuses junk naming the input', () => {
    const m = parseMustAllow('runners=203.0.113.0/28, 192.0.2.10-192.0.2.20\n198.51.100.7')
    expect(m.map((s) => [s.text, s.label])).toEqual([
      ['203.0.113.0/28', 'runners'],
      ['192.0.2.10-192.0.2.20', 'runners'],
      ['198.51.100.7', undefined]
    ])
    expect(() => parseMustAllow('1.2.3')).toThrow(/Input 'must-allow' holds "1.2.3"/)
  })

  it('keeps the plan path inside the workspace', () => {
    expect(parsePlanPath('plan.json', { GITHUB_WORKSPACE: '/w' })?.full).toBe('/w/plan.json')
    expect(() => parsePlanPath('../etc/passwd', { GITHUB_WORKSPACE: '/w' })).toThrow(/outside the workspace/)
    expect(parsePlanPath('', {})).toBeUndefined()
  })
})

describe('plan reader', () => {
  it('reads lists, zones and rules, keeping unknown-until-apply values unknown', () => {
    const read = readPlan(mixed)
    if (!read.ok) throw new Error(read.error)
    const { lists, zones, rules } = read.plan
    expect(lists.map((l) => [l.address, l.level, l.after.state])).toEqual([
      ['ibm_iam_user_settings.ci', 'user', 'unknown'],
      ['ibm_iam_account_settings_template.ent', 'template', 'known'],
      ['ibm_iam_account_settings.noop', 'account', 'known']
    ])
    expect(lists[0]?.iamId).toBe('IBMid-550000ABCD')
    expect(zones[0]?.after).toEqual({
      state: 'known',
      value: { name: 'ci-runners', include: ['203.0.113.0/28'], exclude: [] }
    })
    expect(rules.map((r) => r.address)).toEqual(['ibm_cbr_rule.registry', 'ibm_cbr_rule.old'])
    const after = rules[0]?.after
    expect(after?.state === 'known' ? after.value.contexts[0]?.[0] : undefined).toEqual({
      name: 'networkZoneId',
      refersTo: ['ibm_cbr_zone.ci.id', 'ibm_cbr_zone.ci']
    })
  })

  it('explains files that are not a 1.x plan, without throwing', () => {
    expect(readPlan('PK\u0003\u0004binary')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not JSON/) as unknown
    })
    expect(readPlan('{"format_version":"2.0"}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/"2.0"/) as unknown
    })
    expect(readPlan('{}')).toMatchObject({ ok: false, error: expect.stringMatching(/no format_version/) as unknown })
  })
})

describe('plan check', () => {
  it('finds the lock-out, names the removed entry and the .tf line', async () => {
    const workspace = path.join(fixtures, 'lockout')
    const settings = parseSettings(
      {
        'egress-ip': '198.51.100.7',
        plan: 'plan.json',
        'must-allow': 'runners=203.0.113.0/28\nstatic=192.0.2.10-192.0.2.20'
      },
      { GITHUB_WORKSPACE: workspace }
    )
    const ev = evidence({ plan: await readPlanEvidence(settings.plan!) })
    const findings = findingsFor(settings, ev, matchSubjects(ev))
    const locks = findings.filter((f) => f.code === 'PLAN_LOCKS_OUT')
    expect(locks).toHaveLength(2)
    expect(locks[0]).toMatchObject({
      subject: '203.0.113.0/28',
      location: { file: 'modules/iam/main.tf', line: 6 }
    })
    expect(locks[0]?.message).toContain('module.iam.ibm_iam_account_settings.this')
    expect(locks[0]?.message).toContain('"203.0.113.0/28"')
    expect(locks[1]?.message).toContain('not covered: 192.0.2.16-192.0.2.20')
    expect(findings.some((f) => f.subject === '198.51.100.7' && f.code.startsWith('PLAN_'))).toBe(false)
  })

  it('links a rule to a zone created in the same plan, and reports unknown values as such', () => {
    const read = readPlan(mixed)
    const settings = parseSettings({ 'egress-ip': '198.51.100.7', 'must-allow': '203.0.113.5' }, {})
    const ev = evidence({ plan: { shown: 'mixed.json', read, blocks: {} } })
    const rows = evaluatePlan(settings, ev)?.rows ?? []
    const at = (gate: string, subject: string) => rows.find((r) => r.gate === gate && r.subject.text === subject)
    expect(at('ibm_cbr_rule.registry', '203.0.113.5')?.after).toEqual({
      state: 'allowed',
      by: ['zone ibm_cbr_zone.ci']
    })
    expect(at('ibm_cbr_rule.registry', '198.51.100.7')?.after.state).toBe('refused')
    expect(at('ibm_iam_user_settings.ci', '203.0.113.5')?.after.state).toBe('unknown')
    // The no-op account list names the zone the plan creates: it changes with it.
    expect(at('ibm_iam_account_settings.noop', '203.0.113.5')?.after).toEqual({ state: 'allowed', by: ['ci-runners'] })
    const codes = findingsFor(settings, ev, matchSubjects(ev)).map((f) => f.code)
    expect(codes).toEqual(
      expect.arrayContaining(['PLAN_LOCKS_OUT', 'PLAN_UNKNOWN_UNTIL_APPLY', 'PLAN_NEWLY_ALLOWED', 'LIST_LINT_ANYWHERE'])
    )
  })

  it('turns an unreadable plan into an error finding', async () => {
    const settings = parseSettings(
      { 'egress-ip': '198.51.100.7', plan: 'missing.json' },
      { GITHUB_WORKSPACE: fixtures }
    )
    const ev = evidence({ plan: await readPlanEvidence(settings.plan!) })
    const f = findingsFor(settings, ev, matchSubjects(ev)).find((x) => x.code === 'PLAN_UNREADABLE')
    expect(f?.message).toMatch(/"missing.json" does not exist/)
  })
})
