/**
 * The shared vocabulary of the engine: settings, evidence, findings and the report.
 *
 * Nothing here imports `@actions/*`: the action, the CLI and the tests all use these types as they are.
 */

/** Address family as IBM and Node name it. */
export type Family = 4 | 6

/** `ip-version` input. */
export type IpVersion = '4' | '6' | 'any'

/** `fail-on` input. */
export type FailOn = 'error' | 'warning' | 'never'

/** Finding severity, matching GitHub's annotation levels. */
export type Severity = 'error' | 'warning' | 'notice'

/** Which allowlist a finding or a match belongs to. */
export type ListLevel = 'account' | 'user' | 'input'

/** A registry host the run will talk to, as parsed from the `registry` input (or found in a workflow). */
export interface RegistryTarget {
  /** What the user wrote (host or image reference). */
  raw: string
  /** Lower-cased host, e.g. `private.us.icr.io`. */
  host: string
  /** `private.*` domains are reached over IBM's private network: IAM sees the private source address. */
  private: boolean
  /** IBM region (`us-south`, `global`, …) when known. */
  region?: string
  /** A deprecated `registry.*.bluemix.net` domain: still accepted, but worth a warning. */
  deprecated?: boolean
  /** Where the registry was found (workflow file and line), when it came from a workflow. */
  location?: SourceLocation
}

/** A place in a file, for annotations. */
export interface SourceLocation {
  file: string
  line: number
}

/**
 * Settings, validated once (see `settings.ts`). Every field is typed and checked; the engine never
 * re-parses raw strings.
 */
export interface Settings {
  /** IBM Cloud API key; empty when not given. Never logged. */
  apikey: string
  accountId: string
  /** The `allowlist` input as given (raw text); empty when not given. */
  allowlist: string
  registries: RegistryTarget[]
  /** Egress addresses given by the user (skip discovery when non-empty). Canonical text form. */
  egressIps: string[]
  /** Private source addresses given by the user; when empty the engine uses local interface addresses. */
  privateIps: string[]
  ipEchoUrls: string[]
  ipVersion: IpVersion
  failOn: FailOn
  timeoutSeconds: number
  iamEndpoint: string
  userManagementEndpoint: string
  cbrEndpoint: string
  /** `RUNNER_ENVIRONMENT` (`github-hosted`, `self-hosted`) or undefined when not set. */
  runnerEnvironment?: string
}

/** Stable finding codes: the README documents each one; tests assert them. */
export type FindingCode =
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
  | 'PRIVATE_IP_NOT_FOUND' // a private registry is used but no private source address is known (warning)
  | 'PRIVATE_DOCS_CONTRADICTION' // private registry: IAM docs say only public addresses are supported (notice)
  | 'NO_EVIDENCE' // no list and no probe: nothing to decide on (warning)
  | 'DEPRECATED_REGISTRY_DOMAIN' // registry.*.bluemix.net (warning)
  | 'WORKFLOW_CR_BUILD' // ibmcloud cr build / image-build in the workflow (error)
  | 'WORKFLOW_UNRESOLVABLE' // an expression in a workflow that cannot be resolved (notice)
  | 'WORKFLOW_NOT_FOUND' // the workflow file could not be read (notice)
  | 'WORKFLOW_INVALID' // the workflow file is not valid YAML (warning)
  | 'PR_COMMENT_FAILED' // the pull-request comment could not be written (warning)

/** A finding is data: reporters present it, the engine never prints. */
export interface Finding {
  severity: Severity
  code: FindingCode
  title: string
  message: string
  /** A fix that can be pasted or followed, when there is one. */
  fix?: string
  /** The address the finding is about. */
  subject?: string
  list?: ListLevel
  /** Where in a workflow file the finding belongs (annotation `file` / `startLine`). */
  location?: SourceLocation
}

/** One parsed allowlist entry. Ranges are inclusive and hold canonical text forms. */
export type ListEntry =
  | { kind: 'address'; raw: string; family: Family; first: string; last: string }
  | { kind: 'cidr'; raw: string; family: Family; first: string; last: string }
  | { kind: 'range'; raw: string; family: Family; first: string; last: string }
  | { kind: 'zone'; raw: string; name: string }

/** A malformed entry: reported and skipped. */
export interface EntryError {
  raw: string
  /** Says what is wrong and the expected form. */
  reason: string
}

/** The result of parsing one list string. */
export interface ParsedList {
  monitor: boolean
  empty: boolean
  entries: ListEntry[]
  errors: EntryError[]
}

/** Why an echo answer was discarded or what it said. */
export interface EchoAnswer {
  url: string
  family?: Family
  /** The address the source reported, when usable. */
  ip?: string
  /** Why the answer was not used (HTTP error, timeout, private address, HTML, …). */
  error?: string
  elapsedMs: number
}

/** The outcome of egress discovery. */
export interface EgressResult {
  /** Primary first (IPv4 when any), then secondary addresses. */
  addresses: string[]
  primary?: string
  answers: EchoAnswer[]
  /** Given by the user (`egress-ip`), no discovery done. */
  fromInput: boolean
}

/** Token probe outcome. Never holds the token or the key. */
export interface ProbeResult {
  outcome: 'granted' | 'refused-address' | 'invalid-key' | 'error' | 'unreachable'
  httpStatus?: number
  errorCode?: string
  errorMessage?: string
  accountId?: string
  iamId?: string
  /** The identity is a service ID (no user list). */
  serviceId?: boolean
}

/** A list as read (or given), with its parse. */
export interface ListEvidence {
  level: ListLevel
  /** Where it came from: an API URL (without credentials) or `input`. */
  source: string
  /** Raw list text as read; undefined when it could not be read. */
  raw?: string
  parsed?: ParsedList
  /** Why it could not be read. */
  error?: string
}

/** Whether one subject address is allowed by one list, and by which entry. */
export interface Match {
  subject: string
  level: ListLevel
  /** `allowed`, `not-allowed`, or `unrestricted` (empty list) / `unknown` (list unreadable). */
  status: 'allowed' | 'not-allowed' | 'unrestricted' | 'unknown'
  /** The raw entry (or `zone:name`) that allowed it. */
  entry?: string
  monitor?: boolean
}

/** A subject of the verdict: an address that IAM will see. */
export interface Subject {
  address: string
  role: 'egress-primary' | 'egress-secondary' | 'private-source'
}

export type Result = 'pass' | 'fail' | 'unknown'

/** The whole report, as published in the `report` output (schema in the README). */
export interface Report {
  version: 1
  result: Result
  /** Whether the gate passes for the configured `fail-on`. */
  gatePassed: boolean
  failOn: FailOn
  egressIps: string[]
  missing: string[]
  subjects: Subject[]
  registries: RegistryTarget[]
  egress: EgressResult
  probe?: ProbeResult
  lists: ListEvidence[]
  matches: Match[]
  findings: Finding[]
  runnerEnvironment?: string
  startedAt: string
  elapsedMs: number
}

/** Thrown for invalid input: the message names the input and the expected form. */
export class InputError extends Error {
  constructor(
    public readonly input: string,
    message: string
  ) {
    super(message)
    this.name = 'InputError'
  }
}
