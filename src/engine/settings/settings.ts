/**
 * Inputs are parsed once, here, into a typed `Settings` (the way actions/checkout's input-helper does), so
 * the action and the CLI validate alike and the engine never sees a raw string. Every error names the
 * input, the value at fault and the form expected.
 */
import type { IpVersion } from '../evidence/egress/discover.js'
import { insecureReason } from '../evidence/http/url-policy.js'
import { parseAddress } from '../net/address.js'
import { parseRegistries } from './registries.js'
import { InputError } from './input-error.js'
import type { RegistryTarget } from './registries.js'
import type { WorkflowContext, WorkflowRead } from '../workflow/context.js'
import { parseMustAllow, parsePlanPath, type MustAllow, type PlanPath } from './plan-inputs.js'
import { DEFAULTS, DEFAULT_ECHO_URLS, type InputName, type RawInputs } from './defaults.js'

const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/

/** Splits a list input on commas, whitespace and newlines, dropping empty items. */
function splitList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

function oneOf<T extends string>(name: InputName, value: string, allowed: readonly T[]): T {
  const v = value.trim().toLowerCase()
  if ((allowed as readonly string[]).includes(v)) return v as T
  throw new InputError(
    name,
    `Input '${name}' is "${value}"; expected one of ${allowed.map((a) => `"${a}"`).join(', ')}.`
  )
}

function addresses(name: InputName, value: string): string[] {
  // A Set for the duplicate check: `out.includes` made 10,000 addresses take over half a second (bench/whole.mjs).
  const out = new Set<string>()
  for (const item of splitList(value)) {
    const parsed = parseAddress(item)
    if (!parsed) {
      throw new InputError(
        name,
        `Input '${name}' holds "${item}", which is not an IP address; expected IPv4 or IPv6 addresses (e.g. 203.0.113.7, 2001:db8::7) separated by commas or newlines.`
      )
    }
    out.add(parsed.text)
  }
  return [...out]
}

function endpoint(name: InputName, value: string): string {
  const v = value.trim()
  const example = name === 'ip-echo-urls' ? DEFAULT_ECHO_URLS[0] : DEFAULTS[name]
  let url: URL
  try {
    url = new URL(v)
  } catch {
    throw new InputError(
      name,
      `Input '${name}' is "${v}", which is not a URL; expected an https URL such as ${example}.`
    )
  }
  if (url.username || url.password) {
    throw new InputError(
      name,
      `Input '${name}' must not carry credentials in the URL; expected an https URL such as ${example}.`
    )
  }
  const insecure = insecureReason(url)
  if (insecure) throw new InputError(name, `Input '${name}': ${insecure}.`)
  // The one place endpoints are normalised: paths are appended to them, so a trailing slash would double up.
  return v.replace(/\/+$/, '')
}

function timeoutSeconds(value: string): number {
  const v = value.trim()
  const n = Number(v)
  if (!/^\d+$/.test(v) || n < 1 || n > 600) {
    throw new InputError(
      'timeout-seconds',
      `Input 'timeout-seconds' is "${value}"; expected a whole number of seconds from 1 to 600.`
    )
  }
  return n
}

/**
 * `probe-registry`: `true` needs the key (the registry login is `iamapikey` + the key); `auto` and `false`
 * never fail. Whether a registry is known is decided later: the workflow's registries are merged in after this.
 */
function probeRegistry(value: string, apikey: string): ProbeRegistry {
  const mode = oneOf<ProbeRegistry>('probe-registry', value, ['auto', 'true', 'false'])
  if (mode === 'true' && !apikey) {
    throw new InputError(
      'probe-registry',
      `Input 'probe-registry' is "true" but 'apikey' is empty: the registry login (user iamapikey) needs the API key. Set 'apikey' (from a secret), or set 'probe-registry' to "auto" or "false".`
    )
  }
  return mode
}

/**
 * Validates raw inputs into `Settings`. Throws `InputError` for the first invalid input.
 * `env` supplies `RUNNER_ENVIRONMENT`; `where.repositoryPublic` (the action reads it from the event payload)
 * decides `disclose: auto`, which is `full` when it is not given (the CLI, a terminal of the user's own).
 */
