/**
 * The sentences and fixes of the registry-login findings: what the registry said, what the other evidence
 * (IAM's token probe, the private-only setting) adds or rules out, and what to do. Kept apart from
 * `registry-probe.ts` so the wording is read and tested on its own.
 */
import type { ProbeResult } from '../evidence/iam/token.js'
import type { RegistryLogin } from '../evidence/registry/outcome.js'
import type { RegistryProbes } from '../evidence/registry/probes.js'
import type { Fix } from './finding.js'
import { shellQuote } from './shell-quote.js'

/** How IBM's docs name the cause of a reset or a refusal whose words are shared (docs/ibm-facts.md §8). */
const SHARED_WORDS =
  'IBM uses the same words (and the same connection reset) for a refused address, a context-based restrictions (CBR) rule and a missing role'

/** The CLI line that lists the account's CBR rules on Container Registry. */
const CBR_RULES_COMMAND = 'ibmcloud cbr rules --service-name container-registry'

/** "HTTP 403 to the token request", "GET /v2/", or the request alone when no answer came. */
function where(login: RegistryLogin): string {
  const request = login.step === 'challenge' ? 'GET /v2/' : 'the token request'
  return login.httpStatus === undefined ? request : `HTTP ${login.httpStatus} to ${request}`
}

/** What the registry said, in its own words when it gave any: `us.icr.io answered HTTP 401 to …: "…".` */
export function registrySaid(login: RegistryLogin): string {
  const words = [login.registryCode, login.registryMessage]
    .filter((w): w is string => w !== undefined && w !== '')
    .join(': ')
  if (words !== '') return `${login.host} answered ${where(login)}: "${words}".`
  if (login.detail !== undefined)
    return `${login.host}, ${login.step === 'challenge' ? 'GET /v2/' : 'token request'}: ${login.detail}.`
  return `${login.host} answered ${where(login)} with no error text.`
}

/** The region as a shell word (it comes from a workflow or a host name), or the placeholder REGION. */
function regionWord(login: RegistryLogin): string {
  return login.region === undefined ? 'REGION' : shellQuote(login.region)
}

/** The namespace of a login's repository (`ns` of `ns/app`), when one is known. */
function namespaceOf(login: RegistryLogin): string | undefined {
  return login.repository?.split('/')[0]
}

/**
 * What IAM's own token probe adds. Over the public path a granted token rules out the IP allowlists for
 * public domains; it says nothing about a private domain, where IAM sees the private source address.
 */
export function iamContext(probe: ProbeResult | undefined, login: RegistryLogin): string {
  if (!probe) return ''
  if (probe.outcome === 'refused-address') {
    return ' IAM itself refused a token to this runner (TOKEN_REFUSED_ADDRESS): the registry turns the key into an IAM token and meets the same IP allowlists, so that is the first thing to fix.'
  }
  if (probe.outcome === 'invalid-key') return ' IAM does not know the key either (TOKEN_INVALID_KEY).'
  if (probe.outcome !== 'granted') return ''
  if (login.private) {
    return " IAM granted a token to the same key over the public path, which says nothing of this private domain: IAM sees the runner's private address there."
  }
  return " IAM granted a token to the same key from this runner: the key is valid and IAM's IP allowlists let this runner's public address through (ruled out)."
}

/** What the private-only setting of the login's region adds: ruled out, on, or not known. */
export function privateOnlyContext(probes: RegistryProbes, login: RegistryLogin): string {
  if (login.private) return ''
  const read = probes.privateOnly.find((p) => p.region === login.region)
  if (!read) return ''
  if (read.outcome === 'disabled') return ` Private-only access is off for ${read.region} (ruled out).`
  if (read.outcome === 'enabled') return ` Private-only access is ON for ${read.region}.`
  return ` Whether private-only access is on for ${read.region} could not be checked (${read.detail ?? 'no answer'}).`
}

