import { fixText } from '../../../harness/fix-text.js'
import { describe, expect, it } from '@jest/globals'
import { probeFindings } from '../../../../src/engine/findings/probe.js'

const codes = (fs: Array<{ code: string }>) => fs.map((f) => f.code)

describe('probe findings', () => {
  it("maps each outcome to its finding, with IAM's own code and message", () => {
    expect(probeFindings({ outcome: 'granted' }, '203.0.113.7', '')).toEqual([])
    const refused = probeFindings(
      { outcome: 'refused-address', httpStatus: 403, errorCode: 'BXNIM9999E', errorMessage: 'IP not allowed' },
      '203.0.113.7',
      '198.51.100.0/24',
      'github-hosted'
    )
    expect(refused[0]).toMatchObject({ code: 'TOKEN_REFUSED_ADDRESS', severity: 'error', subject: '203.0.113.7' })
    expect(refused[0]!.message).toContain('BXNIM9999E IP not allowed')
    expect(fixText(refused[0])).toContain('GitHub-hosted runner')
    expect(fixText(refused[0])).toContain("--allowed-ip-addresses '198.51.100.0/24,203.0.113.7'")
    expect(codes(probeFindings({ outcome: 'invalid-key', errorCode: 'BXNIM0415E' }, undefined, undefined))).toEqual([
      'TOKEN_INVALID_KEY'
    ])
    expect(
      probeFindings({ outcome: 'error', httpStatus: 400, errorCode: 'BXNIM0514E' }, undefined, undefined)[0]!.severity
    ).toBe('error')
    expect(probeFindings({ outcome: 'unreachable', errorMessage: 'timeout' }, undefined, undefined)[0]).toMatchObject({
      code: 'TOKEN_UNREACHABLE',
      severity: 'warning'
    })
  })
})
