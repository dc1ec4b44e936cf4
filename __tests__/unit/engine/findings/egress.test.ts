import { describe, expect, it } from '@jest/globals'
import type { EgressResult } from '../../../../src/engine/evidence/egress/discover.js'
import { egressFindings } from '../../../../src/engine/findings/egress.js'

const codes = (fs: Array<{ code: string }>) => fs.map((f) => f.code)

describe('egress findings', () => {
  const answers: EgressResult['answers'] = [
    { url: 'https://a', status: 'answered', family: 4, ip: '203.0.113.7', elapsedMs: 5 },
    { url: 'https://b', status: 'answered', family: 4, ip: '198.51.100.9', elapsedMs: 6 },
    { url: 'https://c', status: 'rejected', reason: 'HTML page, not an address', elapsedMs: 7 },
    { url: 'https://d', status: 'cancelled', why: 'agreed', elapsedMs: 8 }
  ]
  const egress: EgressResult = {
    addresses: ['203.0.113.7', '198.51.100.9'],
    primary: '203.0.113.7',
    answers,
    fromInput: false
  }

  it('lists sources that failed, but not those cancelled once others agreed, and notes disagreement', () => {
    const found = egressFindings(egress, { primaryNeeded: true, probeRan: false })
    expect(codes(found)).toEqual(['EGRESS_ANSWER_DISCARDED', 'EGRESS_DISAGREE'])
    expect(found[0]!.title).toBe('1 of 4 echo sources gave no usable answer')
    expect(found[0]!.message).toBe('https://c: HTML page, not an address')
  })

  it('lists sources cancelled by the deadline or an abort: they gave no answer either', () => {
    const late: EgressResult = {
      ...egress,
      answers: [
        answers[0]!,
        { url: 'https://e', status: 'cancelled', why: 'deadline', elapsedMs: 9 },
        { url: 'https://f', status: 'cancelled', why: 'aborted', elapsedMs: 9 }
      ]
    }
    const [found] = egressFindings(late, { primaryNeeded: true, probeRan: false })
    expect(found).toMatchObject({ code: 'EGRESS_ANSWER_DISCARDED', title: '2 of 3 echo sources gave no usable answer' })
    expect(found!.message).toBe("https://e: no answer before the run's time limit; https://f: aborted")
  })

  it('warns when no address was found and one is needed', () => {
    const none: EgressResult = { addresses: [], answers: [], fromInput: false }
    expect(codes(egressFindings(none, { primaryNeeded: true, probeRan: true }))).toEqual(['EGRESS_NOT_FOUND'])
    expect(egressFindings(none, { primaryNeeded: false, probeRan: false })).toEqual([])
  })
})

describe('a tie between echo sources', () => {
  it('is reported as no address, naming the disagreement', () => {
    const tie: EgressResult = {
      addresses: ['203.0.113.1', '203.0.113.2'],
      answers: [
        { url: 'https://a', status: 'answered', family: 4, ip: '203.0.113.1', elapsedMs: 5 },
        { url: 'https://b', status: 'answered', family: 4, ip: '203.0.113.2', elapsedMs: 9 }
      ],
      fromInput: false
    }
    const found = egressFindings(tie, { primaryNeeded: true, probeRan: false })
    expect(codes(found)).toEqual(['EGRESS_DISAGREE', 'EGRESS_NOT_FOUND'])
    expect(found[1]!.message).toContain('disagreed with no majority (203.0.113.1 vs 203.0.113.2)')
  })
})
