/** Findings about Container Registry's context-based restrictions: codes by mode and scope, wording, fixes. */
import { describe, expect, it } from '@jest/globals'
import type { CbrEvidence, CbrZone } from '../../../../src/engine/evidence/cbr/restrictions.js'
import type { CbrRule } from '../../../../src/engine/evidence/cbr/rule-shape.js'
import type { Evidence } from '../../../../src/engine/evidence/gather.js'
import { cbrFindings } from '../../../../src/engine/findings/cbr.js'
import { fixText } from '../../../harness/fix-text.js'
import { ACCOUNT, EGRESS, PRIVATE, rule, target, zone } from '../../../harness/cbr-evidence.js'

function evidence(cbr: CbrEvidence | undefined, known = true): Evidence {
  const primary = known ? EGRESS : undefined
  return {
    needs: { public: true, private: true },
    egress: { addresses: primary ? [primary] : [], primary, answers: [], fromInput: true },
    lists: [],
    accountUnknown: false,
    probeOver: 'public',
    privateSources: [PRIVATE],
    ...(cbr ? { cbr } : {})
  }
}
const read = (
  rules: CbrRule[],
  zones: CbrZone[] = [],
  more: Partial<Extract<CbrEvidence, { status: 'read' }>> = {}
): CbrEvidence => ({
  status: 'read',
  source: 'https://cbr/v1/rules',
  accountId: ACCOUNT,
  rules,
  malformed: [],
  zones,
  ...more
})
const findings = (cbr: CbrEvidence | undefined, registries = ['us.icr.io'], env?: string) =>
  cbrFindings(evidence(cbr), registries.map(target), env)
const codes = (fs: Array<{ code: string; severity: string }>) => fs.map((f) => `${f.severity}:${f.code}`)
const RUNNERS = zone('z9', ['198.51.100.1', '198.51.100.2'], ['198.51.100.3'])

