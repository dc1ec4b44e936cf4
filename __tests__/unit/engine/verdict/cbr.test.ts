/**
 * The evaluation of Container Registry's rules, on evidence built by hand: every context form, the address
 * the registry sees, and the zone a fix adds it to. Which rules apply: cbr-targets.test.ts.
 */
import { describe, expect, it } from '@jest/globals'
import type { CbrZone } from '../../../../src/engine/evidence/cbr/restrictions.js'
import { EGRESS, evaluate, outcomes, PRIVATE, rule, zone } from '../../../harness/cbr-evidence.js'

const Z1 = zone('z1', [EGRESS])
const Z2 = zone('z2', ['198.51.100.1', PRIVATE])

describe('contexts', () => {
  it('one zone id: allows when the address is in it, denies when not', () => {
    expect(outcomes(evaluate([rule('r', [[['networkZoneId', 'z1']]])], [Z1], ['us.icr.io']))).toEqual([
      'r@us.icr.io:applies:allows'
    ])
    const [c] = evaluate([rule('r', [[['networkZoneId', 'z2']]])], [Z2], ['us.icr.io'])
    expect(c).toMatchObject({
      outcome: 'denies',
      address: EGRESS,
      endpointType: 'public',
      fix: { zoneId: 'z2', excluded: false }
    })
    expect(c!.contexts[0]!.attributes[0]).toEqual({
      name: 'networkZoneId',
      value: 'z2',
      holds: 'no',
      why: `${EGRESS} is not in zone "zone-z2" (z2)`
    })
  })

  it('several comma-separated ids with spaces: one zone holding the address is enough', () => {
    const [c] = evaluate([rule('r', [[['networkZoneId', 'z2 ,  z1']]])], [Z1, Z2], ['us.icr.io'])
    expect(c).toMatchObject({ outcome: 'allows' })
    expect(c!.contexts[0]!.attributes[0]!.why).toBe(`${EGRESS} is in zone "zone-z1" (z1)`)
    const [d] = evaluate([rule('r', [[['networkZoneId', 'z2, z3']]])], [Z2, zone('z3', [])], ['us.icr.io'])
    expect(d!.contexts[0]!.attributes[0]!.why).toBe(
      `${EGRESS} is not in zone "zone-z2" (z2); ${EGRESS} is not in zone "zone-z3" (z3)`
    )
  })

  it('excluded members are subtracted, and the fix says the address is excluded', () => {
    const [c] = evaluate([rule('r', [[['networkZoneId', 'z']]])], [zone('z', [EGRESS], [EGRESS])], ['us.icr.io'])
    expect(c).toMatchObject({ outcome: 'denies', fix: { zoneId: 'z', excluded: true } })
    expect(c!.contexts[0]!.attributes[0]!.why).toBe(`${EGRESS} is excluded from zone "zone-z" (z)`)
  })

  it('a zone that cannot be read, or an address not known, leaves the context unconfirmed', () => {
    const broken: CbrZone = { id: 'zx', status: 'error', error: 'HTTP 403, role' }
    const [c] = evaluate([rule('r', [[['networkZoneId', 'zx']]])], [broken], ['us.icr.io'])
    expect(c).toMatchObject({ outcome: 'unconfirmed' })
    expect(c!.contexts[0]!.attributes[0]!.why).toBe('zone zx could not be read (HTTP 403, role)')
    expect(
      evaluate([rule('r', [[['networkZoneId', 'zx']]])], [], ['us.icr.io'])[0]!.contexts[0]!.attributes[0]!.why
    ).toBe('zone zx was not read')
    const [u] = evaluate([rule('r', [[['networkZoneId', 'z1']]])], [Z1], ['us.icr.io'], { primary: undefined })
    expect(u).toMatchObject({ outcome: 'unconfirmed', address: undefined })
    expect(u!.contexts[0]!.attributes[0]!.why).toBe('the address the registry will see is not known')
    // A resolved zone elsewhere still decides: one zone allowing is enough.
    expect(evaluate([rule('r', [[['networkZoneId', 'zx, z1']]])], [broken, Z1], ['us.icr.io'])[0]!.outcome).toBe(
      'allows'
    )
  })

  it('VPC members cannot hold a public egress (facts §9), but may hold a private source; other members are unknown', () => {
    const vpc = zone('zv', [], [], ['vpc crn:vpc:1'])
    expect(evaluate([rule('r', [[['networkZoneId', 'zv']]])], [vpc], ['us.icr.io'])[0]!.outcome).toBe('denies')
    expect(evaluate([rule('r', [[['networkZoneId', 'zv']]])], [vpc], ['private.us.icr.io'])[0]!.outcome).toBe(
      'unconfirmed'
    )
    const ref = zone('zr', [], [], ['serviceRef codeengine'])
    expect(evaluate([rule('r', [[['networkZoneId', 'zr']]])], [ref], ['us.icr.io'])[0]!.outcome).toBe('unconfirmed')
    const badExcluded = zone('zb', [EGRESS], [], ['excluded ipAddress 1.2.3 (not a valid ipAddress)'])
    expect(evaluate([rule('r', [[['networkZoneId', 'zb']]])], [badExcluded], ['us.icr.io'])[0]!.outcome).toBe(
      'unconfirmed'
    )
  })

  it('endpointType: public hosts are public, private.* hosts private, direct never matches a runner', () => {
    const r = (value: string) => rule('r', [[['endpointType', value]]])
    expect(outcomes(evaluate([r('public')], [], ['us.icr.io', 'private.us.icr.io']))).toEqual([
      'r@us.icr.io:applies:allows',
      'r@private.us.icr.io:applies:denies'
    ])
    expect(outcomes(evaluate([r('private')], [], ['us.icr.io', 'private.us.icr.io']))).toEqual([
      'r@us.icr.io:applies:denies',
      'r@private.us.icr.io:applies:allows'
    ])
    expect(outcomes(evaluate([r('direct')], [], ['us.icr.io', 'private.us.icr.io']))).toEqual([
      'r@us.icr.io:applies:denies',
      'r@private.us.icr.io:applies:denies'
    ])
    const [c] = evaluate([r('private')], [], ['us.icr.io'])
    expect(c!.contexts[0]!.attributes[0]!.why).toBe(
      'only private endpoints; us.icr.io is reached over the public endpoint'
    )
    expect(c!.fix).toBeUndefined()
  })

  it('the private path is checked for every private source, over the private endpoint', () => {
    const checks = evaluate(
      [
        rule('r', [
          [
            ['networkZoneId', 'z2'],
            ['endpointType', 'private']
          ]
        ])
      ],
      [Z2],
      ['private.de.icr.io'],
      { privateSources: [PRIVATE, '10.9.9.9'] }
    )
    expect(checks.map((c) => [c.address, c.endpointType, c.outcome])).toEqual([
      [PRIVATE, 'private', 'allows'],
      ['10.9.9.9', 'private', 'denies']
    ])
    expect(
      evaluate([rule('r', [[['networkZoneId', 'z2']]])], [Z2], ['private.de.icr.io'], { privateSources: [] })[0]
    ).toMatchObject({ address: undefined, outcome: 'unconfirmed' })
  })

  it('mfa cannot be assumed to hold for an API key; an unknown attribute cannot be confirmed', () => {
    const [m] = evaluate(
      [
        rule('r', [
          [
            ['networkZoneId', 'z1'],
            ['mfa', 'LEVEL1']
          ]
        ])
      ],
      [Z1],
      ['us.icr.io']
    )
    expect(m).toMatchObject({ outcome: 'unconfirmed' })
    expect(m!.contexts[0]!.attributes[1]).toMatchObject({
      holds: 'unknown',
      why: expect.stringMatching(/LEVEL1.*API key cannot be assumed/)
    })
    const [u] = evaluate([rule('r', [[['timeOfDay', 'night']]])], [], ['us.icr.io'])
    expect(u!.contexts[0]!.attributes[0]).toMatchObject({
      holds: 'unknown',
      why: expect.stringMatching(/timeOfDay is not one the preflight knows/)
    })
    // A definite "no" beside an unknown: the context denies.
    expect(
      evaluate(
        [
          rule('r', [
            [
              ['endpointType', 'private'],
              ['mfa', 'LEVEL1']
            ]
          ])
        ],
        [],
        ['us.icr.io']
      )[0]!.outcome
    ).toBe('denies')
  })

  it('one allowing context is enough; a rule with no contexts allows nothing; an empty context allows all', () => {
    const r = rule('r', [[['endpointType', 'private']], [['networkZoneId', 'z1']]])
    expect(evaluate([r], [Z1], ['us.icr.io'])[0]!.outcome).toBe('allows')
    expect(evaluate([rule('none', [])], [], ['us.icr.io'])[0]).toMatchObject({ outcome: 'denies', contexts: [] })
    expect(evaluate([rule('open', [[]])], [], ['us.icr.io'])[0]!.outcome).toBe('allows')
  })

  it('the fix zone comes from a context that fails on its zones alone', () => {
    const r = rule('r', [
      [
        ['networkZoneId', 'z2'],
        ['endpointType', 'private']
      ],
      [
        ['networkZoneId', 'z3, z2'],
        ['endpointType', 'public']
      ]
    ])
    expect(evaluate([r], [Z2, zone('z3', [])], ['us.icr.io'])[0]!.fix).toEqual({ zoneId: 'z3', excluded: false })
    const unread: CbrZone = { id: 'z3', status: 'error', error: 'x' }
    expect(evaluate([r], [Z2, unread], ['us.icr.io'])[0]).toMatchObject({
      outcome: 'unconfirmed',
      fix: { zoneId: 'z2' }
    })
  })
})
