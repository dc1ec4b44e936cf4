import { describe, expect, it } from '@jest/globals'
import { parseAllowlist } from '../../../../src/engine/allowlist/grammar.js'
import type { Evidence } from '../../../../src/engine/evidence/gather.js'
import { lintFindings } from '../../../../src/engine/findings/lint.js'

function run(raw: string, runnerEnvironment?: string, zones: Evidence['lists'][number]['zones'] = []) {
  const evidence = {
    needs: { public: true, private: false },
    egress: { addresses: ['198.51.100.7'], primary: '198.51.100.7', answers: [], fromInput: true },
    lists: [
      { evidence: { level: 'account', source: 'x', raw, parsed: parseAllowlist(raw) }, zones, match: () => undefined }
    ],
    accountUnknown: false,
    privateSources: [],
    probeOver: 'public'
  } as Evidence
  return lintFindings({ runnerEnvironment }, evidence)
}

describe('list lint', () => {
  it('finds duplicates and covered entries, and gives the cleaned list', () => {
    const f = run('203.0.113.0/24,203.0.113.7,198.51.100.7,198.51.100.7/32')
    expect(f.map((x) => x.code).sort()).toEqual(['LIST_LINT_COVERED', 'LIST_LINT_DUPLICATE'])
    expect(f[0]?.fix?.command).toBe('203.0.113.0/24,198.51.100.7')
    expect(f.every((x) => x.severity !== 'error')).toBe(true)
  })

  it('flags anywhere, unused IPv6 on hosted runners, private ranges and zones that do not exist', () => {
    const zones = [
      { name: 'gone', raw: 'gone', status: 'error' as const, error: 'no network zone named "gone" in account a' }
    ]
    const codes = run('0.0.0.0/0,2001:db8::/32,10.0.0.0/8,gone', 'github-hosted', zones).map((x) => x.code)
    expect(codes).toEqual([
      'LIST_LINT_ANYWHERE',
      'LIST_LINT_COVERED', // 10.0.0.0/8 inside 0.0.0.0/0
      'LIST_LINT_IPV6_UNUSED',
      'LIST_LINT_PRIVATE_UNUSED',
      'LIST_LINT_UNKNOWN_ZONE'
    ])
    expect(run('2001:db8::/32', 'self-hosted')).toEqual([])
  })
})
