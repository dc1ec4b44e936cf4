import { describe, expect, it } from '@jest/globals'
import { STOPPED_AGREED, type EgressResult } from '../../../../src/engine/evidence/egress/discover.js'
import { egressFindings } from '../../../../src/engine/findings/egress.js'

const codes = (fs: { code: string }[]) => fs.map((f) => f.code)

describe('egress findings', () => {
  const answers = [
    { url: 'https://a', family: 4 as const, ip: '203.0.113.7', elapsedMs: 5 },
    { url: 'https://b', family: 4 as const, ip: '198.51.100.9', elapsedMs: 6 },
    { url: 'https://c', error: 'HTML page, not an address', elapsedMs: 7 },
    { url: 'https://d', error: STOPPED_AGREED, elapsedMs: 8 }
  ]
  const egress: EgressResult = { addresses: ['203.0.113.7', '198.51.100.9'], primary: '203.0.113.7', answers, fromInput: false }

  it('lists sources that failed, but not those cancelled once others agreed, and notes disagreement', () => {
    const found = egressFindings(egress, { primaryNeeded: true, probeRan: false })
    expect(codes(found)).toEqual(['EGRESS_ANSWER_DISCARDED', 'EGRESS_DISAGREE'])
    expect(found[0]!.title).toBe('1 of 4 echo sources gave no usable answer')
    expect(found[0]!.message).toBe('https://c: HTML page, not an address')
  })

  it('warns when no address was found and one is needed', () => {
    const none: EgressResult = { addresses: [], answers: [], fromInput: false }
    expect(codes(egressFindings(none, { primaryNeeded: true, probeRan: true }))).toEqual(['EGRESS_NOT_FOUND'])
    expect(egressFindings(none, { primaryNeeded: false, probeRan: false })).toEqual([])
  })
})
