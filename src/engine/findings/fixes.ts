/**
 * Fix texts: what a user pastes or follows to make a refused address pass. Kept apart from the findings so
 * the wording is tested on its own and stays the same in annotations, the summary and the CLI.
 */
import { formatList, parseAllowlist, type ParsedList } from '../allowlist/grammar.js'
import type { TemplateRef } from '../evidence/iam/account-settings.js'
import type { ListLevel } from '../evidence/lists.js'
import type { Disclose } from '../settings/settings.js'
import { legacyRegistryAddresses } from '../registry/legacy.js'
import type { Fix } from './finding.js'
import { shellQuote } from './shell-quote.js'

/** Why allowlisting a GitHub-hosted runner's address does not last, and what to do instead (docs/ibm-facts.md §6). */
export const GITHUB_HOSTED_FIX =
  'This is a GitHub-hosted runner: it takes a new address from a large Azure pool for every job, so adding ' +
  'this one address will not last, and GitHub advises against allowlisting its ranges (over 5,500 CIDRs for Actions). ' +
  "Options: use larger runners with static address ranges (GitHub Team/Enterprise; add the pool's ranges to the list), " +
  "a self-hosted runner with a fixed address, or send the job's traffic through a fixed egress (a proxy or NAT with a " +
  'known address, set as HTTPS_PROXY).'

/** Private registries reached through a VPC's VPE gateway (Registry release note, 11 Nov 2022). */
export const VPE_NOTE =
  "If this runner reaches the registry through a VPE gateway in a VPC, IAM sees the VPC's Cloud Service Endpoint " +
  'source addresses: list them with `ibmcloud is vpc VPC --output json` (field cse_source_ips), put them in the ' +
  "'private-ip' input and in the allowlist."

/** An entry of the current list that a proposed list leaves out, and why. */
interface Dropped {
  raw: string
  why: 'malformed' | 'legacy'
}

/** A list to propose: the current entries worth keeping plus the addresses to add, and what was left out. */
interface Proposed {
  monitor: boolean
  entries: string[]
  dropped: Dropped[]
}

/**
 * The list a fix proposes: the current entries in order (a monitor `?` kept), less the malformed ones (they
 * allow nothing, and an entry of no known shape is the one that could carry shell syntax) and the retired
 * Container Registry addresses (dead weight, ENTRY_LEGACY_REGISTRY), plus `add`.
 */
function proposedList(current: string | ParsedList, add: readonly string[]): Proposed {
  // A list the run already parsed is not parsed again: a long list's fix would otherwise cost a second parse.
  const parsed = typeof current === 'string' ? parseAllowlist(current, { newlines: true }) : current
  const legacy = legacyRegistryAddresses()
  const dropped: Dropped[] = parsed.errors.map((e) => ({ raw: e.raw, why: 'malformed' }))
  const kept: string[] = []
  for (const entry of parsed.entries) {
    if (entry.kind === 'address' && legacy.has(entry.first)) dropped.push({ raw: entry.raw, why: 'legacy' })
    else kept.push(entry.raw)
  }
  return { monitor: parsed.monitor, entries: [...new Set([...kept, ...add])], dropped }
}

/** The sentence naming what a proposed list leaves out, or nothing when it keeps every entry. */
function droppedStep(dropped: readonly Dropped[]): string[] {
  if (dropped.length === 0) return []
  const named = dropped.map(
    (d) =>
      `"${d.raw}" (${d.why === 'legacy' ? 'a retired Container Registry address, ENTRY_LEGACY_REGISTRY' : 'not an address, CIDR, range or network-zone name'})`
  )
  return [
    `The line leaves out ${dropped.length === 1 ? 'this entry, which allows' : 'these entries, which allow'} nothing: ${named.join(', ')}.`
  ]
}

/**
 * The `ibmcloud` line that sets the account list to `proposed`. The command replaces the whole list
 * (docs/ibm-facts.md §4), so the line carries every entry kept, as one single-quoted word.
 */
function accountListCommand(proposed: Proposed): string {
  return `ibmcloud iam account-settings-update --allowed-ip-addresses ${shellQuote(formatList(proposed.monitor, proposed.entries))}`
}

/**
 * The account line that appends `add` to the current list without printing it (`disclose: minimal`): the
 * shell reads the list with `ibmcloud iam account-settings --output json` (jq), keeps a leading `?`, and
 * writes `ADD` alone when the list is empty. The list arrives by command substitution inside double quotes,
 * which the shell does not expand again; if the read fails, nothing is written.
 */
