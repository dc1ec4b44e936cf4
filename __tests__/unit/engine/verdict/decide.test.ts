import { fixText } from '../../../harness/fix-text.js'
import { describe, expect, it } from '@jest/globals'
import { buildMatcher } from '../../../../src/engine/allowlist/matcher.js'
import { parseAllowlist } from '../../../../src/engine/allowlist/grammar.js'
import type { EgressResult } from '../../../../src/engine/evidence/egress/discover.js'
import type { Evidence } from '../../../../src/engine/evidence/gather.js'
import type { ProbeResult } from '../../../../src/engine/evidence/iam/token.js'
import type { CheckedList, ListLevel } from '../../../../src/engine/evidence/lists.js'
import { addressFindings } from '../../../../src/engine/findings/address.js'
import type { Finding } from '../../../../src/engine/findings/finding.js'
import { GITHUB_HOSTED_FIX, listFix, VPE_NOTE } from '../../../../src/engine/findings/fixes.js'
import type { FailOn } from '../../../../src/engine/settings/settings.js'
import { decide, gatePasses } from '../../../../src/engine/verdict/decide.js'
import { matchSubjects } from '../../../../src/engine/verdict/match.js'

function list(level: ListLevel, raw: string | undefined): CheckedList {
  if (raw === undefined)
    return { evidence: { level, source: 'test', error: 'HTTP 403' }, zones: [], match: () => undefined }
  const parsed = parseAllowlist(raw, { newlines: level === 'input' })
  const matcher = buildMatcher(parsed)
  return { evidence: { level, source: 'test', raw, parsed }, zones: [], match: (a) => matcher.match(a) }
}

const egress = (primary?: string, ...rest: string[]): EgressResult => ({
  addresses: primary ? [primary, ...rest] : [],
  primary,
  answers: [],
  fromInput: true
})

interface Over {
  failOn?: FailOn
  runnerEnvironment?: string
  publicNeeded?: boolean
  privateNeeded?: boolean
  egress?: EgressResult
  privateSources?: string[]
  probe?: ProbeResult
  lists?: CheckedList[]
  /** Findings made from other evidence before the verdict (e.g. the probe's). */
  findings?: Finding[]
  registryProbes?: Evidence['registryProbes']
}

/** Matching, the address findings and the decision, as runPreflight chains them. */
function run(over: Over) {
  const evidence: Evidence = {
    needs: { public: over.publicNeeded ?? true, private: over.privateNeeded ?? false },
    egress: over.egress ?? egress('203.0.113.77'),
    probe: over.probe,
    lists: over.lists ?? [],
    accountUnknown: false,
    privateSources: over.privateSources ?? [],
    probeOver: 'public',
    ...(over.registryProbes ? { registryProbes: over.registryProbes } : {})
  }
  const matched = matchSubjects(evidence)
  const findings = [
    ...(over.findings ?? []),
    ...matched.refusals.flatMap((r) => addressFindings(r, evidence, over.runnerEnvironment))
  ]
  return { ...decide(over.failOn ?? 'error', evidence, matched, findings), ...matched, findings }
}

const granted: ProbeResult = { outcome: 'granted', httpStatus: 200, accountId: 'a1', iamId: 'IBMid-1' }

