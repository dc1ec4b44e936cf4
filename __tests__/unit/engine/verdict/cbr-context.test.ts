/** One context attribute for one request: yes, no or unknown, with why. */
import { describe, expect, it } from '@jest/globals'
import { checkAttribute, zoneIds, type Request } from '../../../../src/engine/verdict/cbr-context.js'
import { EGRESS, zone } from '../../../harness/cbr-evidence.js'

const zones = new Map([['z1', zone('z1', [EGRESS])]])
const pub: Request = { host: 'us.icr.io', address: EGRESS, endpointType: 'public' }
const holds = (name: string, value: string, req = pub) => checkAttribute({ name, value }, req, zones).holds

describe('checkAttribute', () => {
  it('networkZoneId: one id or several, with spaces', () => {
    expect(zoneIds(' a ,b,, c ')).toEqual(['a', 'b', 'c'])
    expect(holds('networkZoneId', 'z1')).toBe('yes')
    expect(holds('networkZoneId', 'nope ,  z1')).toBe('yes')
    expect(holds('networkZoneId', '')).toBe('no')
    expect(checkAttribute({ name: 'networkZoneId', value: '' }, pub, zones).why).toBe('names no zone')
  })

  it('endpointType: several types (commas, any case) read as "any of them"', () => {
    expect(holds('endpointType', 'private, public')).toBe('yes')
    expect(holds('endpointType', 'PUBLIC')).toBe('yes')
    expect(holds('endpointType', 'private,direct')).toBe('no')
    expect(holds('endpointType', 'private', { ...pub, host: 'private.us.icr.io', endpointType: 'private' })).toBe('yes')
    expect(checkAttribute({ name: 'endpointType', value: 'public' }, { endpointType: 'public' }, zones).why).toBe(
      'the registry is reached over the public endpoint'
    )
  })

  it('mfa and unknown names are never taken to hold', () => {
    expect(holds('mfa', 'LEVEL1')).toBe('unknown')
    expect(holds('networkZoneIds', 'z1')).toBe('unknown')
  })
})
