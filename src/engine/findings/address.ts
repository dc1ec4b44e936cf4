/**
 * Findings about subjects a list does not allow: an error for an enforced list, a warning for a monitor-mode
 * list, a secondary address, or a primary address that IAM granted a token to anyway.
 */
import type { Evidence } from '../evidence/gather.js'
import type { Refusal } from '../verdict/match.js'
import type { Subject } from '../verdict/subjects.js'
import type { Disclose } from '../settings/settings.js'
import type { Finding, Fix } from './finding.js'
import { GITHUB_HOSTED_FIX, listFix, templateFix, VPE_NOTE, withSteps } from './fixes.js'
import { LIST_NAME } from './wording.js'

const WHO: Readonly<Record<Subject['role'], string>> = {
  'egress-primary': 'Runner address',
  'egress-secondary': 'Secondary egress address',
  'private-source': 'Private source address'
}

/**
 * One finding per refused subject. The list's fix (one command adding every refused address) is built once
 * and carried by the list's first finding; the others point to it, so the report grows linearly with the
 * number of subjects, not with subjects × list length.
 */
export function addressFindings(
  refusal: Refusal,
  evidence: Evidence,
  runnerEnvironment: string | undefined,
  disclose: Disclose = 'full'
): Finding[] {
  const { level, raw, parsed, template } = refusal.list.evidence
  const listName = LIST_NAME[level]
  const addresses = refusal.subjects.map((s) => s.address)
  const shared = template ? templateFix(template, addresses) : listFix(level, parsed ?? raw, addresses, disclose)
  return refusal.subjects.map((subject, i) => {
    const fix: Fix =
      i === 0 ? shared : { steps: [`The fix of the first finding about ${listName} adds ${subject.address} too.`] }
    return addressFinding(subject, refusal, evidence, roleFix(fix, subject, runnerEnvironment))
  })
}

/** Steps that depend on who the subject is: GitHub-hosted runners' addresses do not last; VPE gateways. */
function roleFix(fix: Fix, subject: Subject, runnerEnvironment: string | undefined): Fix {
  if (subject.role === 'private-source') return withSteps(fix, [], [VPE_NOTE])
  return runnerEnvironment === 'github-hosted' ? withSteps(fix, [GITHUB_HOSTED_FIX]) : fix
}

function addressFinding(subject: Subject, refusal: Refusal, evidence: Evidence, fix: Fix): Finding {
  const { level, parsed } = refusal.list.evidence
  const who = WHO[subject.role]
  const listName = LIST_NAME[level]
  const base = { subject: subject.address, list: level, fix }
  if (parsed?.monitor) {
    return {
      ...base,
      severity: 'warning',
      code: 'ADDRESS_NOT_ALLOWED_MONITOR',
      title: `${who} not in a monitor-mode list`,
      message: `${who} ${subject.address} is not in ${listName}, which is in monitor mode ("?" prefix): IAM logs the request but lets it through. Once the list is enforced, this runner will be refused.`
    }
  }
  if (subject.role === 'egress-secondary') {
    return {
      ...base,
      severity: 'warning',
      code: 'SECONDARY_NOT_ALLOWED',
      title: 'Secondary egress address not allowed',
      message: `Secondary egress address ${subject.address} is not in ${listName}. IAM sees the primary address ${evidence.egress.primary ?? ''} from most networks, but a request that leaves by this address would be refused.`
    }
  }
  if (subject.guessed === true) {
    return {
      ...base,
      severity: 'warning',
      code: 'PRIVATE_SOURCE_GUESSED',
      title: 'Private source guessed, and not allowed',
      message: `${subject.address} is one of several interface addresses that could be this runner's private source, and it is not in ${listName}. Which one IAM sees over the private network could not be told (the registry's private name did not resolve here), so this is a warning, not a failure.`,
      fix: withSteps(fix, [
        `Set 'private-ip' to the address this runner leaves by on IBM's private network, so it is checked for sure.`
      ])
    }
  }
  if (subject.role === 'egress-primary' && evidence.probe?.outcome === 'granted' && evidence.probeOver === 'public') {
    return {
      ...base,
      severity: 'warning',
      code: 'TOKEN_GRANTED_LIST_DISAGREES',
      title: 'IAM granted a token, but the list does not allow this address',
      message: `IAM granted a token to this runner, yet ${subject.address} is not in ${listName}. IAM's own answer wins: it probably sees another address (for example through a proxy or NAT). Check the address IAM sees before relying on this list.`
    }
  }
  return {
    ...base,
    severity: 'error',
    code: 'ADDRESS_NOT_ALLOWED',
    title: `${who} not allowed`,
    message: `${who} ${subject.address} is not in ${listName}: IAM will refuse to create a token, and docker login / push / pull to the registry will fail (often as "connection reset" or "unauthorized").`
  }
}