describe('verdict', () => {
  it('passes when every list allows the primary address, naming the entry', () => {
    const v = run({
      lists: [list('account', '198.51.100.0/24, 203.0.113.0/24'), list('input', '203.0.113.70-203.0.113.80')]
    })
    expect(v.result).toBe('pass')
    expect(v.gatePassed).toBe(true)
    expect(v.matches.map((m) => [m.level, m.status, m.entry])).toEqual([
      ['account', 'allowed', '203.0.113.0/24'],
      ['input', 'allowed', '203.0.113.70-203.0.113.80']
    ])
    expect(v.missing).toEqual([])
  })

  it('fails with an error and a pasteable account fix when a list does not allow the address', () => {
    const v = run({ lists: [list('account', '?198.51.100.0/24,  10.0.0.1 '), list('user', '')] })
    // The account list is in monitor mode: a warning, not an error.
    expect(v.result).toBe('pass')
    expect(v.findings.map((f) => f.code)).toEqual(['ADDRESS_NOT_ALLOWED_MONITOR'])
    expect(fixText(v.findings[0])).toContain(
      "ibmcloud iam account-settings-update --allowed-ip-addresses '?198.51.100.0/24,10.0.0.1,203.0.113.77'"
    )

    const enforced = run({ lists: [list('account', '198.51.100.0/24')] })
    expect(enforced.result).toBe('fail')
    expect(enforced.gatePassed).toBe(false)
    expect(enforced.missing).toEqual(['203.0.113.77'])
    const f = enforced.findings[0]
    expect(f).toMatchObject({
      code: 'ADDRESS_NOT_ALLOWED',
      severity: 'error',
      subject: '203.0.113.77',
      list: 'account'
    })
    expect(f!.message).toContain('Runner address 203.0.113.77 is not in the account')
    expect(fixText(f)).toContain("--allowed-ip-addresses '198.51.100.0/24,203.0.113.77'")
  })

  it('explains GitHub-hosted runners instead of only adding their address', () => {
    const v = run({ runnerEnvironment: 'github-hosted', lists: [list('account', '198.51.100.0/24')] })
    expect(fixText(v.findings[0])).toContain(GITHUB_HOSTED_FIX)
    const selfHosted = run({ runnerEnvironment: 'self-hosted', lists: [list('account', '198.51.100.0/24')] })
    expect(fixText(selfHosted.findings[0])).not.toContain('GitHub-hosted')
  })

  it('points a user list to the console, since no CLI exists for it', () => {
    const v = run({ lists: [list('user', '198.51.100.1')] })
    expect(fixText(v.findings[0])).toMatch(/No CLI command exists.*Manage > Access \(IAM\) > Users/)
  })

  it('lets a granted token win over a list for the primary address, with a warning', () => {
    const v = run({ probe: granted, lists: [list('account', '198.51.100.0/24')] })
    expect(v.result).toBe('pass')
    expect(v.findings.map((f) => [f.code, f.severity])).toEqual([['TOKEN_GRANTED_LIST_DISAGREES', 'warning']])
    expect(v.gatePassed).toBe(true)
    expect(gatePasses('warning', v.findings)).toBe(false)
  })

  it('checks private source addresses for private registries, and the probe says nothing about them', () => {
    const v = run({
      probe: granted,
      publicNeeded: false,
      privateNeeded: true,
      egress: egress(),
      privateSources: ['10.240.0.5'],
      lists: [list('account', '10.0.0.0/24')]
    })
    expect(v.result).toBe('fail')
    expect(v.subjects).toEqual([{ address: '10.240.0.5', role: 'private-source' }])
    expect(v.findings[0]!.message).toContain('Private source address 10.240.0.5')
    expect(fixText(v.findings[0])).toContain(VPE_NOTE)
    expect(v.missing).toEqual(['10.240.0.5'])
  })

  it('warns, without failing, about a secondary egress address', () => {
    const v = run({ egress: egress('203.0.113.77', '2001:db8::1'), lists: [list('account', '203.0.113.77')] })
    expect(v.result).toBe('pass')
    expect(v.findings.map((f) => f.code)).toEqual(['SECONDARY_NOT_ALLOWED'])
    expect(v.missing).toEqual([])
  })

  it('is unknown without evidence, and without an address to check', () => {
    expect(run({}).result).toBe('unknown')
    expect(run({ egress: egress(), lists: [list('account', '203.0.113.77')] }).result).toBe('unknown')
    expect(run({ lists: [list('account', undefined)] }).result).toBe('unknown')
    expect(run({ privateNeeded: true, privateSources: [], lists: [list('account', '203.0.113.77')] }).result).toBe(
      'unknown'
    )
  })

  it('fails on a refused token and names the primary address as missing', () => {
    const probe: ProbeResult = { outcome: 'refused-address', httpStatus: 400 }
    const v = run({ probe, findings: [{ severity: 'error', code: 'TOKEN_REFUSED_ADDRESS', title: 't', message: 'm' }] })
    expect(v.result).toBe('fail')
    expect(v.missing).toEqual(['203.0.113.77'])
  })

  it('treats an empty list as unrestricted', () => {
    const v = run({ lists: [list('account', '   ')] })
    expect(v.matches[0]!.status).toBe('unrestricted')
    expect(v.result).toBe('pass')
  })

  it('gates by fail-on', () => {
    const warning = { severity: 'warning' as const, code: 'LIST_UNREADABLE' as const, title: '', message: '' }
    expect(gatePasses('error', [warning])).toBe(true)
    expect(gatePasses('warning', [warning])).toBe(false)
    expect(gatePasses('never', [{ ...warning, severity: 'error' }])).toBe(true)
  })
})

describe('fixes', () => {
  it('keeps every entry and the monitor prefix in the account command, single-quoted', () => {
    expect(listFix('account', '17.5.7.8 - 17.5.9.5, zone-1', ['203.0.113.77']).command).toBe(
      "ibmcloud iam account-settings-update --allowed-ip-addresses '17.5.7.8 - 17.5.9.5,zone-1,203.0.113.77'"
    )
    expect(listFix('account', ' ?a, b\n', ['203.0.113.77', '203.0.113.77']).command).toContain("'?a,b,203.0.113.77'")
  })
})

describe("the private path and the registry's own answer", () => {
  const login = (outcome: 'granted' | 'unreachable') => ({
    mode: 'auto' as const,
    privateOnly: [],
    logins: [{ host: 'private.us.icr.io', private: true, outcome }]
  })
  const base = {
    publicNeeded: false,
    privateNeeded: true,
    egress: egress(),
    privateSources: ['10.240.0.5'],
    lists: [list('account', undefined)]
  }

  it('passes on the registry granting a login over the private domain, though no list could be read', () => {
    expect(run({ ...base, registryProbes: login('granted') })).toMatchObject({
      result: 'pass',
      paths: { private: 'pass' }
    })
  })

  it('stays unknown when the registry did not answer, and fails when a list refuses whatever the registry said', () => {
    expect(run({ ...base, registryProbes: login('unreachable') }).paths.private).toBe('unknown')
    const refused = run({ ...base, lists: [list('account', '10.0.0.0/24')], registryProbes: login('granted') })
    expect(refused.paths.private).toBe('fail')
    expect(refused.result).toBe('fail')
  })
})
