/** Findings from the IAM token probe: refused for the address, invalid key, other errors, unreachable. */
import type { ProbeResult } from '../evidence/iam/token.js'
import type { Disclose } from '../settings/settings.js'
import type { Finding } from './finding.js'
import { GITHUB_HOSTED_FIX, refusedFix, withSteps } from './fixes.js'

/** Findings from the token probe. */
export function probeFindings(
  probe: ProbeResult,
  primary: string | undefined,
  accountRaw: string | undefined,
  runnerEnvironment?: string,
  disclose: Disclose = 'full'
): Finding[] {
  const raw =
    probe.errorCode || probe.errorMessage
      ? ` IAM said: ${[probe.errorCode, probe.errorMessage].filter(Boolean).join(' ')}`
      : ''
  const status = probe.httpStatus ? ` (HTTP ${probe.httpStatus})` : ''
  switch (probe.outcome) {
    case 'granted':
      return []
    case 'refused-address': {
      const hosted = runnerEnvironment === 'github-hosted' ? [GITHUB_HOSTED_FIX] : []
      return [
        {
          severity: 'error',
          code: 'TOKEN_REFUSED_ADDRESS',
          subject: primary,
          title: "IAM refused this runner's address",
          message: `IAM refused to create a token for this runner${primary ? ` (egress address ${primary})` : ''} because of an IP address restriction${status}.${raw}`,
          fix: withSteps(refusedFix(primary, accountRaw, disclose), hosted)
        }
      ]
    }
    case 'invalid-key':
      return [
        {
          severity: 'error',
          code: 'TOKEN_INVALID_KEY',
          title: 'The API key is not valid',
          message: `IAM does not know the API key given in 'apikey'${status}.${raw}`,
          fix: {
            steps: [
              "Check the secret behind 'apikey': create a new key with `ibmcloud iam api-key-create NAME` (or for a service ID, `ibmcloud iam service-api-key-create NAME SERVICE_ID`) and store it in the repository secret."
            ]
          }
        }
      ]
    case 'error':
      return [
        {
          severity: 'error',
          code: 'TOKEN_ERROR',
          title: 'IAM refused the token request',
          message: `IAM did not create a token for the API key${status}.${raw || ' No error code was given.'}`,
          fix: {
            steps: [
              "Look up the error code in IBM Cloud IAM's troubleshooting pages; check that the key's identity is active (not locked, disabled or suspended)."
            ]
          }
        }
      ]
    case 'unreachable':
      return [
        {
          severity: 'warning',
          code: 'TOKEN_UNREACHABLE',
          title: 'IAM token endpoint not reachable',
          message: `The token probe could not reach IAM${status}: ${probe.errorMessage ?? 'no answer'}. The verdict rests on the lists alone.`,
          fix: { steps: ["Check 'iam-endpoint' and the runner's network (HTTPS_PROXY / NO_PROXY)."] }
        }
      ]
  }
}
