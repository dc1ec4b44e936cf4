/** Findings from the registry probes: each outcome to its code and severity, the registry's words, the fixes. */
import { describe, expect, it } from '@jest/globals'
import type { Evidence } from '../../../../src/engine/evidence/gather.js'
import type { ProbeResult } from '../../../../src/engine/evidence/iam/token.js'
import type { RegistryLogin } from '../../../../src/engine/evidence/registry/outcome.js'
import type { PrivateOnlyRead } from '../../../../src/engine/evidence/registry/private-only.js'
import type { RegistryProbes } from '../../../../src/engine/evidence/registry/probes.js'
import { registryProbeFindings } from '../../../../src/engine/findings/registry-probe.js'
import { fixText } from '../../../harness/fix-text.js'

const PRIVATE_ONLY_WORDS =
  'Private-only access is enabled on this account, but this request was over the public network. You must access this account over the private network'
const AT = { file: '.github/workflows/push.yml', line: 12 }
const US: RegistryLogin = {
  host: 'us.icr.io',
  region: 'us-south',
  private: false,
  repository: 'ns/app',
  location: AT,
  outcome: 'granted',
  step: 'token',
  httpStatus: 200
}

function evidence(logins: RegistryLogin[], more: Partial<RegistryProbes> = {}, probe?: ProbeResult): Evidence {
  return {
    needs: { public: true, private: false },
    egress: { addresses: ['203.0.113.7'], primary: '203.0.113.7', answers: [], fromInput: true },
    probe,
    probeOver: 'public',
    lists: [],
    accountUnknown: false,
    privateSources: [],
    registryProbes: { mode: 'auto', logins, privateOnly: [], ...more }
  }
}
const findings = (logins: RegistryLogin[], more?: Partial<RegistryProbes>, probe?: ProbeResult) =>
  registryProbeFindings(evidence(logins, more, probe))
const codes = (fs: Array<{ code: string; severity: string }>) => fs.map((f) => `${f.severity} ${f.code}`)
const iamGranted: ProbeResult = {
  outcome: 'granted',
  httpStatus: 200,
  accountId: 'a',
  iamId: 'iam-ServiceId-1',
  serviceId: true
}

describe('registryProbeFindings: granted', () => {
  it('a notice, on the registry line, naming the scope and what the token grants', () => {
    const [f, ...rest] = findings([
      { ...US, access: 'push', scope: 'repository:ns/app:pull,push', grantedActions: ['pull', 'push'] }
    ])
    expect(rest).toEqual([])
    expect(f).toMatchObject({
      severity: 'notice',
      code: 'REGISTRY_TOKEN_GRANTED',
      location: AT,
      title: 'Registry login granted: us.icr.io'
    })
    expect(f!.message).toBe(
      'us.icr.io granted a registry token to the API key from this runner (scope repository:ns/app:pull,push; the token grants pull, push on ns/app).'
    )
  })

  it('no repository: says that only the login was checked, and how to check push', () => {
    const [f] = findings([{ ...US, repository: undefined }])
    expect(f!.message).toMatch(
      /No repository is known, so only the login was checked: name the image \(e\.g\. us\.icr\.io\/NAMESPACE\/NAME\) in 'registry'/
    )
  })

  it('push not granted: an error for a job that pushes, a warning when its use is unknown; nothing when the token does not say', () => {
    const pullOnly = { ...US, scope: 'repository:ns/app:pull,push', grantedActions: ['pull'] }
    expect(codes(findings([{ ...pullOnly, access: 'push' }]))).toEqual([
      'notice REGISTRY_TOKEN_GRANTED',
      'error REGISTRY_PUSH_NOT_GRANTED'
    ])
    expect(codes(findings([pullOnly]))).toEqual(['notice REGISTRY_TOKEN_GRANTED', 'warning REGISTRY_PUSH_NOT_GRANTED'])
    expect(codes(findings([{ ...US, access: 'push', grantedActions: undefined }]))).toEqual([
      'notice REGISTRY_TOKEN_GRANTED'
    ])
    expect(codes(findings([{ ...US, access: 'push', grantedActions: ['*'] }]))).toEqual([
      'notice REGISTRY_TOKEN_GRANTED'
    ])
    const [, err] = findings([{ ...pullOnly, access: 'push' }], {}, iamGranted)
    expect(err!.message).toBe(
      'us.icr.io granted a token without push (it grants pull) on ns/app. This job pushes to it: the push will be refused.'
    )
    expect(err!.fix?.command).toBe(
      "ibmcloud iam service-policy-create SERVICE_ID --roles Writer --service-name container-registry --region 'us-south' --resource-type namespace --resource 'ns'"
    )
  })

  it('narrowed to pull (use unknown): a warning that names the refusal of push', () => {
    const [, w] = findings([{ ...US, narrowedToPull: true, scope: 'repository:ns/app:pull', grantedActions: ['pull'] }])
    expect(w).toMatchObject({ severity: 'warning', code: 'REGISTRY_PUSH_NOT_GRANTED' })
    expect(w!.message).toMatch(
      /refused the scope with push and granted pull alone on ns\/app\. If this job pushes to it/
    )
  })

  it('a pull job whose token names no pull: not authorized, with the Reader fix for a user key', () => {
    const fs = findings(
      [{ ...US, access: 'pull', grantedActions: [] }],
      {},
      { ...iamGranted, iamId: 'IBMid-1', serviceId: false }
    )
    expect(codes(fs)).toEqual(['notice REGISTRY_TOKEN_GRANTED', 'error REGISTRY_NOT_AUTHORIZED'])
    expect(fs[1]!.fix?.command).toMatch(/^ibmcloud iam user-policy-create USER_EMAIL --roles Reader /)
  })
})

