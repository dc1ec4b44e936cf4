/**
 * The context-based restrictions evidence of a run: Container Registry's rules read with the token, and the
 * network zones those rules name, read by id and made ready for the verdict ("is this address in the zone,
 * or excluded from it?"). Nothing here judges which rule applies or whether it allows: verdict/cbr.ts does.
 * Faults are data (`unreadable`, a zone's `error`) for the findings.
 */
import { buildMatcher, type ZoneRanges } from '../../allowlist/matcher.js'
import { entryInterval, parseAllowlist, type ParsedList } from '../../allowlist/grammar.js'
import type { Settings } from '../../settings/settings.js'
import type { HttpClient } from '../http/http-client.js'
import type { TokenResult } from '../iam/token.js'
import { zoneIdsOf, type CbrRule } from './rule-shape.js'
import type { ZoneMember } from './zones.js'

/** Most zones read for one run: each is a request, and a rule set naming more is not a CI runner's gate. */
export const MAX_ZONES = 50

/** Where an address stands in a zone: in it, in its addresses but excluded, or outside it. */
type ZonePlace = 'in' | 'excluded' | 'out'

/** A zone a rule names, as read by id. */
export type CbrZone = { id: string } & (
  | {
      status: 'resolved'
      name: string
      description: string
      /** Member values as IBM holds them (`ipAddress`, `ipRange`, `subnet`), for a fix that rewrites the zone. */
      addresses: string[]
      excluded: string[]
      /** CRNs of `vpc` members. */
      vpcs: string[]
      /** Members that are not addresses (`vpc …`, `serviceRef …`, `instance …`) or that could not be read. */
      uncheckable: string[]
      place(address: string): ZonePlace
    }
  | { status: 'error'; error: string }
)

/** The restrictions evidence: not read (and why), unreadable, or the rules with their zones. */
export type CbrEvidence =
  | { status: 'not-read'; reason: string }
  | { status: 'unreadable'; source: string; error: string; forbidden: boolean }
  | {
      status: 'read'
      source: string
      accountId: string
      rules: CbrRule[]
      /** Rules set aside because their shape could not be trusted, each with why. */
      malformed: string[]
      /** Why the read stopped short of all the rules, when it did. */
      incomplete?: string
      zones: CbrZone[]
    }

/** Access for the reads: the CBR endpoint, the account and the token. */
export interface CbrAccess {
  cbrEndpoint: string
  accountId: string
  token: string
}

/**
 * The restrictions of a run with a key: read once IAM granted a token that names the account (or
 * `account-id` does). Without a key there is nothing to read with (undefined: no finding, the README says so).
 */
export async function restrictionsFor(
  http: HttpClient,
  settings: Settings,
  token: TokenResult | undefined,
  log: (line: string) => void
): Promise<CbrEvidence | undefined> {
  if (!token) return undefined
  const accountId = settings.accountId || token.probe.accountId
  if (!token.accessToken)
    return { status: 'not-read', reason: 'IAM granted no token, and the rules can only be read with one' }
  if (!accountId) return { status: 'not-read', reason: 'the account is not known (set account-id)' }
  return readRestrictions(http, { cbrEndpoint: settings.cbrEndpoint, accountId, token: token.accessToken }, log)
}

/** Reads the rules, then every zone that a rule not disabled names (each once, at most `MAX_ZONES`). */
export async function readRestrictions(
  http: HttpClient,
  access: CbrAccess,
  log: (line: string) => void
): Promise<CbrEvidence> {
  // Loaded only for runs that read rules (with a key and a token): others pay nothing for it at start.
  const { readRegistryRules } = await import('./rules.js')
  const read = await readRegistryRules(http, access.cbrEndpoint, access.accountId, access.token)
  if (read.error !== undefined) {
    log(`cbr: rules unreadable (${read.error})`)
    return { status: 'unreadable', source: read.source, error: read.error, forbidden: read.forbidden }
  }
  const live = read.rules.filter((r) => r.enforcementMode !== 'disabled')
  const ids = [
    ...new Set(
      live.flatMap((r) =>
        r.contexts.flatMap((c) =>
          c.attributes.filter((a) => a.name === 'networkZoneId').flatMap((a) => zoneIdsOf(a.value))
        )
      )
    )
  ]
  const toRead = ids.slice(0, MAX_ZONES)
  const zones: CbrZone[] = await Promise.all(toRead.map((id) => zoneOf(http, access, id)))
  for (const id of ids.slice(MAX_ZONES)) {
    zones.push({ id, status: 'error', error: `not read: the rules name more than ${MAX_ZONES} network zones` })
  }
  const failed = zones.filter((z) => z.status === 'error').length
  log(
    `cbr: ${read.rules.length} container-registry rules (${read.pages} page${read.pages === 1 ? '' : 's'}, ` +
      `${read.malformed.length} malformed${read.incomplete ? `, incomplete: ${read.incomplete}` : ''}); ` +
      `zones: ${zones.length - failed} read, ${failed} not`
  )
  return {
    status: 'read',
    source: read.source,
    accountId: access.accountId,
    rules: read.rules,
    malformed: read.malformed,
    ...(read.incomplete !== undefined ? { incomplete: read.incomplete } : {}),
    zones
  }
}

/** One zone by id, with a `place` answer built from the allowlist machinery (members minus `excluded`). */
async function zoneOf(http: HttpClient, access: CbrAccess, id: string): Promise<CbrZone> {
  const { readZoneById } = await import('./zones.js')
  const zone = await readZoneById(http, access.cbrEndpoint, id, access.token)
  if (zone.error !== undefined) return { id, status: 'error', error: zone.error }
  const uncheckable = [...zone.uncheckable]
  const include = toRanges(zone.include, uncheckable, '')
  const exclude = toRanges(zone.exclude, uncheckable, 'excluded ')
  // The zone stands as one zone entry of a one-entry list, so the matcher does the subtraction as for lists.
  const list: ParsedList = { monitor: false, empty: false, entries: [{ kind: 'zone', raw: id, name: id }], errors: [] }
  const whole = buildMatcher(list, new Map<string, ZoneRanges>([[id, { include, exclude }]]))
  const members = buildMatcher(list, new Map<string, ZoneRanges>([[id, { include, exclude: [] }]]))
  return {
    id,
    status: 'resolved',
    name: zone.name,
    description: zone.description,
    addresses: zone.include.map((m) => m.value),
    excluded: zone.exclude.map((m) => m.value),
    vpcs: zone.vpcs,
    uncheckable,
    place: (address) =>
      whole.match(address) !== undefined ? 'in' : members.match(address) !== undefined ? 'excluded' : 'out'
  }
}

/** Member values as intervals; a value that is not an address, range or subnet is named in `bad`. */
function toRanges(members: ZoneMember[], bad: string[], prefix: string): ZoneRanges['include'] {
  return members.flatMap((m) => {
    const parsed = parseAllowlist(m.value)
    const entries = parsed.entries.flatMap((e) => (e.kind === 'zone' ? [] : [e]))
    if (entries.length !== 1 || parsed.errors.length > 0) {
      bad.push(`${prefix}${m.type} ${m.value} (not a valid ${m.type})`)
      return []
    }
    return entries.map(entryInterval)
  })
}
