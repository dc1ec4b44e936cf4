/**
 * The lists, read and made ready for the verdict: the account's and the user's read with the token, the
 * `allowlist` input, each parsed and its network-zone names resolved through context-based restrictions
 * (members added, `excluded` members subtracted), so the verdict can ask "which entry allows this address?".
 * Nothing here judges: what went wrong is kept as data (`ListEvidence.error`, `ZoneOutcome`) for the findings.
 */
import { buildMatcher, type ZoneRanges } from '../allowlist/matcher.js'
import { entryInterval, parseAllowlist, type ParsedList } from '../allowlist/grammar.js'
import type { Settings } from '../settings/settings.js'
import type { HttpClient } from './http/http-client.js'
import { readAccountList, readUserList, type ListRead, type TemplateRef } from './iam/account-settings.js'
import type { TokenResult } from './iam/token.js'
import { resolveZone, type ZoneMember } from './cbr/zones.js'

/** Which allowlist a finding or a match belongs to. */
export type ListLevel = 'account' | 'user' | 'input'

/** A list as read (or given), with its parse. */
export interface ListEvidence {
  level: ListLevel
  /** Where it came from: an API URL (without credentials) or `input`. */
  source: string
  /** Raw list text as read; undefined when it could not be read. */
  raw?: string
  parsed?: ParsedList
  /** Why it could not be read. */
  error?: string
  /** The enterprise settings template the list comes from (account level only). */
  template?: TemplateRef
  /** Why the effective (enterprise) list could not be read, when the account's own list was read instead. */
  effectiveUnread?: string
  /** Entry counts, set when the entries themselves are left out of a report (`disclose: minimal`). */
  counts?: { entries: number; malformed: number }
}

/** What became of one network-zone name of a list (each name once, with the entry as written). */
export type ZoneOutcome = { name: string; raw: string } & (
  | { status: 'resolved'; uncheckable: string[] }
  | { status: 'no-key' }
  | { status: 'error'; error: string }
  | { status: 'user-list' }
)

/** A list that was read (or given) and can answer "which entry allows this address?". */
export interface CheckedList {
  evidence: ListEvidence
  zones: ZoneOutcome[]
  /** The entry that allows `address`, or undefined. Meaningful only when the list was read and is not empty. */
  match(address: string): string | undefined
  /** The resolved zones' ranges by name (for checks of whole ranges, such as a planned list's). */
  zoneRanges?: ReadonlyMap<string, ZoneRanges>
}

/** The lists of a run, with what the verdict and the findings need to know about the account. */
export interface ListsEvidence {
  lists: CheckedList[]
  /** The account list's raw text, for fixes that must keep every current entry. */
  accountRaw?: string
  /** IAM granted a token that names no account, and none was given: the account list could not be read. */
  accountUnknown: boolean
}

/** Access for zone look-ups: only with a token and an account. */
interface ZoneAccess {
  cbrEndpoint: string
  accountId: string
  token: string
}

/** Parses a list, resolves its zone names (all at once, each once), and returns it ready for the verdict. */
async function checkList(
  http: HttpClient,
  level: ListLevel,
  read: ListRead,
  access?: ZoneAccess
): Promise<CheckedList> {
  const { template, effectiveUnread } = read
  const evidence: ListEvidence = {
    level,
    source: read.source,
    raw: read.raw,
    error: read.error,
    ...(template ? { template } : {}),
    ...(effectiveUnread !== undefined ? { effectiveUnread } : {})
  }
  if (read.raw === undefined) return { evidence, zones: [], match: () => undefined }
  const parsed = parseAllowlist(read.raw, { newlines: level === 'input' })
  evidence.parsed = parsed
  const named = new Map<string, string>()
  for (const entry of parsed.entries)
    if (entry.kind === 'zone' && !named.has(entry.name)) named.set(entry.name, entry.raw)
  const zones = await Promise.all([...named].map(([name, raw]) => zoneOutcome(http, level, name, raw, access)))
  const ranges = new Map<string, ZoneRanges>()
  for (const { outcome, include, exclude } of zones) ranges.set(outcome.name, { include, exclude })
  const matcher = buildMatcher(parsed, ranges)
  return {
    evidence,
    zones: zones.map((z) => z.outcome),
    match: (address) => matcher.match(address),
    zoneRanges: ranges
  }
}

/** One zone name: resolved to its member ranges, or why not (zones mean nothing in a user list). */
async function zoneOutcome(
  http: HttpClient,
  level: ListLevel,
  name: string,
  raw: string,
  access: ZoneAccess | undefined
): Promise<{ outcome: ZoneOutcome; include: ZoneRanges['include']; exclude: ZoneRanges['exclude'] }> {
  const none = { include: [], exclude: [] }
  if (level === 'user') return { outcome: { name, raw, status: 'user-list' }, ...none }
  if (!access) return { outcome: { name, raw, status: 'no-key' }, ...none }
  const zone = await resolveZone(http, access.cbrEndpoint, access.accountId, name, access.token)
  if (zone.error !== undefined) return { outcome: { name, raw, status: 'error', error: zone.error }, ...none }
  const badExclusion = zone.exclude.find((m) => toRanges([m]).length === 0)
  if (badExclusion) {
    const error = `excluded member "${badExclusion.value}" is not an address, range or subnet, so what the zone leaves out is not known`
    return { outcome: { name, raw, status: 'error', error }, ...none }
  }
  return {
    outcome: { name, raw, status: 'resolved', uncheckable: zone.uncheckable },
    include: toRanges(zone.include),
    exclude: toRanges(zone.exclude)
  }
}

function toRanges(members: ZoneMember[]): ZoneRanges['include'] {
  return members.flatMap((m) =>
    parseAllowlist(m.value)
      .entries.filter((e) => e.kind !== 'zone')
      .map(entryInterval)
  )
}

/**
 * Reads the account list (and the user list for a user key) with a granted token, and checks them and the
 * `allowlist` input. Without a token only the input is checked (its zone names stay unresolved).
 */
export async function readLists(
  http: HttpClient,
  settings: Settings,
  token: TokenResult | undefined
): Promise<ListsEvidence> {
  const accessToken = token?.accessToken
  const probe = token?.probe
  const accountId = settings.accountId || probe?.accountId
  const access =
    accessToken && accountId ? { cbrEndpoint: settings.cbrEndpoint, accountId, token: accessToken } : undefined
  const input = settings.allowlist.trim()
    ? checkList(http, 'input', { raw: settings.allowlist, source: 'input' }, access)
    : undefined
  const fromIbm: Array<Promise<CheckedList>> = []
  let accountRaw: Promise<string | undefined> = Promise.resolve(undefined)
  if (access) {
    const account = readAccountList(http, settings.iamEndpoint, access.accountId, access.token)
    // Fixes that rewrite the account's list must start from its own entries, not the enterprise's.
    accountRaw = account.then((r) => r.own ?? r.raw)
    fromIbm.push(account.then((read) => checkList(http, 'account', read, access)))
    if (probe?.iamId && !probe.serviceId) {
      const user = readUserList(http, settings.userManagementEndpoint, access.accountId, probe.iamId, access.token)
      fromIbm.push(user.then((read) => checkList(http, 'user', read, access)))
    }
  }
  const lists = await Promise.all(input ? [...fromIbm, input] : fromIbm)
  return { lists, accountRaw: await accountRaw, accountUnknown: accessToken !== undefined && !accountId }
}
