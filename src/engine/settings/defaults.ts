/**
 * The action's inputs as action.yml declares them: their names and defaults (a test holds them equal to
 * action.yml), so the CLI's flags behave like the action's inputs.
 */
/** Raw inputs keyed by their action.yml names (hyphens kept). Missing keys take the defaults. */
export type RawInputs = Partial<Record<InputName, string>>

/** The default `ip-echo-urls`: IPv4 and IPv6 sources of four independent operators (docs/ibm-facts.md §7). */
export const DEFAULT_ECHO_URLS: readonly string[] = [
  'https://api.ipify.org',
  'https://api6.ipify.org',
  'https://ipv4.icanhazip.com',
  'https://ipv6.icanhazip.com',
  'https://checkip.amazonaws.com',
  'https://1.1.1.1/cdn-cgi/trace',
  'https://v4.ident.me',
  'https://v6.ident.me'
]

/** Every input of action.yml. */
export const INPUT_NAMES = [
  'apikey',
  'account-id',
  'allowlist',
  'registry',
  'egress-ip',
  'private-ip',
  'ip-echo-urls',
  'ip-version',
  'fail-on',
  'timeout-seconds',
  'iam-endpoint',
  'user-management-endpoint',
  'cbr-endpoint',
  'probe-registry',
  'plan',
  'must-allow',
  'disclose'
] as const

/** The name of an engine input, as action.yml spells it. */
export type InputName = (typeof INPUT_NAMES)[number]

/** Defaults, identical to action.yml's (a test holds them equal), so the CLI behaves like the action. */
export const DEFAULTS: Record<InputName, string> = {
  apikey: '',
  'account-id': '',
  allowlist: '',
  registry: '',
  'egress-ip': '',
  'private-ip': '',
  'ip-echo-urls': DEFAULT_ECHO_URLS.join('\n') + '\n',
  'ip-version': 'any',
  'fail-on': 'error',
  'timeout-seconds': '20',
  'iam-endpoint': 'https://iam.cloud.ibm.com',
  'user-management-endpoint': 'https://user-management.cloud.ibm.com',
  'cbr-endpoint': 'https://cbr.cloud.ibm.com',
  'probe-registry': 'auto',
  plan: '',
  'must-allow': '',
  disclose: 'auto'
}
