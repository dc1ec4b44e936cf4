/**
 * Resolves a network-zone name found in the account list (context-based restrictions, docs/ibm-facts.md §3)
 * to its members, and reads a zone by the id a context-based restrictions rule names (§9). Members are returned raw (`ipAddress`, `ipRange` "a-b", `subnet` CIDR): the address arithmetic turns
 * them into ranges. Members whose addresses cannot be known from here (VPCs, service references,
 * instances) are named in `uncheckable` so the report can say the zone may allow more than we checked.
 * Nothing is cached: zones change, and each run asks again.
 */
import type { HttpClient } from '../http/http-client.js'
import { getJson, isObject } from '../iam/api.js'

/** A member that is an address, range or subnet. */
export interface ZoneMember {
  type: 'ipAddress' | 'ipRange' | 'subnet'
  value: string
}

/** What a zone name resolved to. */
interface ZoneResolution {
  name: string
  include: ZoneMember[]
  exclude: ZoneMember[]
  /** Members that cannot be checked, e.g. `vpc crn:v1:…`, `serviceRef containers-kubernetes`. */
  uncheckable: string[]
  /** Why the zone could not be resolved (then `include` and `exclude` are empty). */
  error?: string
}

const ADDRESS_TYPES: ReadonlyArray<ZoneMember['type']> = ['ipAddress', 'ipRange', 'subnet']

function isAddressType(type: string): type is ZoneMember['type'] {
  return (ADDRESS_TYPES as readonly string[]).includes(type)
}

/**
 * `GET {cbr}/v1/zones?account_id=…&name=…` to find the zone id, then `GET {cbr}/v1/zones/{id}` for all
 * members (the search answer holds only a preview of the addresses). `cbrEndpoint` has no trailing slash
 * (settings normalise endpoints).
 */
export async function resolveZone(
  http: HttpClient,
  cbrEndpoint: string,
  accountId: string,
  name: string,
  token: string
): Promise<ZoneResolution> {
  const base = `${cbrEndpoint}/v1/zones`
  const searchUrl = `${base}?account_id=${encodeURIComponent(accountId)}&name=${encodeURIComponent(name)}`
  const hints = {
    403:
      "the API key's identity cannot read network zones: give it an access policy on the Context-based " +
      "restrictions service, or list the zone's addresses in the `allowlist` input",
    404: 'check the account id and the context-based restrictions endpoint'
  }
  const result: ZoneResolution = { name, include: [], exclude: [], uncheckable: [] }
  const search = await getJson(http, searchUrl, token, { what: `the network zones of account ${accountId}`, ...hints })
  if (search.error !== undefined) return { ...result, error: search.error }
  const zones = Array.isArray(search.json.zones) ? search.json.zones : undefined
  if (zones === undefined) {
    return { ...result, error: `the zone search answer from ${searchUrl} has no zones array` }
  }
  // The name filter's exact semantics are not documented: keep only exact matches.
  const ids = zones
    .flatMap((z: unknown) => (isObject(z) && z.name === name ? [z.id] : []))
    .filter((id): id is string => typeof id === 'string' && id !== '')
  const [id, ...others] = ids
  if (id === undefined) return { ...result, error: `no network zone named "${name}" in account ${accountId}` }
  if (others.length > 0) {
    const error = `${ids.length} network zones are named "${name}" in account ${accountId} (${ids.join(', ')})`
    return { ...result, error: `${error}; cannot tell which one IAM uses` }
  }

  const zoneUrl = `${base}/${encodeURIComponent(id)}`
  const zone = await getJson(http, zoneUrl, token, { what: `network zone "${name}" (${id})`, ...hints })
  if (zone.error !== undefined) return { ...result, error: zone.error }
  const members = zoneMembers(zone.json, zoneUrl)
  return 'error' in members ? { ...result, error: members.error } : { ...result, ...members }
}

/** A zone read by its id (how rules name zones), with what a fix that rewrites the zone must keep. */
export interface ZoneById extends Omit<ZoneResolution, 'name'> {
  id: string
  /** Empty when the answer names none. */
  name: string
  description: string
  /** CRNs of the zone's `vpc` members (a `zone-update` command must carry them again). */
  vpcs: string[]
}

