/** Whether a rule covers a registry: applies, does not, or may (with why). */
import { describe, expect, it } from '@jest/globals'
import type { CbrAttribute, CbrRule } from '../../../../src/engine/evidence/cbr/rule-shape.js'
import { ruleScope } from '../../../../src/engine/verdict/cbr-scope.js'

const ACCOUNT = 'acc-s'
const base: CbrAttribute[] = [
  { name: 'accountId', value: ACCOUNT },
  { name: 'serviceName', value: 'container-registry' }
]
const rule = (...resources: Array<{ attributes: CbrAttribute[]; tags?: CbrAttribute[] }>): CbrRule => ({
  id: 'r',
  description: '',
  enforcementMode: 'enabled',
  contexts: [],
  resources: resources.map((r) => ({ attributes: r.attributes, tags: r.tags ?? [] }))
})
const attrs = (...extra: Array<[string, string, string?]>): CbrAttribute[] => [
  ...base,
  ...extra.map(([name, value, operator]) => (operator ? { name, value, operator } : { name, value }))
]
const US = { host: 'us.icr.io', region: 'us-south' }
const GLOBAL = { host: 'icr.io', region: 'global' }

describe('ruleScope', () => {
  it('account and service must match', () => {
    expect(ruleScope(rule({ attributes: base }), US, ACCOUNT)).toEqual({ scope: 'applies', reasons: [] })
    expect(ruleScope(rule({ attributes: base }), US, 'other')).toEqual({
      scope: 'no',
      reasons: [`it is for account ${ACCOUNT}`]
    })
    const kms = rule({
      attributes: [
        { name: 'accountId', value: ACCOUNT },
        { name: 'serviceName', value: 'kms' }
      ]
    })
    expect(ruleScope(kms, US, ACCOUNT)).toEqual({ scope: 'no', reasons: ['it is for the service kms'] })
  })

  it('region and geography', () => {
    const south = rule({ attributes: attrs(['region', 'us-south']) })
    expect(ruleScope(south, US, ACCOUNT).scope).toBe('applies')
    expect(ruleScope(south, { host: 'de.icr.io', region: 'eu-de' }, ACCOUNT)).toEqual({
      scope: 'no',
      reasons: ['it covers region us-south, not de.icr.io (eu-de)']
    })
    expect(ruleScope(south, GLOBAL, ACCOUNT).scope).toBe('no')
    expect(ruleScope(south, {}, ACCOUNT)).toEqual({
      scope: 'may-apply',
      reasons: ['it covers region us-south, and no registry was named']
    })
    const global = rule({ attributes: attrs(['geography', 'global']) })
    expect(ruleScope(global, GLOBAL, ACCOUNT).scope).toBe('applies')
    expect(ruleScope(global, US, ACCOUNT).scope).toBe('no')
    expect(ruleScope(global, {}, ACCOUNT).scope).toBe('may-apply')
    expect(ruleScope(rule({ attributes: attrs(['geography', 'eu']) }), US, ACCOUNT)).toEqual({
      scope: 'may-apply',
      reasons: ['it covers geography eu, which the Registry docs do not describe (only global, for icr.io)']
    })
  })

  it('namespaces: resourceType namespace covers every namespace; resource narrows it', () => {
    expect(ruleScope(rule({ attributes: attrs(['resourceType', 'namespace']) }), US, ACCOUNT).scope).toBe('applies')
    const ns = rule({ attributes: attrs(['resourceType', 'namespace'], ['resource', 'Team-A']) })
    expect(ruleScope(ns, { ...US, namespace: 'team-a' }, ACCOUNT).scope).toBe('applies')
    expect(ruleScope(ns, { ...US, namespace: 'team-b' }, ACCOUNT)).toEqual({
      scope: 'no',
      reasons: ['it covers namespace Team-A, not team-b']
    })
    expect(ruleScope(ns, US, ACCOUNT).reasons[0]).toMatch(/give an image reference such as us\.icr\.io\/Team-A\/app/)
    expect(ruleScope(rule({ attributes: attrs(['resourceType', 'repository']) }), US, ACCOUNT).scope).toBe('may-apply')
  })

  it('what the inputs cannot tell: other attributes, operators, access tags', () => {
    expect(ruleScope(rule({ attributes: attrs(['resourceGroupId', 'rg1']) }), US, ACCOUNT)).toEqual({
      scope: 'may-apply',
      reasons: ['its resource attribute resourceGroupId=rg1 cannot be checked from the inputs']
    })
    expect(ruleScope(rule({ attributes: attrs(['region', 'us-*', 'stringMatch']) }), US, ACCOUNT).reasons).toEqual([
      'its region attribute uses the operator stringMatch, which the preflight does not evaluate'
    ])
    expect(ruleScope(rule({ attributes: attrs(['region', 'us-south', 'stringEquals']) }), US, ACCOUNT).scope).toBe(
      'applies'
    )
    const tagged = rule({ attributes: base, tags: [{ name: 'env', value: 'prod' }] })
    expect(ruleScope(tagged, US, ACCOUNT).reasons).toEqual([
      'it covers only namespaces with the access tags env:prod, which the preflight does not read'
    ])
    // A definite "no" outweighs what cannot be told.
    expect(
      ruleScope(rule({ attributes: attrs(['region', 'eu-de'], ['resourceGroupId', 'rg1']) }), US, ACCOUNT).scope
    ).toBe('no')
  })

  it('several resources: one that applies is enough; else one that may', () => {
    const de = { attributes: attrs(['region', 'eu-de']) }
    const south = { attributes: attrs(['region', 'us-south']) }
    const maybe = { attributes: attrs(['resourceGroupId', 'rg1']) }
    expect(ruleScope(rule(de, south), US, ACCOUNT).scope).toBe('applies')
    expect(ruleScope(rule(de, maybe), US, ACCOUNT).scope).toBe('may-apply')
    expect(ruleScope(rule(de), US, ACCOUNT).scope).toBe('no')
  })
})