describe('registryProbeFindings: refusals and faults', () => {
  const refused = (outcome: RegistryLogin['outcome'], over: Partial<RegistryLogin> = {}): RegistryLogin => ({
    ...US,
    outcome,
    httpStatus: 403,
    ...over
  })

  it.each([
    ['private-only', 'error REGISTRY_PRIVATE_ONLY'],
    ['credentials-refused', 'error REGISTRY_CREDENTIALS_REFUSED'],
    ['not-authorized', 'error REGISTRY_NOT_AUTHORIZED'],
    ['quota', 'error REGISTRY_QUOTA'],
    ['connection-refused', 'error REGISTRY_CONNECTION_REFUSED'],
    ['unreachable', 'warning REGISTRY_UNREACHABLE'],
    ['unexpected', 'warning REGISTRY_UNEXPECTED_ANSWER'],
    ['skipped', 'notice REGISTRY_CHECK_SKIPPED']
  ] as Array<[RegistryLogin['outcome'], string]>)('%s → %s, on the registry line', (outcome, code) => {
    const fs = findings([refused(outcome)])
    expect(codes(fs)).toEqual([code])
    expect(fs[0]!.location).toEqual(AT)
  })

  it("private-only: the registry's words, and the two ways out with the region", () => {
    const [f] = findings([refused('private-only', { registryCode: 'DENIED', registryMessage: PRIVATE_ONLY_WORDS })])
    expect(f!.message).toBe(
      `us.icr.io is a public domain, and private-only access is enabled for us-south. us.icr.io answered HTTP 403 to the token request: "DENIED: ${PRIVATE_ONLY_WORDS}".`
    )
    expect(fixText(f)).toMatch(/use private\.us\.icr\.io from a runner on it/)
    expect(f!.fix?.command).toBe("ibmcloud cr region-set 'us-south' && ibmcloud cr private-only --disable")
  })

  it('private-only read as on for a public host whose login said something else: an error from the setting alone', () => {
    const reads: PrivateOnlyRead[] = [{ region: 'us-south', host: 'us.icr.io', outcome: 'enabled', httpStatus: 200 }]
    const fs = findings(
      [
        { ...US, access: 'push', grantedActions: ['pull', 'push'] },
        { host: 'private.us.icr.io', region: 'us-south', private: true, outcome: 'granted' }
      ],
      { privateOnly: reads }
    )
    expect(codes(fs)).toEqual([
      'error REGISTRY_PRIVATE_ONLY',
      'notice REGISTRY_TOKEN_GRANTED',
      'notice REGISTRY_TOKEN_GRANTED'
    ])
    expect(fs[0]!.message).toMatch(/The region's private-only setting \(GET \/api\/v1\/auth\) is on/)
  })

  it('a reset with IAM granted: the IP list ruled out, private-only ruled out, CBR named with its command', () => {
    const reads: PrivateOnlyRead[] = [{ region: 'us-south', host: 'us.icr.io', outcome: 'disabled', httpStatus: 200 }]
    const reset = refused('connection-refused', {
      httpStatus: undefined,
      transportError: 'network',
      networkCode: 'ECONNRESET',
      detail: 'GET https://us.icr.io: connection reset (ECONNRESET) (attempt 3)'
    })
    const [f] = findings([reset], { privateOnly: reads }, iamGranted)
    expect(f!.message).toContain(
      'us.icr.io, token request: GET https://us.icr.io: connection reset (ECONNRESET) (attempt 3).'
    )
    expect(f!.message).toContain("IAM's IP allowlists let this runner's public address through (ruled out)")
    expect(f!.message).toContain('Private-only access is off for us-south (ruled out).')
    expect(fixText(f)).toContain("this runner's egress address 203.0.113.7")
    expect(f!.fix?.command).toBe('ibmcloud cbr rules --service-name container-registry')
  })

  it('a reset with IAM refusing the address: fix the IP list first', () => {
    const [f] = findings(
      [refused('connection-refused', { networkCode: 'ECONNRESET' })],
      {},
      { outcome: 'refused-address', httpStatus: 403 }
    )
    expect(f!.message).toContain('IAM itself refused a token to this runner (TOKEN_REFUSED_ADDRESS)')
    expect(fixText(f)).toMatch(/IP allowlists first/)
  })

  it("a TLS failure: the fix names the proxy's CA, not CBR", () => {
    const [f] = findings([refused('connection-refused', { networkCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })])
    expect(fixText(f)).toContain('NODE_EXTRA_CA_CERTS')
    expect(f!.fix?.command).toBeUndefined()
  })

  it('credentials refused although IAM took the key: points at CBR', () => {
    const [f] = findings(
      [
        refused('credentials-refused', {
          httpStatus: 401,
          registryMessage: 'The login credentials are not valid, or your IBM Cloud account is not active.'
        })
      ],
      {},
      iamGranted
    )
    expect(f!.message).toMatch(
      /^us\.icr\.io answered HTTP 401 to the token request: "The login credentials are not valid/
    )
    expect(fixText(f)).toMatch(/iamapikey/)
    expect(fixText(f)).toMatch(/IAM took this key from this runner/)
  })

  it('a private host: IAM over the public path says nothing of it', () => {
    const login = refused('not-authorized', {
      host: 'private.us.icr.io',
      private: true,
      registryMessage: 'Insufficient scope'
    })
    const [f] = findings([login], {}, iamGranted)
    expect(f!.message).toContain('says nothing of this private domain')
  })

  it('quota: the words and the quota commands for the region', () => {
    const [f] = findings([
      refused('quota', { registryMessage: 'Your account has exceeded its pull traffic quota for the current month.' })
    ])
    expect(f!.message).toContain('exceeded its pull traffic quota')
    expect(f!.fix?.command).toBe(
      "ibmcloud cr region-set 'us-south' && ibmcloud cr quota && ibmcloud cr quota-set --traffic MEGABYTES --storage MEGABYTES"
    )
  })
})

describe('registryProbeFindings: not checked', () => {
  it('the whole login skipped: one notice with why, and how to turn it on when it can be', () => {
    const off = registryProbeFindings({
      ...evidence([]),
      registryProbes: { mode: 'false', skipped: "'probe-registry' is false", logins: [], privateOnly: [] }
    })
    expect(off).toEqual([
      {
        severity: 'notice',
        code: 'REGISTRY_CHECK_SKIPPED',
        title: 'Registry login not checked',
        message: "The registry login was not tried: 'probe-registry' is false."
      }
    ])
    const noKey = registryProbeFindings({
      ...evidence([]),
      registryProbes: {
        mode: 'auto',
        skipped: "no 'apikey': the registry login (user iamapikey) needs the API key",
        logins: [],
        privateOnly: []
      }
    })
    expect(fixText(noKey[0])).toMatch(/^Set 'apikey'/)
  })

  it('private-only could not be checked: a notice, never a failure', () => {
    const reads: PrivateOnlyRead[] = [
      {
        region: 'us-south',
        host: 'us.icr.io',
        outcome: 'could-not-check',
        httpStatus: 403,
        detail: 'HTTP 403: reading it needs the Manager role'
      }
    ]
    const fs = findings([{ ...US }], { privateOnly: reads })
    expect(codes(fs)).toEqual(['notice REGISTRY_TOKEN_GRANTED', 'notice REGISTRY_CHECK_SKIPPED'])
    expect(fs[1]!.message).toMatch(
      /^Whether private-only access is on for us-south could not be checked: HTTP 403: reading it needs the Manager role\./
    )
  })

  it('evidence without probes (built by hand): no finding', () => {
    const { registryProbes: _, ...rest } = evidence([])
    expect(registryProbeFindings(rest)).toEqual([])
  })
})
