/**
 * What a finding is: severity, a stable code (documented in docs/findings.md and asserted by tests), the
 * subject, the list, a title, a message and a fix. Findings are data; the engine never prints them.
 */
import type { SourceLocation } from '../settings/registries.js'
import type { ListLevel } from '../evidence/lists.js'

/** Finding severity, matching GitHub's annotation levels. */
export type Severity = 'error' | 'warning' | 'notice'

/** Stable finding codes: the README documents each one; tests assert them. */
type FindingCode =
  | 'ADDRESS_NOT_ALLOWED' // a subject address is not allowed by an enforced list (error)
  | 'ADDRESS_NOT_ALLOWED_MONITOR' // not allowed by a monitor-mode list (warning)
  | 'SECONDARY_NOT_ALLOWED' // a secondary egress address is not allowed (warning)
  | 'TOKEN_REFUSED_ADDRESS' // IAM refused the token request because of the address (error)
  | 'TOKEN_INVALID_KEY' // BXNIM0415E: the API key is not known (error)
  | 'TOKEN_ERROR' // any other token error (error)
  | 'TOKEN_UNREACHABLE' // the token endpoint could not be reached (warning)
  | 'TOKEN_GRANTED_LIST_DISAGREES' // IAM granted the token but a list read says the address is not allowed (warning)
  | 'TOKEN_CLAIMS_MISSING' // the token is not a JWT, or lacks account.bss / iam_id (warning)
  | 'LIST_UNREADABLE' // a list could not be read (warning)
  | 'LIST_FROM_TEMPLATE' // the account list comes from an enterprise settings template (notice)
  | 'LIST_EFFECTIVE_UNREADABLE' // the effective list could not be read; the account's own was used (notice)
  | 'LIST_EMPTY' // a list is empty: that level is not restricted (notice)
  | 'LIST_MONITOR' // a list is in monitor mode (notice)
  | 'ENTRY_MALFORMED' // an entry is neither an address, range, CIDR nor zone name (warning)
  | 'ENTRY_LEGACY_REGISTRY' // an entry equals a retired Container Registry private address (warning)
  | 'ZONE_UNRESOLVED' // a network-zone name could not be resolved (warning)
  | 'ZONE_UNCHECKABLE_MEMBERS' // a zone holds vpc/serviceRef/instance members (warning)
  | 'ZONE_IN_USER_LIST' // a zone name in a user list (zones are account-level only) (warning)
  | 'EGRESS_NOT_FOUND' // no egress address could be discovered (warning)
  | 'EGRESS_ANSWER_DISCARDED' // an echo answer was not a public unicast address (notice)
  | 'EGRESS_DISAGREE' // echo sources disagreed (notice)
  | 'PRIVATE_SOURCE_GUESSED' // a guessed private source (one of several interface addresses) is not allowed (warning)
  | 'PRIVATE_IP_NOT_FOUND' // a private registry is used but no private source address is known (warning)
  | 'PRIVATE_DOCS_CONTRADICTION' // private registry: IAM docs say only public addresses are supported (notice)
  | 'NO_EVIDENCE' // no list and no probe: nothing to decide on (warning)
  | 'DEPRECATED_REGISTRY_DOMAIN' // registry.*.bluemix.net (warning)
  | 'WORKFLOW_CR_BUILD' // ibmcloud cr build / image-build in the workflow (error)
  | 'WORKFLOW_UNRESOLVABLE' // an expression in a workflow that cannot be resolved (notice)
  | 'WORKFLOW_NOT_FOUND' // the workflow file could not be read (notice)
  | 'WORKFLOW_INVALID' // the workflow file is not valid YAML (warning)
  | 'WORKFLOW_PRIVATE_ON_HOSTED' // a private.* registry used by a job on a GitHub-hosted runner (warning)
  | 'PR_COMMENT_FAILED' // the pull-request comment could not be written (warning)
  | 'REGISTRY_TOKEN_GRANTED' // the registry's login granted a token to the key from this runner (notice)
  | 'REGISTRY_PRIVATE_ONLY' // private-only access is on for the region and the host is public (error)
  | 'REGISTRY_CREDENTIALS_REFUSED' // the registry did not take the key (error)
  | 'REGISTRY_NOT_AUTHORIZED' // the key was taken but not for this (not authorized / insufficient scope) (error)
  | 'REGISTRY_QUOTA' // the account's pull traffic or storage quota is exceeded (error)
  | 'REGISTRY_CONNECTION_REFUSED' // reset, refused or TLS failure after retries (error)
  | 'REGISTRY_PUSH_NOT_GRANTED' // the token does not grant push (error for a job that pushes; warning when its use is unknown)
  | 'REGISTRY_UNREACHABLE' // the registry did not answer in time, or was busy to the end (warning)
  | 'REGISTRY_UNEXPECTED_ANSWER' // an answer none of the documented ones: no Bearer challenge, a foreign realm, HTML (warning)
  | 'REGISTRY_CHECK_SKIPPED' // the registry login or private-only setting was not checked, with why (notice)
  | 'CBR_DENIED' // an enforced context-based restrictions rule on Container Registry refuses this runner (error)
  | 'CBR_DENIED_REPORT' // a report-mode rule would refuse this runner once enforced (warning)
  | 'CBR_MAY_APPLY' // a rule may refuse this runner: its scope or one of its conditions cannot be checked (warning)
  | 'CBR_UNREADABLE' // Container Registry's rules (or part of them) could not be read (warning)
  | 'PLAN_UNREADABLE' // the `plan` file is missing, too large, not JSON or not a 1.x plan (error)
  | 'PLAN_LOCKS_OUT' // a must-allow subject or this runner is allowed today and refused after apply (error)
  | 'PLAN_STILL_REFUSED' // refused today and still refused after apply (error)
  | 'PLAN_NEWLY_ALLOWED' // refused today, allowed after apply (notice)
  | 'PLAN_UNKNOWN_UNTIL_APPLY' // the planned value is known only after apply (warning)
  | 'LIST_LINT_DUPLICATE' // an entry written twice (warning)
  | 'LIST_LINT_COVERED' // an entry inside another entry (notice)
  | 'LIST_LINT_ANYWHERE' // 0.0.0.0/0 or ::/0: the restriction means nothing (warning)
  | 'LIST_LINT_IPV6_UNUSED' // IPv6 entries while every runner in sight is IPv4-only (notice)
  | 'LIST_LINT_PRIVATE_UNUSED' // private-range entries at account level with no private registry used (notice)
  | 'LIST_LINT_UNKNOWN_ZONE' // an entry names a network zone that does not exist (warning)

/** A finding is data: reporters present it, the engine never prints. */
export interface Finding {
  severity: Severity
  code: FindingCode
  title: string
  message: string
  /** A fix that can be pasted or followed, when there is one. */
  fix?: Fix
  /** The address the finding is about. */
  subject?: string
  list?: ListLevel
  /** Where in a workflow file the finding belongs (annotation `file` / `startLine`). */
  location?: SourceLocation
}

/**
 * A fix: the steps to follow, in order, then at most one command to paste. Renderers show the command in a
 * code block; it is kept apart so that nothing has to split a joined string to find it.
 */
export interface Fix {
  steps: string[]
  command?: string
}

/** A fix's lines in order (steps, then the command), for renderers that show plain text. */
export function fixLines(fix: Fix): string[] {
  return fix.command === undefined ? fix.steps : [...fix.steps, fix.command]
}
