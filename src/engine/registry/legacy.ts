/**
 * Container Registry's own private addresses that allowlists once had to hold (docs/ibm-facts.md §1). Since
 * July 2022 IAM sees the client's own address, so these entries are leftovers of outdated advice.
 */
import { parseAddress } from '../net/address.js'
import legacy from './legacy-private-ips.json' with { type: 'json' }

/** Which published set a retired registry private address comes from. */
export type LegacySet = 'until_2022_07' | 'after_2022_07'

interface LegacyRegion {
  region: string
  after_2022_07?: string[]
  until_2022_07?: string[]
}

let legacyCache: ReadonlyMap<string, { region: string; set: LegacySet }> | undefined

/**
 * The registry's retired private addresses, keyed by canonical address text. They were once required in
 * allowlists for private connections; since July 2022 IAM sees the client's own address instead.
 */
export function legacyRegistryAddresses(): ReadonlyMap<string, { region: string; set: LegacySet }> {
  if (legacyCache) return legacyCache
  const map = new Map<string, { region: string; set: LegacySet }>()
  for (const region of legacy.regions as LegacyRegion[]) {
    for (const set of ['until_2022_07', 'after_2022_07'] as const) {
      for (const text of region[set] ?? []) {
        const address = parseAddress(text)
        if (address) map.set(address.text, { region: region.region, set })
      }
    }
  }
  legacyCache = map
  return map
}
