/**
 * Fix texts: what a user pastes or follows to make a refused address pass. Kept apart from the findings so
 * the wording is tested on its own and stays the same in annotations, the summary and the CLI.
 */
import { formatList } from '../allowlist/grammar.js'
import type { TemplateRef } from '../evidence/iam/account-settings.js'
import type { ListLevel } from '../evidence/lists.js'
import type { Fix } from './finding.js'

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

/** Splits a list as IBM stores it into its entries, in order, without the monitor `?`. */
export function listEntries(raw: string): { monitor: boolean; entries: string[] } {
  const text = raw.trim()
  const monitor = text.startsWith('?')
  const entries = (monitor ? text.slice(1) : text)
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter((e) => e.length > 0)
  return { monitor, entries }
}

/**
 * The `ibmcloud` line that sets the account list to its current entries plus `add`. The command replaces
 * the whole list (docs/ibm-facts.md §4), so the line must carry every entry, and keep a monitor `?`.
 */
export function accountListCommand(currentRaw: string, add: readonly string[]): string {
  const { monitor, entries } = listEntries(currentRaw)
  const next = new Set(entries)
  for (const a of add) next.add(a)
  return `ibmcloud iam account-settings-update --allowed-ip-addresses "${formatList(monitor, [...next])}"`
}

/** The fix for addresses a list does not allow, by list level. */
export function listFix(level: ListLevel, currentRaw: string | undefined, add: readonly string[]): Fix {
  const addresses = add.join(', ')
  switch (level) {
    case 'account':
      return {
        steps: [
          `Add ${addresses} to the account's IP address restrictions (this replaces the whole list, so the line keeps every current entry):`
        ],
        command: accountListCommand(currentRaw ?? '', add)
      }
    case 'user':
      return {
        steps: [
          `Add ${addresses} to the user's IP address restrictions. No CLI command exists for a user's list: in the console, ` +
            'Manage > Access (IAM) > Users > the user > IP address restrictions, or PATCH ' +
            '/v2/accounts/{account_id}/users/{iam_id}/settings on the User Management API with the new allowed_ip_addresses.'
        ]
      }
    case 'input':
      return {
        steps: [
          `Add ${addresses} to the 'allowlist' input and to the IBM list it stands for. If that is the account's list, this line sets it:`
        ],
        command: accountListCommand(currentRaw ?? '', add)
      }
  }
}

/** The fix when IAM itself refused the token because of the runner's address. */
export function refusedFix(address: string | undefined, accountRaw: string | undefined): Fix {
  if (!address) {
    return {
      steps: [
        "Find the address IAM sees for this runner (set 'egress-ip' or allow the echo services) and add it to the account's and the user's IP address restrictions."
      ]
    }
  }
  return {
    steps: [
      `Add ${address} to the account's IP address restrictions (and to the user's, when the key belongs to a user).`
    ],
    command: accountRaw !== undefined ? accountListCommand(accountRaw, [address]) : undefined
  }
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
