/**
 * The CLI's flags: what each one does, with an example, for `--help`; and the action's words for its inputs
 * turned into flag names, so that the CLI never tells a terminal user to set an "input".
 */
import { INPUT_NAMES, type InputName } from '../engine/settings/defaults.js'

/** Every engine input but the key (read from IBMCLOUD_API_KEY, never a flag, to stay out of shell history). */
export const FLAGS = INPUT_NAMES.filter((n): n is Exclude<InputName, 'apikey'> => n !== 'apikey')

/** One line per flag: what it does, then an example value. */
export const FLAG_HELP: Readonly<Record<(typeof FLAGS)[number], { what: string; example: string }>> = {
  'account-id': {
    what: 'account whose settings are read (default: the account of the API key)',
    example: '0123456789abcdef0123456789abcdef'
  },
  allowlist: {
    what: "an allowlist to check against, in IBM's grammar (addresses, CIDRs, ranges, zone names, leading ? for monitor mode)",
    example: "'203.0.113.0/24,198.51.100.7'"
  },
  registry: {
    what: 'registry hosts or image references the job uses',
    example: 'us.icr.io,private.de.icr.io/ns/app:1'
  },
  'egress-ip': { what: "this machine's public egress address(es); skips discovery", example: '203.0.113.77' },
  'private-ip': { what: 'source address(es) IAM sees over the private network', example: '10.240.0.5' },
  'ip-echo-urls': {
    what: 'egress discovery sources, comma or newline separated (https)',
    example: 'https://api.ipify.org'
  },
  'ip-version': { what: 'address families to discover: 4, 6 or any', example: '4' },
  'fail-on': { what: 'what makes the exit code 1: error, warning or never', example: 'warning' },
  'timeout-seconds': { what: 'bound on the whole run, in seconds (1 to 600)', example: '30' },
  'iam-endpoint': { what: 'IAM endpoint (https)', example: 'https://private.iam.cloud.ibm.com' },
  'user-management-endpoint': {
    what: 'User Management endpoint (https)',
    example: 'https://user-management.cloud.ibm.com'
  },
  'cbr-endpoint': { what: 'context-based restrictions endpoint (https)', example: 'https://cbr.cloud.ibm.com' },
  'probe-registry': { what: 'log in to each registry as docker login would: auto, true or false', example: 'false' },
  disclose: { what: 'what the report shows of the lists and the account: auto, full or minimal', example: 'minimal' },
  plan: {
    what: "path to a Terraform plan's JSON (terraform show -json PLANFILE), checked before it applies",
    example: 'plan.json'
  },
  'must-allow': {
    what: 'addresses, CIDRs and ranges that must stay allowed (NAME= label per line)',
    example: "'ci=203.0.113.0/24'"
  }
}

const NAME = new RegExp(`'(${INPUT_NAMES.join('|')})'`)

/**
 * A message written for the action, in the CLI's words: `Input 'egress-ip'`, `the 'allowlist' input` and a
 * bare `'fail-on'` become `--egress-ip`, `--allowlist`, `--fail-on`; the key becomes IBMCLOUD_API_KEY.
 */
export function inFlagWords(text: string): string {
  const flag = (name: string): string => (name === 'apikey' ? 'IBMCLOUD_API_KEY' : `--${name}`)
  const g = (re: string): RegExp => new RegExp(re.replace('NAME', NAME.source), 'g')
  return text
    .replace(g('\\bInput NAME'), (_, n: string) => flag(n))
    .replace(g('\\bthe NAME input'), (_, n: string) => flag(n))
    .replace(g('NAME input'), (_, n: string) => flag(n))
    .replace(g('NAME'), (_, n: string) => flag(n))
}
