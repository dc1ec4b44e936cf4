/**
 * Findings from the registry's own answer (`probe-registry`): one per registry host logged in to, in the
 * registry's own words, with what IAM's token probe and the region's private-only setting add or rule out;
 * then the private-only setting itself, and what was not checked and why.
 */
import type { Evidence } from '../evidence/gather.js'
import type { ProbeResult } from '../evidence/iam/token.js'
import type { RegistryLogin } from '../evidence/registry/outcome.js'
import type { RegistryProbes } from '../evidence/registry/probes.js'
import type { Finding } from './finding.js'
import {
  connectionFix,
  credentialsFix,
  iamContext,
  privateOnlyContext,
  privateOnlyFix,
  quotaFix,
  registrySaid,
  roleFix
} from './registry-probe-text.js'

/** Findings from the registry probes; none when there were none (evidence built by hand). */
export function registryProbeFindings(evidence: Evidence): Finding[] {
  const probes = evidence.registryProbes
  if (!probes) return []
  if (probes.skipped !== undefined)
    return [
      skipped('Registry login not checked', `The registry login was not tried: ${probes.skipped}.`, enableFix(probes))
    ]
  const out = probes.logins.flatMap((login) => loginFindings(login, probes, evidence))
  for (const read of probes.privateOnly) {
    if (read.outcome === 'could-not-check') {
      const why = `Whether private-only access is on for ${read.region} could not be checked: ${read.detail ?? 'no answer'}. The registry login above still speaks for itself.`
      out.push(skipped(`Private-only setting not checked (${read.region})`, why))
    }
  }
  return out
}

/** The findings of one login. */
function loginFindings(login: RegistryLogin, probes: RegistryProbes, evidence: Evidence): Finding[] {
  const { probe } = evidence
  const at = login.location ? { location: login.location } : {}
  const context = `${iamContext(probe, login)}${privateOnlyContext(probes, login)}`
  const said = registrySaid(login)
  const out: Finding[] = []
  const enabled = !login.private && probes.privateOnly.some((p) => p.region === login.region && p.outcome === 'enabled')
  if (login.outcome === 'private-only' || (enabled && login.outcome !== 'skipped')) {
    const setting = enabled
      ? ` The region's private-only setting (GET /api/v1/auth) is on: pulls and pushes over the public network are refused.`
      : ''
    const words = login.outcome === 'private-only' ? ` ${said}` : ''
    out.push({
      severity: 'error',
      code: 'REGISTRY_PRIVATE_ONLY',
      title: `Private-only access refuses ${login.host}`,
      message: `${login.host} is a public domain, and private-only access is enabled for ${login.region ?? 'its region'}.${words}${setting}`,
      fix: privateOnlyFix(login),
      ...at
    })
    if (login.outcome === 'private-only') return out
  }
  switch (login.outcome) {
    case 'granted':
      return [...out, ...grantedFindings(login, probe)]
    case 'credentials-refused':
      return [
        ...out,
        {
          severity: 'error',
          code: 'REGISTRY_CREDENTIALS_REFUSED',
          title: `${login.host} refused the API key`,
          message: `${said}${context}`,
          fix: credentialsFix(probe),
          ...at
        }
      ]
    case 'not-authorized': {
      const role = login.access === 'pull' ? 'Reader' : 'Writer'
      const message = `${said} The key was taken, but not for ${login.repository ? `the repository ${login.repository}` : 'this registry'}.${context}`
      return [
        ...out,
        {
          severity: 'error',
          code: 'REGISTRY_NOT_AUTHORIZED',
          title: `${login.host}: the key is not authorized`,
          message,
          fix: roleFix(login, role, probe),
          ...at
        }
      ]
    }
    case 'quota':
      return [
        ...out,
        {
          severity: 'error',
          code: 'REGISTRY_QUOTA',
          title: `${login.host}: quota exceeded`,
          message: said,
          fix: quotaFix(login),
          ...at
        }
      ]
    case 'connection-refused': {
      const message = `${said} IBM documents a connection reset as what a client sees when the IP allowlist or a context-based restrictions rule refuses it.${context}`
      const fix = connectionFix(login, probe, evidence.egress.primary)
      return [
        ...out,
        {
          severity: 'error',
          code: 'REGISTRY_CONNECTION_REFUSED',
          title: `${login.host} refused the connection`,
          message,
          fix,
          ...at
        }
      ]
    }
    case 'unreachable': {
      const where = login.private ? ` ${login.host} answers only on IBM's private network.` : ''
      const message = `${said}${where} The registry's own answer is missing: the verdict rests on the other evidence.`
      const fix = {
        steps: [
          "Check the runner's network to the registry (HTTPS_PROXY / NO_PROXY, a firewall), or raise 'timeout-seconds'."
        ]
      }
      return [
        ...out,
        {
          severity: 'warning',
          code: 'REGISTRY_UNREACHABLE',
          title: `${login.host} did not answer`,
          message,
          fix,
          ...at
        }
      ]
    }
    case 'unexpected': {
      const fix = {
        steps: [
          `Check what answers for ${login.host} on this network (a proxy or a captive portal may stand in for it); run with the debug trail (ACTIONS_STEP_DEBUG, or --verbose) to see each step.`
        ]
      }
      return [
        ...out,
        {
          severity: 'warning',
          code: 'REGISTRY_UNEXPECTED_ANSWER',
          title: `Unexpected answer from ${login.host}`,
          message: `${said} This is none of the answers the registry's login is documented to give.`,
          fix,
          ...at
        }
      ]
    }
    case 'skipped':
      return [
        ...out,
        { ...skipped(`Registry login not checked (${login.host})`, `${login.detail ?? 'not asked'}.`), ...at }
      ]
  }
}