/**
 * `GET {cbr}/v1/zones/{id}`: a zone named by id in a context-based restrictions rule (`networkZoneId`).
 * Same members and errors as `resolveZone`; the 403 hint names both causes (facts §9): the role, or a rule
 * on the Context-based restrictions service itself.
 */
export async function readZoneById(
  http: HttpClient,
  cbrEndpoint: string,
  id: string,
  token: string
): Promise<ZoneById> {
  const url = `${cbrEndpoint}/v1/zones/${encodeURIComponent(id)}`
  const result: ZoneById = { id, name: '', description: '', include: [], exclude: [], uncheckable: [], vpcs: [] }
  const zone = await getJson(http, url, token, {
    what: `network zone ${id}`,
    403:
      "the API key's identity may lack a role (Viewer or higher) on the Context-based restrictions service, or a " +
      "context-based restrictions rule on that service may refuse this runner's address (IBM answers 403 for both)",
    404: 'no such zone: the rule names a zone that is gone, or the context-based restrictions endpoint is wrong'
  })
  if (zone.error !== undefined) return { ...result, error: zone.error }
  const { json } = zone
  const name = typeof json.name === 'string' ? json.name : ''
  const description = typeof json.description === 'string' ? json.description : ''
  const vpcs = (Array.isArray(json.addresses) ? json.addresses : []).flatMap((m: unknown) =>
    isObject(m) && m.type === 'vpc' && typeof m.value === 'string' ? [m.value] : []
  )
  const members = zoneMembers(json, url)
  return 'error' in members
    ? { ...result, name, error: members.error }
    : { ...result, name, description, vpcs, ...members }
}

/** The members of a zone answer, sorted into addresses, excluded addresses and members that cannot be checked. */
function zoneMembers(
  json: Record<string, unknown>,
  url: string
): Pick<ZoneResolution, 'include' | 'exclude' | 'uncheckable'> | { error: string } {
  if (!Array.isArray(json.addresses)) return { error: `the answer from ${url} has no addresses array` }
  const out = { include: [] as ZoneMember[], exclude: [] as ZoneMember[], uncheckable: [] as string[] }
  for (const member of json.addresses) sortMember(member, out.include, out.uncheckable, '')
  // A zone allows its members less its excluded ones: an exclusion that cannot be read would make the zone
  // allow more than it does, so the zone is then not resolved at all.
  const excluded: unknown = json.excluded ?? []
  if (!Array.isArray(excluded)) {
    return {
      error: `the answer from ${url} has an "excluded" that is not a list, so what the zone leaves out is not known`
    }
  }
  const unreadable: string[] = []
  for (const member of excluded) sortMember(member, out.exclude, unreadable, 'excluded ')
  if (unreadable.length > 0) {
    return {
      error: `excluded members that cannot be read (${unreadable.join(', ')}), so what the zone leaves out is not known`
    }
  }
  return out
}

/** Puts one member in `addresses` when it is an address, range or subnet, else describes it in `other`. */
function sortMember(member: unknown, addresses: ZoneMember[], other: string[], prefix: string): void {
  if (!isObject(member)) {
    other.push(`${prefix}member that is not an object`)
    return
  }
  const type = typeof member.type === 'string' ? member.type : 'untyped'
  if (isAddressType(type) && typeof member.value === 'string') {
    addresses.push({ type, value: member.value })
    return
  }
  other.push(`${prefix}${type} ${describe(member)}`.trim())
}

/** A short, human name for a member we cannot check: its value (a CRN) or its reference's fields. */
function describe(m: Record<string, unknown>): string {
  if (typeof m.value === 'string') return m.value
  const ref = isObject(m.ref) ? m.ref : {}
  const parts = ['service_name', 'service_instance', 'service_type', 'location']
    .map((k) => ref[k])
    .filter((v): v is string => typeof v === 'string' && v !== '')
  return parts.join(' ')
}
