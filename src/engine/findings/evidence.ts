/**
 * Findings that follow from one piece of evidence on its own: a list as read and parsed, the echo answers,
 * the token probe. The verdict (subjects against lists) is in verdict.ts.
 */
import { STOPPED_AGREED } from '../evidence/egress/discover.js'
import { GITHUB_HOSTED_FIX, refusedFix } from './fixes.js'
import { legacyRegistryAddresses } from '../registry/legacy.js'
import { EgressResult } from '../evidence/egress/discover.js'
import { Finding } from './finding.js'
import { ListEvidence, ListLevel } from '../evidence/lists.js'
import { ProbeResult } from '../evidence/iam/token.js'

/** How findings name a list in their sentences ("… is not in the account's IAM allowlist"). */
export const LIST_NAME: Readonly<Record<ListLevel, string>> = {
  account: "the account's IAM allowlist",
  user: "the user's IAM allowlist",
  input: "the 'allowlist' input"
}

/** Findings about one list: unreadable, empty, monitor mode, malformed and leftover entries. */
export function listFindings(evidence: ListEvidence): Finding[] {
  const name = LIST_NAME[evidence.level]
  const list = evidence.level
  if (!evidence.parsed) {
    return [
      {
        severity: 'warning',
        code: 'LIST_UNREADABLE',
        list,
        title: `Could not read ${name}`,
        message: `Could not read ${name}: ${evidence.error ?? 'unknown error'}. The check of that list is skipped.`
      }
    ]
  }
  const out: Finding[] = []
  const { parsed } = evidence
  if (parsed.empty) {
    out.push({ severity: 'notice', code: 'LIST_EMPTY', list, title: `${name} is empty`, message: `${name} is empty: that level does not restrict addresses.` })
  } else if (parsed.monitor) {
    out.push({
      severity: 'notice',
      code: 'LIST_MONITOR',
      list,
      title: `${name} is in monitor mode`,
      message: `${name} starts with "?": it is in monitor mode, so IAM logs requests from addresses outside it but does not refuse them.`
    })
  }
  for (const e of parsed.errors) {
    out.push({
      severity: 'warning',
      code: 'ENTRY_MALFORMED',
      list,
      title: 'Malformed allowlist entry',
      message: `Entry ${e.reason.startsWith('"') ? '' : `"${e.raw}" `}in ${name} was skipped: ${e.reason}. It allows nothing; the rest of the list still counts.`,
      fix: `Correct or remove "${e.raw}".`
    })
  }
  const legacy = legacyRegistryAddresses()
  for (const entry of parsed.entries) {
    if (entry.kind !== 'address') continue
    const hit = legacy.get(entry.first)
    if (!hit) continue
    out.push({
      severity: 'warning',
      code: 'ENTRY_LEGACY_REGISTRY',
      list,
      title: 'Leftover Container Registry address in the allowlist',
      message:
        `Entry "${entry.raw}" in ${name} is one of Container Registry's own private addresses (${hit.region}, the set published ${hit.set === 'until_2022_07' ? 'until July 2022, retired on 15 December 2022' : 'after July 2022 for worker-node firewalls'}). ` +
        "Since July 2022 IAM sees the client's own address, so this entry lets nothing through that matters: it is dead weight from outdated advice.",
      fix: `Remove "${entry.raw}" from the list and add the private addresses of the machines that push or pull instead.`
    })
  }
  return out
}

/** Findings about egress discovery. `needed`: the primary egress address is a subject. */
export function egressFindings(egress: EgressResult, needed: boolean, haveProbe: boolean): Finding[] {
  const out: Finding[] = []
  if (egress.fromInput) return out
  // Sources cancelled once others agreed did nothing wrong: they are in the summary's table, not in this notice.
  const failed = egress.answers.filter((a) => a.error && a.error !== STOPPED_AGREED)
  if (failed.length > 0) {
    out.push({
      severity: 'notice',
      code: 'EGRESS_ANSWER_DISCARDED',
      title: `${failed.length} of ${egress.answers.length} echo sources gave no usable answer`,
      message: failed.map((a) => `${a.url}: ${a.error}`).join('; ')
    })
  }
  for (const family of [4, 6] as const) {
    const seen = new Set(egress.answers.filter((a) => a.ip && a.family === family).map((a) => a.ip))
    if (seen.size > 1) {
      out.push({
        severity: 'notice',
        code: 'EGRESS_DISAGREE',
        title: `Echo sources disagree on the IPv${family} egress address`,
        message: `Echo sources saw ${[...seen].join(', ')}. The address most sources agree on is used; the others are checked as secondary addresses (behind a proxy or load-balanced NAT, different services can see different addresses).`
      })
    }
  }
  if (needed && !egress.primary) {
    out.push({
      severity: 'warning',
      code: 'EGRESS_NOT_FOUND',
      title: 'Egress address not found',
      message: `No echo source gave a usable public address${haveProbe ? ', so only the token probe speaks for the public path' : ', and without an API key there is no token probe either, so the public check cannot be decided'}.`,
      fix: "Set 'egress-ip' to the runner's public address, or allow https to the echo services in 'ip-echo-urls' (through HTTPS_PROXY if the runner needs one)."
    })
  }
  return out
}

/** Findings from the token probe. */
export function probeFindings(probe: ProbeResult, primary: string | undefined, accountRaw: string | undefined, runnerEnvironment?: string): Finding[] {
  const raw = probe.errorCode || probe.errorMessage ? ` IAM said: ${[probe.errorCode, probe.errorMessage].filter(Boolean).join(' ')}` : ''
  const status = probe.httpStatus ? ` (HTTP ${probe.httpStatus})` : ''
  switch (probe.outcome) {
    case 'granted':
      return []
    case 'refused-address': {
      const hosted = runnerEnvironment === 'github-hosted' ? `${GITHUB_HOSTED_FIX}\n` : ''
      return [
        {
          severity: 'error',
          code: 'TOKEN_REFUSED_ADDRESS',
          subject: primary,
          title: 'IAM refused this runner\'s address',
          message: `IAM refused to create a token for this runner${primary ? ` (egress address ${primary})` : ''} because of an IP address restriction${status}.${raw}`,
          fix: hosted + refusedFix(primary, accountRaw)
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
          fix: 'Check the secret behind \'apikey\': create a new key with `ibmcloud iam api-key-create NAME` (or for a service ID, `ibmcloud iam service-api-key-create NAME SERVICE_ID`) and store it in the repository secret.'
        }
      ]
    case 'error':
      return [
        {
          severity: 'error',
          code: 'TOKEN_ERROR',
          title: 'IAM refused the token request',
          message: `IAM did not create a token for the API key${status}.${raw || ' No error code was given.'}`,
          fix: 'Look up the error code in IBM Cloud IAM\'s troubleshooting pages; check that the key\'s identity is active (not locked, disabled or suspended).'
        }
      ]
    case 'unreachable':
      return [
        {
          severity: 'warning',
          code: 'TOKEN_UNREACHABLE',
          title: 'IAM token endpoint not reachable',
          message: `The token probe could not reach IAM${status}: ${probe.errorMessage ?? 'no answer'}. The verdict rests on the lists alone.`,
          fix: "Check 'iam-endpoint' and the runner's network (HTTPS_PROXY / NO_PROXY)."
        }
      ]
  }
}