/** The fix for a missing role: Reader pulls, Writer (or Manager) pushes (docs/ibm-facts.md §8). */
export function roleFix(login: RegistryLogin, role: 'Reader' | 'Writer', probe: ProbeResult | undefined): Fix {
  const ns = namespaceOf(login)
  const scope = ns ? ` on the namespace ${ns}` : ''
  const region = login.region && login.region !== 'global' ? ` --region ${shellQuote(login.region)}` : ''
  const resource = ns ? ` --resource-type namespace --resource ${shellQuote(ns)}` : ''
  const user = probe?.serviceId === false
  const who = user ? 'ibmcloud iam user-policy-create USER_EMAIL' : 'ibmcloud iam service-policy-create SERVICE_ID'
  return {
    steps: [
      `Give the key's identity (${user ? 'the user' : 'the service ID'}) the ${role} role on Container Registry${scope}${login.region ? ` in ${login.region}` : ''}: Reader pulls, Writer or Manager pushes.`,
      `If it has that role already, a CBR rule on Container Registry may be refusing this runner (${SHARED_WORDS}): list them with \`${CBR_RULES_COMMAND}\`.`
    ],
    command: `${who} --roles ${role} --service-name container-registry${region}${resource}`
  }
}

/** The fix when private-only access refuses a public domain. */
export function privateOnlyFix(login: RegistryLogin): Fix {
  const privateHost = login.host.startsWith('registry.') ? 'the private.*.icr.io domain' : `private.${login.host}`
  return {
    steps: [
      `Push and pull over IBM's private network: use ${privateHost} from a runner on it (a self-hosted runner in IBM Cloud, or a VPC with a VPE gateway for Container Registry).`,
      `Or, if public access is wanted, turn private-only access off for the region (it needs the Manager role on Container Registry):`
    ],
    command: `ibmcloud cr region-set ${regionWord(login)} && ibmcloud cr private-only --disable`
  }
}

/** The fix when the registry did not take the key. */
export function credentialsFix(probe: ProbeResult | undefined): Fix {
  const steps = [
    'Check the secret behind \'apikey\': it must be an IBM Cloud API key of an active account, logged in with the user name iamapikey (`echo "$KEY" | docker login -u iamapikey --password-stdin HOST`).',
    'Create a new key if needed: `ibmcloud iam api-key-create NAME` (for a service ID: `ibmcloud iam service-api-key-create NAME SERVICE_ID`), and store it in the repository secret.'
  ]
  if (probe?.outcome === 'granted') {
    steps.push(
      `IAM took this key from this runner, so the key itself is valid: look for a CBR rule on Container Registry (${SHARED_WORDS}): \`${CBR_RULES_COMMAND}\`.`
    )
  }
  return { steps }
}

/** The fix when a quota is exceeded. */
export function quotaFix(login: RegistryLogin): Fix {
  return {
    steps: [
      'Pull traffic is counted per month and resets at the start of the next one; storage is freed by deleting images (`ibmcloud cr retention-run`, `ibmcloud cr image-rm`).',
      `See the usage and raise the quota for the region (within the plan's limits):`
    ],
    command: `ibmcloud cr region-set ${regionWord(login)} && ibmcloud cr quota && ibmcloud cr quota-set --traffic MEGABYTES --storage MEGABYTES`
  }
}

/** The fix when the connection was reset, refused or failed TLS. */
export function connectionFix(login: RegistryLogin, probe: ProbeResult | undefined, egress: string | undefined): Fix {
  const code = login.networkCode ?? ''
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|EPROTO/.test(code)) {
    return {
      steps: [
        `The TLS handshake with ${login.host} failed (${code}): something on the path, usually a proxy that inspects TLS, presented another certificate.`,
        "Give Node that proxy's CA certificate (`NODE_EXTRA_CA_CERTS=/path/to/ca.pem` in the step's env), or exempt *.icr.io from TLS inspection."
      ]
    }
  }
  if (probe?.outcome === 'refused-address') {
    return {
      steps: ["Add this runner's address to IAM's IP allowlists first (see TOKEN_REFUSED_ADDRESS), then run again."]
    }
  }
  const address = login.private
    ? "this runner's private address"
    : egress
      ? `this runner's egress address ${egress}`
      : "this runner's address"
  const steps = [
    `Look for a CBR rule on Container Registry whose contexts do not allow ${address}, and add the address to a network zone of that rule (or use an endpoint type it allows).`
  ]
  if (login.private)
    steps.push(
      `${login.host} is reachable only from IBM's private network (a runner in IBM Cloud, or through a VPE gateway).`
    )
  else if (code === 'ECONNREFUSED') steps.push(`A firewall on the runner's network may block ${login.host}:443.`)
  return { steps, command: CBR_RULES_COMMAND }
}