export function parseSettings(
  raw: RawInputs,
  env: NodeJS.ProcessEnv = process.env,
  where: { repositoryPublic?: boolean } = {}
): Settings {
  const get = (name: InputName): string => raw[name] ?? DEFAULTS[name]
  const accountId = get('account-id').trim()
  if (accountId && !ACCOUNT_ID.test(accountId)) {
    throw new InputError(
      'account-id',
      `Input 'account-id' is "${accountId}"; expected an IBM Cloud account ID (32 hexadecimal characters, as shown by 'ibmcloud account show').`
    )
  }
  const apikey = get('apikey').trim()
  if (accountId && !apikey) {
    throw new InputError(
      'account-id',
      `Input 'account-id' is set but 'apikey' is empty: the account's allowlist can only be read with an API key. Set 'apikey' (from a secret) or remove 'account-id'.`
    )
  }
  const ipVersion = oneOf<IpVersion>('ip-version', get('ip-version'), ['4', '6', 'any'])
  const egressIps = addresses('egress-ip', get('egress-ip'))
  if (ipVersion !== 'any') {
    const wrong = egressIps.find((ip) => parseAddress(ip)?.family !== Number(ipVersion))
    if (wrong) {
      throw new InputError(
        'egress-ip',
        `Input 'egress-ip' holds ${wrong}, but 'ip-version' is "${ipVersion}"; give IPv${ipVersion} addresses or set 'ip-version: any'.`
      )
    }
  }
  const echo = splitList(get('ip-echo-urls')).map((u) => endpoint('ip-echo-urls', u))
  if (echo.length === 0 && egressIps.length === 0) {
    throw new InputError(
      'ip-echo-urls',
      `Input 'ip-echo-urls' is empty and 'egress-ip' is not set; give at least one https echo URL (one per line) or the egress address itself.`
    )
  }
  return {
    apikey,
    accountId,
    allowlist: get('allowlist'),
    registries: parseRegistries(get('registry')),
    egressIps,
    privateIps: addresses('private-ip', get('private-ip')),
    ipEchoUrls: echo,
    ipVersion,
    failOn: oneOf<FailOn>('fail-on', get('fail-on'), ['error', 'warning', 'never']),
    timeoutSeconds: timeoutSeconds(get('timeout-seconds')),
    iamEndpoint: endpoint('iam-endpoint', get('iam-endpoint')),
    userManagementEndpoint: endpoint('user-management-endpoint', get('user-management-endpoint')),
    cbrEndpoint: endpoint('cbr-endpoint', get('cbr-endpoint')),
    probeRegistry: probeRegistry(get('probe-registry'), apikey),
    disclose: disclose(get('disclose'), where.repositoryPublic === true),
    runnerEnvironment: env.RUNNER_ENVIRONMENT || undefined,
    ...planSettings(get('plan'), get('must-allow'), env)
  }
}

/** `plan` and `must-allow`, present in the settings only when given. */
function planSettings(plan: string, mustAllow: string, env: NodeJS.ProcessEnv): Pick<Settings, 'plan' | 'mustAllow'> {
  const planPath = parsePlanPath(plan, env)
  const subjects = parseMustAllow(mustAllow)
  return { ...(planPath ? { plan: planPath } : {}), ...(subjects.length > 0 ? { mustAllow: subjects } : {}) }
}

/** `disclose`: `auto` is `minimal` on a public repository, `full` otherwise. */
function disclose(value: string, repositoryPublic: boolean): Disclose {
  const mode = oneOf<Disclose | 'auto'>('disclose', value, ['auto', 'full', 'minimal'])
  return mode === 'auto' ? (repositoryPublic ? 'minimal' : 'full') : mode
}

/**
 * What the report may show (`disclose`): `full` everything; `minimal` no list contents and no account id
 * (counts per list, the runner's addresses and the addresses to add), for logs that anyone can read.
 */
export type Disclose = 'full' | 'minimal'

/** `fail-on` input. */
export type FailOn = 'error' | 'warning' | 'never'

/** `probe-registry` input: `auto` logs in to each registry when a key and a registry are known. */
export type ProbeRegistry = 'auto' | 'true' | 'false'

/**
 * Settings, validated once by `parseSettings`. Every field is typed and checked; the allowlist stays raw
 * text because its grammar keeps malformed entries as findings rather than input errors. Endpoints carry
 * no trailing slash (normalised here, once).
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
  /** Whether to log in to each registry as `docker login -u iamapikey` would (`probe-registry`). */
  probeRegistry: ProbeRegistry
  /** What the report may show of the lists and the account (`disclose`, `auto` resolved). */
  disclose: Disclose
  /** `RUNNER_ENVIRONMENT` (`github-hosted`, `self-hosted`) or undefined when not set. */
  runnerEnvironment?: string
  /** What the running workflow file said, merged in by `withWorkflowRegistries` before the engine starts. */
  workflow?: WorkflowSettings
  /** `plan`: the JSON of `terraform show -json`, resolved inside the workspace. */
  plan?: PlanPath
  /** `must-allow`: addresses, CIDRs and ranges that must stay allowed. */
  mustAllow?: MustAllow[]
}

/** The running workflow as the engine sees it. */
export interface WorkflowSettings {
  read: WorkflowRead
  /** The user named the registries: the workflow only gave them their lines. */
  registriesNamed: boolean
}

/**
 * Merges what the workflow file says into the settings, before the engine starts. Registries the user
 * named win (the workflow only gives them their lines); with none named, the workflow's registries are used.
 */
export function withWorkflowRegistries(
  settings: Settings,
  workflow: Pick<WorkflowContext, 'registries' | 'read'>
): Settings {
  const registriesNamed = settings.registries.length > 0
  const registries = registriesNamed
    ? settings.registries.map((r) => ({ ...r, location: workflow.registries.find((w) => w.host === r.host)?.location }))
    : workflow.registries
  return { ...settings, registries, workflow: { read: workflow.read, registriesNamed } }
}
