/**
 * The registry probes of a run: one login per registry host the job uses, started at once (they need no IAM
 * token, so they run alongside egress discovery and the IAM probe), and, once IAM has granted its token, the
 * private-only setting of each region a public host belongs to. Nothing here judges.
 */
import { registryHostForRegion } from '../../registry/hosts.js'
import type { RegistryTarget } from '../../settings/registries.js'
import type { ProbeRegistry, Settings } from '../../settings/settings.js'
import type { HttpClient } from '../http/http-client.js'
import type { TokenResult } from '../iam/token.js'
import { loginOf, type RegistryLogin } from './outcome.js'
import type { PrivateOnlyRead } from './private-only.js'

/** Everything the registry probes found. Never holds the key or a token. */
export interface RegistryProbes {
  /** The `probe-registry` input. */
  mode: ProbeRegistry
  /** Why no registry was asked at all, when none was. */
  skipped?: string
  logins: RegistryLogin[]
  privateOnly: PrivateOnlyRead[]
  /** Why the private-only setting was not read, when the logins ran but it was not. */
  privateOnlySkipped?: string
}

/** What the probes are given besides the client and the settings. */
interface ProbeDeps {
  log: (line: string) => void
  onSecret?: (secret: string) => void
}

/**
 * Runs the probes. `token` is the IAM probe under way: only the private-only reads wait for it. Hosts are
 * asked at `https://HOST` (the HTTP layer adds the proxy and the deadline).
 */
export async function probeRegistries(
  http: HttpClient,
  settings: Settings,
  token: Promise<TokenResult | undefined>,
  deps: ProbeDeps
): Promise<RegistryProbes> {
  const mode = settings.probeRegistry
  const skipped = runSkipped(settings)
  if (skipped !== undefined) {
    deps.log(`registry probe: skipped (${skipped})`)
    return { mode, skipped, logins: [], privateOnly: [] }
  }
  const targets = oneTargetPerHost(settings.registries)
  // The login code is loaded only for runs that log in: a run without a key pays nothing for it at start.
  const { loginToRegistry } = await import('./login.js')
  const logins = Promise.all(
    targets.map((target) => {
      const why = hostSkipped(target.host)
      if (why !== undefined)
        return Promise.resolve<RegistryLogin>({ ...loginOf(target), outcome: 'skipped', detail: why })
      return loginToRegistry(http, {
        target,
        base: `https://${target.host}`,
        apikey: settings.apikey,
        log: deps.log,
        onSecret: deps.onSecret
      })
    })
  )
  const publicRegions = [
    ...new Set(targets.filter((t) => !t.private && hostSkipped(t.host) === undefined).map((t) => t.region ?? ''))
  ]
  const privateOnly = readRegions(http, settings, publicRegions, token, deps.log)
  const [done, reads] = await Promise.all([logins, privateOnly])
  return { mode, logins: done, ...reads }
}

/** Why the run asks no registry: the input says no, there is no key, or no registry is known. */
function runSkipped(settings: Settings): string | undefined {
  if (settings.probeRegistry === 'false') return "'probe-registry' is false"
  if (!settings.apikey) return "no 'apikey': the registry login (user iamapikey) needs the API key"
  if (settings.registries.length === 0) return "no registry is named in 'registry' or found in the workflow"
  return undefined
}

/**
 * Why a host is not logged in to. `cp.icr.io` serves IBM entitled software and takes an entitlement key
 * (user `cp`), not an IBM Cloud API key: that login is IBM's entitled-software docs, NOT in
 * docs/ibm-facts.md, so the host is left alone rather than refused for a key it never takes. The `dd*` hosts
 * are where the registry's CDN redirects blob downloads (§5): there is no login there.
 */
function hostSkipped(host: string): string | undefined {
  if (host === 'cp.icr.io')
    return 'cp.icr.io (IBM entitled software) takes an entitlement key, not an IBM Cloud API key: not asked'
  if (/^dd\d+\./.test(host)) return `${host} is a download (CDN) host the registry redirects to: it has no login`
  return undefined
}

/**
 * One target per host (the login is per host): the first one naming a repository, else the first; `push`
 * when any of the host's targets for that repository pushes, `pull` when all of them only pull, else unknown.
 */
function oneTargetPerHost(registries: readonly RegistryTarget[]): RegistryTarget[] {
  const byHost = new Map<string, RegistryTarget[]>()
  for (const r of registries) byHost.set(r.host, [...(byHost.get(r.host) ?? []), r])
  const out: RegistryTarget[] = []
  for (const [first, ...rest] of byHost.values()) {
    if (!first) continue
    const all = [first, ...rest]
    const chosen = all.find((r) => r.repository !== undefined) ?? first
    const same = all.filter((r) => r.repository === chosen.repository)
    const access = same.some((r) => r.access === 'push')
      ? 'push'
      : same.every((r) => r.access === 'pull')
        ? 'pull'
        : undefined
    const { access: _, ...target } = chosen
    out.push(access === undefined ? target : { ...target, access })
  }
  return out
}

/** The private-only setting of each region, once IAM's token is there; or why it is not read. */
async function readRegions(
  http: HttpClient,
  settings: Settings,
  regions: readonly string[],
  token: Promise<TokenResult | undefined>,
  log: (line: string) => void
): Promise<Pick<RegistryProbes, 'privateOnly' | 'privateOnlySkipped'>> {
  if (regions.length === 0)
    return {
      privateOnly: [],
      privateOnlySkipped: 'no public registry host: private-only restricts the public network only'
    }
  const iam = await token
  const iamToken = iam?.accessToken
  const accountId = settings.accountId || iam?.probe.accountId
  const notRead = (why: string): Pick<RegistryProbes, 'privateOnly' | 'privateOnlySkipped'> => {
    log(`registry private-only: not read (${why})`)
    return { privateOnly: [], privateOnlySkipped: why }
  }
  if (!iamToken) return notRead('IAM granted no token to read it with')
  if (!accountId) return notRead('the account is not known')
  const privateOnly = await Promise.all(
    regions.map(async (region): Promise<PrivateOnlyRead> => {
      const host = registryHostForRegion(region)
      if (host === undefined)
        return {
          region,
          host: '',
          outcome: 'could-not-check',
          detail: `no registry domain is known for the region "${region}"`
        }
      const { readPrivateOnly } = await import('./private-only.js')
      const read = await readPrivateOnly(http, { region, host, base: `https://${host}`, iamToken, accountId })
      log(`registry private-only ${region}: ${read.outcome}${read.detail ? ` (${read.detail})` : ''}`)
      return read
    })
  )
  return { privateOnly }
}
