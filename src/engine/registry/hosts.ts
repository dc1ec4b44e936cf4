/**
 * IBM Cloud Container Registry domains (docs/ibm-facts.md §5), by region.
 *
 * The domain table is the Registry overview page; `fr2.icr.io` comes from IBM's SDK endpoint maps and the
 * `dd0`/`dd2` hosts are where the registry's CDN redirects blob downloads.
 */

/** What is known about a registry host, without the user's spelling. */
export interface RegistryHostInfo {
  /** Lower-cased host, e.g. `private.us.icr.io`. */
  host: string
  /** `private.*` domains are reached over IBM's private network: IAM sees the private source address. */
  private: boolean
  /** IBM region (`us-south`, `global`, …). */
  region: string
  /** A deprecated `registry.*.bluemix.net` domain: still accepted, but worth a warning. */
  deprecated?: boolean
}

/** region → [public domain, private domain, deprecated domain?] */
const REGIONS: ReadonlyArray<readonly [string, string, string, string?]> = [
  ['global', 'icr.io', 'private.icr.io', 'registry.bluemix.net'],
  ['au-syd', 'au.icr.io', 'private.au.icr.io', 'registry.au-syd.bluemix.net'],
  ['br-sao', 'br.icr.io', 'private.br.icr.io'],
  ['ca-mon', 'ca2.icr.io', 'private.ca2.icr.io'],
  ['ca-tor', 'ca.icr.io', 'private.ca.icr.io'],
  ['eu-de', 'de.icr.io', 'private.de.icr.io', 'registry.eu-de.bluemix.net'],
  ['eu-es', 'es.icr.io', 'private.es.icr.io'],
  ['eu-gb', 'uk.icr.io', 'private.uk.icr.io', 'registry.eu-gb.bluemix.net'],
  ['in-che', 'in.icr.io', 'private.in.icr.io'],
  ['in-mum', 'in2.icr.io', 'private.in2.icr.io'],
  ['jp-osa', 'jp2.icr.io', 'private.jp2.icr.io'],
  ['jp-tok', 'jp.icr.io', 'private.jp.icr.io'],
  ['us-south', 'us.icr.io', 'private.us.icr.io', 'registry.ng.bluemix.net']
]

const HOSTS: ReadonlyMap<string, RegistryHostInfo> = (() => {
  const hosts = new Map<string, RegistryHostInfo>()
  for (const [region, domain, privateDomain, deprecated] of REGIONS) {
    hosts.set(domain, { host: domain, private: false, region })
    hosts.set(privateDomain, { host: privateDomain, private: true, region })
    if (deprecated) hosts.set(deprecated, { host: deprecated, private: false, region, deprecated: true })
    // CDN redirect host per region (`dd0.us.icr.io`); the global ones are added below.
    if (region !== 'global') hosts.set(`dd0.${domain}`, { host: `dd0.${domain}`, private: false, region })
  }
  hosts.set('cp.icr.io', { host: 'cp.icr.io', private: false, region: 'global' })
  hosts.set('fr2.icr.io', { host: 'fr2.icr.io', private: false, region: 'eu-fr2' })
  hosts.set('dd0.icr.io', { host: 'dd0.icr.io', private: false, region: 'global' })
  hosts.set('dd2.icr.io', { host: 'dd2.icr.io', private: false, region: 'global' })
  return hosts
})()

/** Registry domains named in input errors as examples. */
export const REGISTRY_EXAMPLES =
  'icr.io, us.icr.io, private.us.icr.io, de.icr.io, private.de.icr.io, jp.icr.io, cp.icr.io'

/** The public domain of an IBM Cloud region (`us-south` → `us.icr.io`, `global` → `icr.io`), or undefined. */
export function registryHostForRegion(region: string): string | undefined {
  const name = region.trim().toLowerCase()
  if (name === 'eu-fr2') return 'fr2.icr.io'
  return REGIONS.find(([r]) => r === name)?.[1]
}

/** Lower-cases a host and drops a trailing dot and a `:port`. */
function normaliseHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/:[^:]*$/, '')
    .replace(/\.$/, '')
}

/** What is known about a registry host (`us.icr.io`, `US.ICR.IO:443`), or `undefined` if it is not one. */
export function lookupRegistryHost(host: string): RegistryHostInfo | undefined {
  const info = HOSTS.get(normaliseHost(host))
  return info ? { ...info } : undefined
}

/** Whether the host is an IBM Cloud Container Registry domain (deprecated `bluemix.net` ones included). */
export function isRegistryHost(host: string): boolean {
  return HOSTS.has(normaliseHost(host))
}

/**
 * The host of a registry host, image reference or URL, normalised: `https://private.de.icr.io/ns/app:1.2` →
 * `private.de.icr.io`, `US.ICR.IO.:443/ns/app` → `us.icr.io`. The one place a registry host is read.
 */
export function registryHostOf(reference: string): string {
  const withoutScheme = reference.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
  return normaliseHost(withoutScheme.split(/[/@]/)[0] ?? '')
}

/**
 * The repository an image reference names, without tag or digest: `us.icr.io/team/app:1.2` → `team/app`
 * (lower case, as the registry stores it); undefined for a bare host or a path that is no repository.
 */
export function repositoryOf(reference: string): string | undefined {
  const withoutScheme = reference.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
  const slash = withoutScheme.indexOf('/')
  if (slash < 0) return undefined
  const path = withoutScheme
    .slice(slash + 1)
    .replace(/@.*$/, '')
    .replace(/:[^/]*$/, '')
    .replace(/\/+$/, '')
  // `/v2/...` is an API path, not a repository; a repository has a namespace and a name at least.
  if (path === '' || path.startsWith('v2/') || !path.includes('/')) return undefined
  return /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)+$/i.test(path)
    ? path.toLowerCase()
    : undefined
}
