/**
 * Fixes for a context-based restrictions rule that refuses this runner: the network zone to add the address
 * to, with the `ibmcloud cbr zone-update` line when it can be given safely, else the console path.
 *
 * IBM's CBR CLI reference (`cbr-plugin`, `zone-update`): "This operation replaces the network zone ...
 * Partial updates are not supported and the entire network zone object is replaced"; flags `--name`,
 * `--description`, `--addresses` (ipAddress, ipRange, subnet, comma-separated), `--excluded`, `--vpc`
 * (CRNs, comma-separated), `--service-ref`. So the line carries every current member. No command that adds
 * one address to a zone could be confirmed in IBM's docs, and `--service-ref` takes several references in a
 * form that cannot be written back unambiguously: a zone with service references, instances or members that
 * could not be read gets the console path instead, and says why.
 */
import type { CbrZone } from '../evidence/cbr/restrictions.js'
import type { RuleCheck } from '../verdict/cbr.js'
import { parseAllowlist } from '../allowlist/grammar.js'
import type { Fix } from './finding.js'
import { shellQuote } from './shell-quote.js'

const ZONES_CONSOLE = 'in the IBM Cloud console, Manage > Context-based restrictions > Network zones'
const RULES_CONSOLE = 'in the IBM Cloud console, Manage > Context-based restrictions > Rules > the rule > Edit'

/** A zone member the command may carry: an address, range or subnet as the list grammar reads them. */
function addressShaped(value: string): boolean {
  const parsed = parseAllowlist(value)
  return parsed.errors.length === 0 && parsed.entries.length === 1 && parsed.entries[0]?.kind !== 'zone'
}

/** The fix for one refusing rule and address. */
export function cbrFix(check: RuleCheck, zones: readonly CbrZone[]): Fix {
  const address = check.address
  const zone = check.fix ? zones.find((z) => z.id === check.fix?.zoneId) : undefined
  if (address !== undefined && zone?.status === 'resolved') {
    const label = `network zone "${zone.name}" (${zone.id})`
    if (check.fix?.excluded) {
      return {
        steps: [
          `Remove ${address} from the excluded addresses of ${label}: ${ZONES_CONSOLE} > ${zone.name || zone.id} > Edit.`
        ]
      }
    }
    const uncommandable = zone.uncheckable.filter((u) => !u.startsWith('vpc '))
    // A member of no address shape cannot be dropped from a line that replaces the zone: the console it is.
    const odd = [...zone.addresses, ...zone.excluded].filter((a) => !addressShaped(a))
    if (uncommandable.length > 0 || zone.name === '' || odd.length > 0) {
      const why =
        zone.name === ''
          ? 'the zone answer gave no name, which the command must repeat'
          : odd.length > 0
            ? `${odd.length === 1 ? 'a member is' : `${odd.length} members are`} not an address, range or subnet, and the command would drop ${odd.length === 1 ? 'it' : 'them'}`
            : `the zone also holds ${uncommandable.join(', ')}, which the command line cannot be trusted to carry over`
      return {
        steps: [
          `Add ${address} to ${label}: ${ZONES_CONSOLE} > ${zone.name || zone.id} > Edit > Allowed IP addresses. ` +
            `No command is given: \`ibmcloud cbr zone-update\` replaces the whole zone, and ${why}.`
        ]
      }
    }
    // Every value is single-quoted: the name, description, members and CRNs come from IBM's answer.
    const parts = [`ibmcloud cbr zone-update ${shellQuote(zone.id)}`, `--name ${shellQuote(zone.name)}`]
    if (zone.description !== '') parts.push(`--description ${shellQuote(zone.description)}`)
    parts.push(`--addresses ${shellQuote([...zone.addresses, address].join(','))}`)
    if (zone.excluded.length > 0) parts.push(`--excluded ${shellQuote(zone.excluded.join(','))}`)
    if (zone.vpcs.length > 0) parts.push(`--vpc ${shellQuote(zone.vpcs.join(','))}`)
    return {
      steps: [
        `Add ${address} to ${label}, which a context of the rule allows. \`ibmcloud cbr zone-update\` replaces the whole zone ` +
          '(IBM: "Partial updates are not supported"), so this line repeats every current member; check it against ' +
          `\`ibmcloud cbr zone ${zone.id}\` first, or edit the zone ${ZONES_CONSOLE}.`
      ],
      command: parts.join(' ')
    }
  }
  const who = address ?? "this runner's address"
  if (check.contexts.length === 0) {
    return {
      steps: [
        `The rule has no contexts, so it allows nothing. Add a context with a network zone that holds ${who}, or disable ` +
          `the rule if it was not meant for this registry: ${RULES_CONSOLE}.`
      ]
    }
  }
  const endpoint =
    check.endpointType === 'public'
      ? ' and either no endpoint type or the public one (or push from a runner on IBM Cloud to the private.* domain)'
      : ' and either no endpoint type or the private one'
  return {
    steps: [
      `Give the rule a context that allows ${who}: a network zone that holds it${endpoint}. Change a context or add one: ${RULES_CONSOLE}. ` +
        `\`ibmcloud cbr rule ${check.ruleId}\` shows the rule.`
    ]
  }
}