describe('cbr findings', () => {
  it('nothing without a key, when not read, or when every rule allows', () => {
    expect(findings(undefined)).toEqual([])
    expect(findings({ status: 'not-read', reason: 'no token' })).toEqual([])
    expect(findings(read([rule('ok', [[['endpointType', 'public']]])]))).toEqual([])
  })

  it('enforced rule refusing the egress: CBR_DENIED naming the rule, why per context, and the zone-update line', () => {
    const r = rule('rule-1', [[['networkZoneId', 'z9']], [['endpointType', 'private']]])
    const [f, ...rest] = findings(read([r], [RUNNERS]), ['us.icr.io', 'de.icr.io'])
    expect(rest).toEqual([])
    expect(f).toMatchObject({
      severity: 'error',
      code: 'CBR_DENIED',
      subject: EGRESS,
      title: 'A context-based restriction refuses this runner'
    })
    expect(f!.message).toBe(
      `Context-based restrictions rule rule-1 ("rule rule-1") on Container Registry is enforced and allows no request from ${EGRESS} to us.icr.io, de.icr.io over the public endpoint: ` +
        `context 1: networkZoneId fails (${EGRESS} is not in zone "zone-z9" (z9)); context 2: endpointType fails (only private endpoints; us.icr.io is reached over the public endpoint). ` +
        'The registry will refuse the login, push and pull even though IAM grants a token.'
    )
    expect(f!.fix?.command).toBe(
      `ibmcloud cbr zone-update 'z9' --name 'zone-z9' --addresses '198.51.100.1,198.51.100.2,${EGRESS}' --excluded '198.51.100.3'`
    )
    expect(fixText(f)).toMatch(/replaces the whole zone .*"Partial updates are not supported"/)
  })

  it('report mode: CBR_DENIED_REPORT warning; disabled: nothing; an unknown mode: CBR_MAY_APPLY', () => {
    const ctx: Array<Array<[string, string]>> = [[['networkZoneId', 'z9']]]
    expect(codes(findings(read([rule('rep', ctx, { mode: 'report' })], [RUNNERS])))).toEqual([
      'warning:CBR_DENIED_REPORT'
    ])
    expect(findings(read([rule('rep', ctx, { mode: 'report' })], [RUNNERS]))[0]!.message).toMatch(
      /report mode .* once the rule is enforced, the registry will refuse/
    )
    expect(findings(read([rule('off', ctx, { mode: 'disabled' })], [RUNNERS]))).toEqual([])
    const odd = findings(read([rule('odd', ctx, { mode: 'audit' })], [RUNNERS]))
    expect(codes(odd)).toEqual(['warning:CBR_MAY_APPLY'])
    expect(odd[0]!.message).toMatch(/enforcement mode is "audit", which IBM does not document/)
  })

  it('a namespace the inputs do not name: CBR_MAY_APPLY saying so', () => {
    const r = rule('ns', [[['networkZoneId', 'z9']]], { namespace: 'team-a' })
    const [f] = findings(read([r], [RUNNERS]))
    expect(f).toMatchObject({ severity: 'warning', code: 'CBR_MAY_APPLY' })
    expect(f!.message).toMatch(
      /may apply to us\.icr\.io: it covers only namespace team-a, and the inputs do not say which namespace this job uses/
    )
    expect(f!.message).toMatch(/If it does, it allows no request from 203\.0\.113\.77/)
    expect(codes(findings(read([r], [RUNNERS]), ['us.icr.io/team-a/app']))).toEqual(['error:CBR_DENIED'])
    expect(findings(read([r], [RUNNERS]), ['us.icr.io/team-b/app'])).toEqual([])
  })

  it('a condition that cannot be confirmed (mfa): CBR_MAY_APPLY, "cannot be confirmed to allow"', () => {
    const [f] = findings(read([rule('m', [[['mfa', 'LEVEL2']]])]))
    expect(f).toMatchObject({ code: 'CBR_MAY_APPLY' })
    expect(f!.message).toMatch(
      /applies to us\.icr\.io, but it cannot be confirmed to allow 203\.0\.113\.77 .*mfa unconfirmed/
    )
  })

  it('private registries: each private source, on the private endpoint, with its own finding', () => {
    const fs = findings(
      read(
        [
          rule('p', [
            [
              ['networkZoneId', 'z9'],
              ['endpointType', 'private']
            ]
          ])
        ],
        [RUNNERS]
      ),
      ['private.us.icr.io']
    )
    expect(fs.map((f) => [f.code, f.subject])).toEqual([['CBR_DENIED', PRIVATE]])
    expect(fs[0]!.message).toMatch(/over the private endpoint/)
  })

  it('fixes: excluded address, zones the command cannot rewrite, no contexts, no zone to add to', () => {
    const excluded = zone('zx', [EGRESS], [EGRESS])
    expect(fixText(findings(read([rule('x', [[['networkZoneId', 'zx']]])], [excluded]))[0])).toMatch(
      /Remove 203\.0\.113\.77 from the excluded addresses of network zone "zone-zx" \(zx\)/
    )
    const refs = zone('zr', ['198.51.100.1'], [], ['serviceRef codeengine'])
    const ref = findings(read([rule('x', [[['networkZoneId', 'zr']]])], [refs]))[0]!
    expect(ref.fix?.command).toBeUndefined()
    expect(fixText(ref)).toMatch(/Network zones > zone-zr > Edit .*No command is given: .*serviceRef codeengine/)
    expect(fixText(findings(read([rule('x', [])]))[0])).toMatch(/The rule has no contexts, so it allows nothing/)
    expect(fixText(findings(read([rule('x', [[['endpointType', 'private']]])]))[0])).toMatch(
      /Give the rule a context that allows 203\.0\.113\.77: .*private\.\* domain/
    )
  })

  it('the zone-update line keeps the description and the VPCs, and quotes for the shell', () => {
    const z: CbrZone = {
      ...(zone('zq', ['198.51.100.1'], [], ['vpc crn:v1:vpc:1']) as Extract<CbrZone, { status: 'resolved' }>),
      name: "ops' runners",
      description: 'CI & more'
    }
    expect(findings(read([rule('q', [[['networkZoneId', 'zq']]])], [z]))[0]!.fix?.command).toBe(
      `ibmcloud cbr zone-update 'zq' --name 'ops'\\'' runners' --description 'CI & more' --addresses '198.51.100.1,${EGRESS}' --vpc 'crn:v1:vpc:1'`
    )
  })

  it('GitHub-hosted runners are told why an egress address will not last', () => {
    const [f] = findings(read([rule('g', [[['networkZoneId', 'z9']]])], [RUNNERS]), ['us.icr.io'], 'github-hosted')
    expect(fixText(f)).toMatch(/^This is a GitHub-hosted runner/)
  })

  it('one finding per rule and address, whatever the number of registries; no registry named says so', () => {
    const fs = findings(read([rule('all', [[['networkZoneId', 'z9']]])], [RUNNERS]), [])
    expect(fs).toHaveLength(1)
    expect(fs[0]!.message).toMatch(/to any registry of the account \(none was named\)/)
  })

  it('rules unreadable: CBR_UNREADABLE; a 403 names both causes', () => {
    const forbidden = findings({
      status: 'unreadable',
      source: 's',
      error: 'the rules: HTTP 403, either … or …',
      forbidden: true
    })
    expect(codes(forbidden)).toEqual(['warning:CBR_UNREADABLE'])
    expect(fixText(forbidden[0])).toMatch(/Viewer role on the Context-based restrictions service/)
    expect(fixText(forbidden[0])).toMatch(
      /rule on the Context-based restrictions service itself refuses this runner's address/
    )
    const other = findings({ status: 'unreadable', source: 's', error: 'timeout', forbidden: false })
    expect(other[0]!.message).toMatch(/Could not read Container Registry's context-based restrictions rules: timeout/)
    expect(fixText(other[0])).toMatch(/cbr-endpoint/)
  })

  it('partly read and not understood: CBR_UNREADABLE each, with the rules named (at most 5)', () => {
    const malformed = ['a', 'b', 'c', 'd', 'e', 'f', 'g']
    const fs = findings(read([], [], { incomplete: 'more than 20 pages', malformed }))
    expect(fs.map((f) => f.title)).toEqual([
      'Context-based restrictions only partly read',
      'Context-based restrictions rules not understood'
    ])
    expect(fs[0]!.message).toMatch(/more than 20 pages/)
    expect(fs[1]!.message).toBe(
      "7 of Container Registry's context-based restrictions rules could not be understood and are not checked: a; b; c; d; e; and 2 more."
    )
  })

  it('the address not known: the finding says so instead of naming one', () => {
    const fs = cbrFindings(
      evidence(read([rule('u', [[['networkZoneId', 'z9']]])], [RUNNERS]), false),
      [target('us.icr.io')],
      undefined
    )
    expect(fs[0]).toMatchObject({ code: 'CBR_MAY_APPLY', subject: undefined })
    expect(fs[0]!.message).toMatch(/this runner \(its address is not known/)
  })
})