export function accountAppendCommand(add: readonly string[]): string {
  const words = shellQuote(add.join(','))
  return (
    `cur="$(ibmcloud iam account-settings --output json | jq -er '.allowed_ip_addresses // "" | gsub("^\\\\s+|\\\\s+$"; "")')" && ` +
    `case "$cur" in ''|'?') next="$cur"${words} ;; *) next="$cur",${words} ;; esac && ` +
    'ibmcloud iam account-settings-update --allowed-ip-addresses "$next"'
  )
}

/** The account fix under `disclose: minimal`: the append line, and no entry named. */
function minimalAccountFix(add: readonly string[], first: string): Fix {
  return {
    steps: [
      first,
      'The list is not shown here (disclose: minimal); this line reads it, appends the addresses and writes it back (it needs jq):'
    ],
    command: accountAppendCommand(add)
  }
}

/** The fix for addresses a list does not allow, by list level. */
export function listFix(
  level: ListLevel,
  current: string | ParsedList | undefined,
  add: readonly string[],
  disclose: Disclose = 'full'
): Fix {
  const addresses = add.join(', ')
  if (disclose === 'minimal' && level !== 'user') {
    const where = level === 'account' ? "the account's" : "the 'allowlist' input and the account's"
    return minimalAccountFix(add, `Add ${addresses} to ${where} IP address restrictions.`)
  }
  switch (level) {
    case 'account': {
      const proposed = proposedList(current ?? '', add)
      return {
        steps: [
          `Add ${addresses} to the account's IP address restrictions (this replaces the whole list, so the line keeps every current entry):`,
          ...droppedStep(proposed.dropped)
        ],
        command: accountListCommand(proposed)
      }
    }
    case 'user':
      return {
        steps: [
          `Add ${addresses} to the user's IP address restrictions. No CLI command exists for a user's list: in the console, ` +
            'Manage > Access (IAM) > Users > the user > IP address restrictions, or PATCH ' +
            '/v2/accounts/{account_id}/users/{iam_id}/settings on the User Management API with the new allowed_ip_addresses.'
        ]
      }
    case 'input': {
      const proposed = proposedList(current ?? '', add)
      return {
        steps: [
          `Add ${addresses} to the 'allowlist' input and to the IBM list it stands for. If that is the account's list, this line sets it:`,
          ...droppedStep(proposed.dropped)
        ],
        command: accountListCommand(proposed)
      }
    }
  }
}

/** The fix when IAM itself refused the token because of the runner's address. */
export function refusedFix(
  address: string | undefined,
  accountRaw: string | undefined,
  disclose: Disclose = 'full'
): Fix {
  if (!address) {
    return {
      steps: [
        "Find the address IAM sees for this runner (set 'egress-ip' or allow the echo services) and add it to the account's and the user's IP address restrictions."
      ]
    }
  }
  const steps = [
    `Add ${address} to the account's IP address restrictions (and to the user's, when the key belongs to a user).`
  ]
  if (disclose === 'minimal') return minimalAccountFix([address], steps[0] ?? '')
  if (accountRaw === undefined) return { steps }
  const proposed = proposedList(accountRaw, [address])
  return { steps: [...steps, ...droppedStep(proposed.dropped)], command: accountListCommand(proposed) }
}

/** A fix with `before` steps put first (e.g. why a GitHub-hosted runner's address will not last). */
export function withSteps(fix: Fix, before: string[], after: string[] = []): Fix {
  return { ...fix, steps: [...before, ...fix.steps, ...after] }
}

/**
 * The fix when the account list comes from an enterprise settings template: the child account cannot widen
 * it (the stricter setting applies, docs/ibm-facts.md §10), so the addresses go into the template.
 */
export function templateFix(template: TemplateRef, add: readonly string[]): Fix {
  const name = template.name ?? template.id ?? 'the enterprise settings template'
  return {
    steps: [
      `Add ${add.join(', ')} to the IP address restrictions of the enterprise settings template "${name}" in the enterprise account ` +
        '(Enterprise > Settings templates in the console of the enterprise account), then assign the new template version to this account. ' +
        "Changing this child account's own list does not help: IAM applies the stricter of the two."
    ]
  }
}