/** A granted login: the notice, and whether the token grants what the job needs. */
function grantedFindings(login: RegistryLogin, probe: ProbeResult | undefined): Finding[] {
  const at = login.location ? { location: login.location } : {}
  const actions = login.grantedActions
  const grants =
    actions === undefined
      ? ''
      : `; the token grants ${actions.length > 0 ? actions.join(', ') : 'no action'} on ${login.repository ?? ''}`
  const scope = login.scope
    ? ` (scope ${login.scope}${grants})`
    : `. No repository is known, so only the login was checked: name the image (e.g. ${login.host}/NAMESPACE/NAME) in 'registry' to check push`
  const out: Finding[] = [
    {
      severity: 'notice',
      code: 'REGISTRY_TOKEN_GRANTED',
      title: `Registry login granted: ${login.host}`,
      message: `${login.host} granted a registry token to the API key from this runner${scope}.`,
      ...at
    }
  ]
  const repo = login.repository
  if (repo === undefined) return out
  const has = (a: string): boolean => actions === undefined || actions.includes(a) || actions.includes('*')
  if (login.access === 'pull' && !has('pull')) {
    const message = `${login.host} granted a token, but it names no pull on ${repo}: the job's pull will be refused.`
    out.push({
      severity: 'error',
      code: 'REGISTRY_NOT_AUTHORIZED',
      title: `${login.host}: the key is not authorized`,
      message,
      fix: roleFix(login, 'Reader', probe),
      ...at
    })
  } else if (login.access !== 'pull' && (login.narrowedToPull === true || !has('push'))) {
    const how = login.narrowedToPull
      ? 'refused the scope with push and granted pull alone'
      : `granted a token without push (it grants ${actions?.join(', ') || 'no action'})`
    const pushes = login.access === 'push'
    out.push({
      severity: pushes ? 'error' : 'warning',
      code: 'REGISTRY_PUSH_NOT_GRANTED',
      title: `${login.host} grants no push on ${repo}`,
      message: `${login.host} ${how} on ${repo}.${pushes ? ' This job pushes to it: the push will be refused.' : ' If this job pushes to it, the push will be refused.'}`,
      fix: roleFix(login, 'Writer', probe),
      ...at
    })
  }
  return out
}

/** A REGISTRY_CHECK_SKIPPED notice. */
function skipped(title: string, message: string, fix?: Finding['fix']): Finding {
  return fix
    ? { severity: 'notice', code: 'REGISTRY_CHECK_SKIPPED', title, message, fix }
    : { severity: 'notice', code: 'REGISTRY_CHECK_SKIPPED', title, message }
}

/** How to turn the login on, when it was off for a reason the user can change. */
function enableFix(probes: RegistryProbes): Finding['fix'] {
  if (probes.mode === 'false') return undefined
  if (probes.skipped?.includes("'apikey'"))
    return {
      steps: [
        "Set 'apikey' (from a secret) to let the preflight log in to the registry as `docker login -u iamapikey` does."
      ]
    }
  return {
    steps: ["Name the registry the job uses in 'registry' (host or image reference, e.g. us.icr.io/NAMESPACE/NAME)."]
  }
}
