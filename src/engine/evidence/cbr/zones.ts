/**
 * Resolves a network-zone name found in the account list (context-based restrictions) to its members.
 * Members are returned raw (`ipAddress`, `ipRange` "a-b", `subnet` CIDR): the address arithmetic turns
 * them into ranges. Members whose addresses cannot be known from here (VPCs, service references,
 * instances) are named in `uncheckable` so the report can say the zone may allow more than we checked.
 * Nothing is cached: zones change, and each run asks again.
 */
import type { HttpClient } from '../http/http-client.js'
import { getJson } from '../iam/account-settings.js'
import { trimSlash } from '../iam/token.js'

/** A member that is an address, range or subnet. */
export interface ZoneMember {
  type: 'ipAddress' | 'ipRange' | 'subnet'
  value: string
}

/** What a zone name resolved to. */
export interface ZoneResolution {
  name: string
  zoneId?: string
  include: ZoneMember[]
  exclude: ZoneMember[]
  /** Members that cannot be checked, e.g. `vpc crn:v1:…`, `serviceRef containers-kubernetes`. */
  uncheckable: string[]
  /** Why the zone could not be resolved (then `include` and `exclude` are empty). */
  error?: string
  /** The URL of the zone read (or of the search, when no zone was found). No credential in it. */
  source: string
}

const ADDRESS_TYPES = new Set(['ipAddress', 'ipRange', 'subnet'])

/**
 * `GET {cbr}/v1/zones?account_id=…&name=…` to find the zone id, then `GET {cbr}/v1/zones/{id}` for all
 * members (the search answer holds only a preview of the addresses).
 */
export async function resolveZone(
  http: HttpClient,
  cbrEndpoint: string,
  accountId: string,
  name: string,
  token: string
): Promise<ZoneResolution> {
  const base = `${trimSlash(cbrEndpoint)}/v1/zones`
  const searchUrl = `${base}?account_id=${encodeURIComponent(accountId)}&name=${encodeURIComponent(name)}`
  const hints = {
    403: 'the API key\'s identity cannot read network zones: give it an access policy on the Context-based restrictions service, or list the zone\'s addresses in the `allowlist` input',
    404: 'check the account id and the context-based restrictions endpoint'
  }
  const result: ZoneResolution = { name, include: [], exclude: [], uncheckable: [], source: searchUrl }
  const search = await getJson(http, searchUrl, token, { what: `the network zones of account ${accountId}`, ...hints })
  if (search.error !== undefined) return { ...result, error: search.error }
  const zones = Array.isArray(search.json.zones) ? search.json.zones : undefined
  if (zones === undefined) return { ...result, error: `the zone search answer from ${searchUrl} has no zones array` }
  // The name filter's exact semantics are not documented: keep only exact matches.
  const ids = zones
    .filter((z): z is Record<string, unknown> => z !== null && typeof z === 'object' && (z as Record<string, unknown>).name === name)
    .map((z) => z.id)
    .filter((id): id is string => typeof id === 'string' && id !== '')
  if (ids.length === 0) return { ...result, error: `no network zone named "${name}" in account ${accountId}` }
  if (ids.length > 1) {
    return { ...result, error: `${ids.length} network zones are named "${name}" in account ${accountId} (${ids.join(', ')}); cannot tell which one IAM uses` }
  }

  const zoneUrl = `${base}/${encodeURIComponent(ids[0])}`
  result.zoneId = ids[0]
  result.source = zoneUrl
  const zone = await getJson(http, zoneUrl, token, { what: `network zone "${name}" (${ids[0]})`, ...hints })
  if (zone.error !== undefined) return { ...result, error: zone.error }
  if (!Array.isArray(zone.json.addresses)) return { ...result, error: `the answer from ${zoneUrl} has no addresses array` }
  for (const member of zone.json.addresses) sortMember(member, result.include, result.uncheckable, '')
  const excluded = Array.isArray(zone.json.excluded) ? zone.json.excluded : []
  for (const member of excluded) sortMember(member, result.exclude, result.uncheckable, 'excluded ')
  return result
}

/** Puts one member in `addresses` when it is an address, range or subnet, else describes it in `other`. */
function sortMember(member: unknown, addresses: ZoneMember[], other: string[], prefix: string): void {
  if (member === null || typeof member !== 'object') {
    other.push(`${prefix}member that is not an object`)
    return
  }
  const m = member as Record<string, unknown>
  const type = typeof m.type === 'string' ? m.type : 'untyped'
  if (ADDRESS_TYPES.has(type) && typeof m.value === 'string') {
    addresses.push({ type: type as ZoneMember['type'], value: m.value })
    return
  }
  other.push(`${prefix}${type} ${describe(m)}`.trim())
}

/** A short, human name for a member we cannot check: its value (a CRN) or its reference's fields. */
function describe(m: Record<string, unknown>): string {
  if (typeof m.value === 'string') return m.value
  const ref = m.ref !== null && typeof m.ref === 'object' ? (m.ref as Record<string, unknown>) : {}
  const parts = ['service_name', 'service_instance', 'service_type', 'location']
    .map((k) => ref[k])
    .filter((v): v is string => typeof v === 'string' && v !== '')
  return parts.join(' ')
}
