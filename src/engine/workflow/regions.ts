/**
 * The registry host that `ibmcloud cr region-set REGION` makes `ibmcloud cr login` use.
 *
 * The domain table belongs to `../registry.ts`, which offers a host → region look-up but no region → host one;
 * rather than copy the table, the public hosts are found once by asking it about every `xx[n].icr.io` name.
 */
import { isRegistryHost, lookupRegistryHost } from '../registry.js'

/**
 * The Container Registry CLI's own region names, which predate IBM Cloud's (`ibmcloud cr region-set` lists
 * `ap-north`, `ap-south`, `eu-central`, `uk-south` besides names shared with IBM Cloud such as `us-south`).
 */
const CR_REGION_ALIASES: Readonly<Record<string, string>> = {
  'ap-north': 'jp-tok',
  'ap-south': 'au-syd',
  'eu-central': 'eu-de',
  'uk-south': 'eu-gb'
}

let byRegion: ReadonlyMap<string, string> | undefined

/** region → public (not private, not deprecated) host, `icr.io` first so that `global` maps to it. */
function publicHosts(): ReadonlyMap<string, string> {
  if (byRegion) return byRegion
  const map = new Map<string, string>()
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  const candidates = ['icr.io']
  for (const a of letters) {
    for (const b of letters) {
      for (const n of ['', '2', '3', '4', '5', '6', '7', '8', '9']) candidates.push(`${a}${b}${n}.icr.io`)
    }
  }
  for (const host of candidates) {
    const info = lookupRegistryHost(host)
    // dd0/dd2 are CDN hosts and cp.icr.io is entitled software: never what `cr login` targets.
    if (!info?.region || info.private || info.deprecated || /^(dd\d|cp)\./.test(host)) continue
    if (!map.has(info.region)) map.set(info.region, host)
  }
  byRegion = map
  return map
}

/**
 * The registry host for an `ibmcloud cr region-set` argument (`us-south` → `us.icr.io`, `global` → `icr.io`,
 * `eu-central` → `de.icr.io`; a registry host is taken as is). Undefined when the name is not known.
 */
export function regionHost(region: string): string | undefined {
  const name = region.trim().toLowerCase()
  if (isRegistryHost(name)) return name
  return publicHosts().get(CR_REGION_ALIASES[name] ?? name)
}
