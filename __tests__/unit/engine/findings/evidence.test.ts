import { describe, expect, it } from '@jest/globals'
import { parseAllowlist } from '../../../../src/engine/allowlist/grammar.js'
import { STOPPED_AGREED } from '../../../../src/engine/evidence/egress/discover.js'
import { egressFindings, listFindings, probeFindings } from '../../../../src/engine/findings/evidence.js'
import { EgressResult } from '../../../../src/engine/evidence/egress/discover.js'

const codes = (fs: { code: string }[]) => fs.map((f) => f.code)

describe('list findings', () => {
  it('reports unreadable, empty and monitor lists', () => {
    expect(codes(listFindings({ level: 'account', source: 's', error: 'HTTP 403: give it a role' }))).toEqual(['LIST_UNREADABLE'])
    expect(codes(listFindings({ level: 'user', source: 's', raw: '', parsed: parseAllowlist('') }))).toEqual(['LIST_EMPTY'])
    expect(codes(listFindings({ level: 'account', source: 's', raw: '?1.2.3.4', parsed: parseAllowlist('?1.2.3.4') }))).toEqual(['LIST_MONITOR'])
  })

  it('names malformed entries and leftovers from either published registry set', () => {
    const raw = '166.9.20.31, 166.9.251.49, 10.0.0.0/33, 203.0.113.1'
    const found = listFindings({ level: 'account', source: 's', raw, parsed: parseAllowlist(raw) })
    expect(codes(found)).toEqual(['ENTRY_MALFORMED', 'ENTRY_LEGACY_REGISTRY', 'ENTRY_LEGACY_REGISTRY'])
    expect(found[0].message).toContain('10.0.0.0/33')
    expect(found[1].message).toContain('retired on 15 December 2022')
    expect(found[2].message).toContain('after July 2022')
  })
})

describe('egress findings', () => {
  const answers = [
    { url: 'https://a', family: 4 as const, ip: '203.0.113.7', elapsedMs: 5 },
    { url: 'https://b', family: 4 as const, ip: '198.51.100.9', elapsedMs: 6 },
    { url: 'https://c', error: 'HTML page, not an address', elapsedMs: 7 },
    { url: 'https://d', error: STOPPED_AGREED, elapsedMs: 8 }
  ]
  const egress: EgressResult = { addresses: ['203.0.113.7', '198.51.100.9'], primary: '203.0.113.7', answers, fromInput: false }

  it('lists sources that failed, but not those cancelled once others agreed, and notes disagreement', () => {
    const found = egressFindings(egress, true, false)
    expect(codes(found)).toEqual(['EGRESS_ANSWER_DISCARDED', 'EGRESS_DISAGREE'])
    expect(found[0].title).toBe('1 of 4 echo sources gave no usable answer')
    expect(found[0].message).toBe('https://c: HTML page, not an address')
  })

  it('warns when no address was found and one is needed', () => {
    const none: EgressResult = { addresses: [], answers: [], fromInput: false }
    expect(codes(egressFindings(none, true, true))).toEqual(['EGRESS_NOT_FOUND'])
    expect(egressFindings(none, false, false)).toEqual([])
  })
})

describe('probe findings', () => {
  it('maps each outcome to its finding, with IAM\'s own code and message', () => {
    expect(probeFindings({ outcome: 'granted' }, '203.0.113.7', '')).toEqual([])
    const refused = probeFindings({ outcome: 'refused-address', httpStatus: 403, errorCode: 'BXNIM9999E', errorMessage: 'IP not allowed' }, '203.0.113.7', '198.51.100.0/24', 'github-hosted')
    expect(refused[0]).toMatchObject({ code: 'TOKEN_REFUSED_ADDRESS', severity: 'error', subject: '203.0.113.7' })
    expect(refused[0].message).toContain('BXNIM9999E IP not allowed')
    expect(refused[0].fix).toContain('GitHub-hosted runner')
    expect(refused[0].fix).toContain('--allowed-ip-addresses "198.51.100.0/24,203.0.113.7"')
    expect(codes(probeFindings({ outcome: 'invalid-key', errorCode: 'BXNIM0415E' }, undefined, undefined))).toEqual(['TOKEN_INVALID_KEY'])
    expect(probeFindings({ outcome: 'error', httpStatus: 400, errorCode: 'BXNIM0514E' }, undefined, undefined)[0].severity).toBe('error')
    expect(probeFindings({ outcome: 'unreachable', errorMessage: 'timeout' }, undefined, undefined)[0]).toMatchObject({ code: 'TOKEN_UNREACHABLE', severity: 'warning' })
  })
})
