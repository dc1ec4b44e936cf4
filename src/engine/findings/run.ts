/** Findings about the run as a whole: nothing to check against, no private source, no account in the token. */
import type { Evidence } from '../evidence/gather.js'
import type { Finding } from './finding.js'

/** The account could not be known from the token: its list was not read. */
export function accountFindings(evidence: Evidence): Finding[] {
  if (!evidence.accountUnknown) return []
  return [
    {
      severity: 'warning',
      code: 'TOKEN_CLAIMS_MISSING',
      title: 'Account not known',
      message: "IAM's token names no account (no account.bss claim), so the account's allowlist cannot be read.",
      fix: { steps: ["Set 'account-id' to the account's ID (`ibmcloud account show`)."] }
    }
  ]
}

/** Findings that follow from what the evidence lacks: no private source, nothing to check against. */
export function runFindings(evidence: Evidence): Finding[] {
  const out: Finding[] = []
  if (evidence.needs.private && evidence.privateSources.length === 0) {
    const dropped = (evidence.privateSourceChoice?.candidates ?? []).filter((c) => !c.kept)
    const considered =
      dropped.length > 0
        ? ` Considered and dropped: ${dropped.map((c) => `${c.address} (${c.origin}: ${c.why})`).join('; ')}.`
        : ''
    out.push({
      severity: 'warning',
      code: 'PRIVATE_IP_NOT_FOUND',
      title: 'No private source address',
      message: `A private registry domain is used, but this runner has no usable address in a private range, and 'private-ip' is not set: the private path cannot be checked.${considered}`,
      fix: {
        steps: [
          "Set 'private-ip' to the address IAM sees over IBM's private network (on VPC with VPE gateways: the VPC's cse_source_ips)."
        ]
      }
    })
  }
  if (!evidence.probe && evidence.lists.length === 0 && !evidence.plan) {
    out.push({
      severity: 'warning',
      code: 'NO_EVIDENCE',
      title: 'Nothing to check against',
      message:
        "No API key and no 'allowlist' were given, so no list could be read and IAM was not asked: the result is unknown.",
      fix: {
        steps: [
          "Set 'apikey' (from a secret) to probe IAM and read the account's list, or give the list in 'allowlist'."
        ]
      }
    })
  }
  return out
}
