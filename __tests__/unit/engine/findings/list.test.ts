import { describe, expect, it } from '@jest/globals'
import { parseAllowlist } from '../../../../src/engine/allowlist/grammar.js'
import { listFindings } from '../../../../src/engine/findings/list.js'

const codes = (fs: Array<{ code: string }>) => fs.map((f) => f.code)

describe('list findings', () => {
  it('reports unreadable, empty and monitor lists', () => {
    expect(codes(listFindings({ level: 'account', source: 's', error: 'HTTP 403: give it a role' }))).toEqual([
      'LIST_UNREADABLE'
    ])
    expect(codes(listFindings({ level: 'user', source: 's', raw: '', parsed: parseAllowlist('') }))).toEqual([
      'LIST_EMPTY'
    ])
    expect(
      codes(listFindings({ level: 'account', source: 's', raw: '?1.2.3.4', parsed: parseAllowlist('?1.2.3.4') }))
    ).toEqual(['LIST_MONITOR'])
  })

  it('names malformed entries and leftovers from either published registry set', () => {
    const raw = '166.9.20.31, 166.9.251.49, 10.0.0.0/33, 203.0.113.1'
    const found = listFindings({ level: 'account', source: 's', raw, parsed: parseAllowlist(raw) })
    expect(codes(found)).toEqual(['ENTRY_MALFORMED', 'ENTRY_LEGACY_REGISTRY', 'ENTRY_LEGACY_REGISTRY'])
    expect(found[0]!.message).toContain('10.0.0.0/33')
    expect(found[1]!.message).toContain('retired on 15 December 2022')
    expect(found[2]!.message).toContain('after July 2022')
  })
})
