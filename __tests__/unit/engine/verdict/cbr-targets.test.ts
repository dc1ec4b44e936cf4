/**
 * The evaluation of Container Registry's rules, on evidence built by hand: which rules apply to which
 * registry (region, geography global, namespace, none named), what is not evaluated, and what the evaluation
 * carries for the report.
 */
import { describe, expect, it } from '@jest/globals'
import type { CbrEvidence } from '../../../../src/engine/evidence/cbr/restrictions.js'
import { evaluateCbr } from '../../../../src/engine/verdict/cbr.js'
import { ACCOUNT, EGRESS, evaluate, outcomes, rule, target, zone } from '../../../harness/cbr-evidence.js'

const Z1 = zone('z1', [EGRESS])

describe('which rules apply', () => {
  it('region from the host; geography global for icr.io only', () => {
    const rules = [
      rule('south', [], { region: 'us-south' }),
      rule('global', [], { geography: 'global' }),
      rule('all', [])
    ]
    expect(outcomes(evaluate(rules, [], ['us.icr.io', 'icr.io', 'de.icr.io']))).toEqual([
      'south@us.icr.io:applies:denies',
      'global@icr.io:applies:denies',
      'all@us.icr.io:applies:denies',
      'all@icr.io:applies:denies',
      'all@de.icr.io:applies:denies'
    ])
  })

  it('a namespace rule applies to that namespace only, and may apply when the namespace is not known', () => {
    const r = rule('ns', [], { namespace: 'team-a' })
    expect(outcomes(evaluate([r], [], ['us.icr.io/team-a/app']))).toEqual(['ns@us.icr.io:applies:denies'])
    expect(outcomes(evaluate([r], [], ['us.icr.io/team-b/app']))).toEqual([])
    const [maybe] = evaluate([r], [], ['us.icr.io'])
    expect(maybe).toMatchObject({ scope: 'may-apply', outcome: 'denies' })
    expect(maybe!.scopeReasons[0]).toMatch(/only namespace team-a, and the inputs do not say which namespace/)
  })

  it('no registry named: account-wide rules apply, scoped ones may apply', () => {
    const checks = evaluate([rule('all', []), rule('south', [], { region: 'us-south' })], [], [])
    expect(outcomes(checks)).toEqual(['all@*:applies:denies', 'south@*:may-apply:denies'])
    expect(checks[0]).toMatchObject({ endpointType: 'public', address: EGRESS })
  })

  it('disabled rules and cp.icr.io are not evaluated; the evaluation says so', () => {
    const cbr: CbrEvidence = {
      status: 'read',
      source: 's',
      accountId: ACCOUNT,
      rules: [rule('off', [], { mode: 'disabled' }), rule('on', [[]])],
      malformed: ['m'],
      incomplete: 'i',
      zones: [Z1, { id: 'zx', status: 'error', error: 'e' }]
    }
    const e = evaluateCbr(
      { cbr, egress: { addresses: [], primary: EGRESS, answers: [], fromInput: true }, privateSources: [] },
      [target('cp.icr.io'), target('us.icr.io')]
    )!
    expect(e).toMatchObject({ status: 'read', rulesRead: 2, disabled: ['off'], malformed: ['m'], incomplete: 'i' })
    expect(e.skipped).toEqual([{ host: 'cp.icr.io', why: expect.stringMatching(/entitled-software registry/) }])
    expect(e.zones).toEqual([
      { id: 'z1', name: 'zone-z1' },
      { id: 'zx', error: 'e' }
    ])
    expect(outcomes(e.checks)).toEqual(['on@us.icr.io:applies:allows'])
    expect(JSON.parse(JSON.stringify(e))).toEqual(e)
  })

  it('the report copy keeps at most maxChecks checks, the refusing ones first, and counts the rest', () => {
    const cbr: CbrEvidence = {
      status: 'read',
      source: 's',
      accountId: ACCOUNT,
      rules: [rule('open', [[]]), rule('shut', [])],
      malformed: [],
      zones: []
    }
    const e = evaluateCbr(
      { cbr, egress: { addresses: [], primary: EGRESS, answers: [], fromInput: true }, privateSources: [] },
      [target('us.icr.io'), target('de.icr.io')],
      3
    )!
    expect(outcomes(e.checks)).toEqual([
      'shut@us.icr.io:applies:denies',
      'shut@de.icr.io:applies:denies',
      'open@us.icr.io:applies:allows'
    ])
    expect(e.checksOmitted).toBe(1)
  })

  it('modes pass through; not read and unreadable evidence carry why', () => {
    expect(evaluate([rule('rep', [], { mode: 'report' })], [], ['us.icr.io'])[0]!.enforcementMode).toBe('report')
    const egress = { addresses: [], answers: [], fromInput: true }
    expect(evaluateCbr({ egress, privateSources: [] }, [])).toBeUndefined()
    expect(
      evaluateCbr({ cbr: { status: 'not-read', reason: 'no token' }, egress, privateSources: [] }, [])
    ).toMatchObject({ status: 'not-read', error: 'no token', checks: [] })
    const unreadable = evaluateCbr(
      { cbr: { status: 'unreadable', source: 'u', error: 'HTTP 403', forbidden: true }, egress, privateSources: [] },
      []
    )
    expect(unreadable).toMatchObject({ status: 'unreadable', source: 'u', error: 'HTTP 403', forbidden: true })
  })
})
