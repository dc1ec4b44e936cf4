/**
 * Findings about one list as read and parsed: unreadable, empty, monitor mode, malformed and leftover
 * entries, and the network-zone names it holds.
 */
import type { ListEvidence, ListLevel, ZoneOutcome } from '../evidence/lists.js'
import { legacyRegistryAddresses } from '../registry/legacy.js'
import type { Finding } from './finding.js'
import { LIST_NAME } from './wording.js'

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
    out.push({
      severity: 'notice',
      code: 'LIST_EMPTY',
      list,
      title: `${name} is empty`,
      message: `${name} is empty: that level does not restrict addresses.`
    })
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
      fix: { steps: [`Correct or remove "${e.raw}".`] }
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
      fix: {
        steps: [
          `Remove "${entry.raw}" from the list and add the private addresses of the machines that push or pull instead.`
        ]
      }
    })
  }
  return out
}

/** Where the account list came from: an enterprise template, or the account's own list when the effective one was not readable. */
export function listOriginFindings(evidence: ListEvidence): Finding[] {
  const out: Finding[] = []
  const { template, effectiveUnread } = evidence
  if (template) {
    const name = template.name ?? template.id ?? 'an enterprise settings template'
    const version = template.version !== undefined ? ` (version ${template.version})` : ''
    out.push({
      severity: 'notice',
      code: 'LIST_FROM_TEMPLATE',
      list: evidence.level,
      title: 'Account list set by an enterprise template',
      message: `The account's IP address restrictions come from the enterprise settings template "${name}"${version}: IAM applies the stricter setting, so an address refused here must be added to the template in the enterprise account, not to this child account.`
    })
  }
  if (effectiveUnread !== undefined) {
    out.push({
      severity: 'notice',
      code: 'LIST_EFFECTIVE_UNREADABLE',
      list: evidence.level,
      title: "Effective list not read: the account's own list was used",
      message: `Could not read the account's effective (enterprise-managed) settings: ${effectiveUnread}. The account's own list was checked instead; if an enterprise template applies to this account, IAM enforces the stricter of the two.`
    })
  }
  return out
}

/** Findings about the zone names of one list: not resolved, in a user list, or with members we cannot check. */
export function zoneFindings(level: ListLevel, zones: readonly ZoneOutcome[]): Finding[] {
  return zones.flatMap((zone): Finding[] => {
    const base = { severity: 'warning' as const, list: level }
    switch (zone.status) {
      case 'user-list':
        return [
          {
            ...base,
            code: 'ZONE_IN_USER_LIST',
            title: 'Network-zone name in a user list',
            message: `Entry "${zone.raw}" in the user's allowlist looks like a network-zone name, but zones can only be used in the account's list: it allows nothing.`,
            fix: { steps: [`Replace "${zone.raw}" with the addresses it stands for.`] }
          }
        ]
      case 'no-key':
        return [
          {
            ...base,
            code: 'ZONE_UNRESOLVED',
            title: 'Network zone not resolved',
            message: `Entry "${zone.raw}" names a network zone, which can only be resolved with an API key: it allows nothing in this check.`,
            fix: {
              steps: [
                "Set 'apikey' so the zone can be read, or replace the name with its addresses in the 'allowlist' input."
              ]
            }
          }
        ]
      case 'error':
        return [
          {
            ...base,
            code: 'ZONE_UNRESOLVED',
            title: 'Network zone not resolved',
            message: `Network zone "${zone.name}" could not be resolved: ${zone.error}. It allows nothing in this check.`,
            fix: {
              steps: [
                'Check the zone name with `ibmcloud cbr zones --name NAME`; reading zones needs a role on the Context-based restrictions service.'
              ]
            }
          }
        ]
      case 'resolved':
        if (zone.uncheckable.length === 0) return []
        return [
          {
            ...base,
            code: 'ZONE_UNCHECKABLE_MEMBERS',
            title: 'Network zone members that cannot be checked',
            message: `Network zone "${zone.name}" holds members whose addresses cannot be known from here: ${zone.uncheckable.join(', ')}. Only its addresses, ranges and subnets are checked.`
          }
        ]
    }
  })
}
