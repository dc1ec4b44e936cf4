/**
 * The registry host that `ibmcloud cr region-set REGION` makes `ibmcloud cr login` use.
 *
 * The domain table (docs/ibm-facts.md §5) belongs to `../registry/hosts.ts`; this adds the Container Registry CLI's
 * older region names.
 */
import { isRegistryHost, registryHostForRegion } from '../registry/hosts.js'

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

/**
 * The registry host for an `ibmcloud cr region-set` argument (`us-south` → `us.icr.io`, `global` → `icr.io`,
 * `eu-central` → `de.icr.io`; a registry host is taken as is). Undefined when the name is not known.
 */
export function regionHost(region: string): string | undefined {
  const name = region.trim().toLowerCase()
  if (isRegistryHost(name)) return name
  return registryHostForRegion(CR_REGION_ALIASES[name] ?? name)
}
