/**
 * The lists, read and made ready for the verdict: the account's and the user's read with the token, each
 * list parsed and its network-zone names resolved through context-based restrictions (members added,
 * `excluded` members subtracted), so the verdict can ask "which entry allows this address?".
 */
import { buildMatcher, ZoneRanges } from '../allowlist/matcher.js'
import { entryInterval, parseAllowlist } from '../allowlist/grammar.js'
import { HttpClient } from './http/http-client.js'
import { readAccountList, readUserList } from './iam/account-settings.js'
import { requestToken } from './iam/token.js'
import { resolveZone } from './cbr/zones.js'
import { Finding } from '../findings/finding.js'
import { Settings } from '../settings/settings.js'
import { EvaluatedList } from '../verdict/decide.js'
import type { ParsedList } from '../allowlist/grammar.js'

/** Parses a list read from IBM (or given), resolves its zones, and returns it ready for the verdict. */
export async function evaluateList(
  http: HttpClient,
  settings: Settings,
  level: ListLevel,
  read: { raw?: string; error?: string; source: string },
  accountId: string | undefined,
  token: string | undefined,
  findings: Finding[]
): Promise<EvaluatedList> {
  const evidence: ListEvidence = { level, source: read.source, raw: read.raw, error: read.error }
  if (read.raw === undefined) return { evidence, match: () => undefined }
  evidence.parsed = parseAllowlist(read.raw, { newlines: level === 'input' })
  const zones = new Map<string, ZoneRanges>()
  // Each zone name once, with the entry as written; all zones of a list are resolved at the same time.
  const named = new Map<string, string>()
  for (const entry of evidence.parsed.entries) if (entry.kind === 'zone' && !named.has(entry.name)) named.set(entry.name, entry.raw)
  const resolvable = level !== 'user' && token !== undefined && accountId !== undefined
  const resolved = resolvable ? await Promise.all([...named.keys()].map((name) => resolveZone(http, settings.cbrEndpoint, accountId, name, token))) : []
  for (const [i, [name, raw]] of [...named].entries()) {
    zones.set(name, { include: [], exclude: [] })
    if (level === 'user') {
      findings.push({
        severity: 'warning',
        code: 'ZONE_IN_USER_LIST',
        list: level,
        title: 'Network-zone name in a user list',
        message: `Entry "${raw}" in the user's allowlist looks like a network-zone name, but zones can only be used in the account's list: it allows nothing.`,
        fix: `Replace "${raw}" with the addresses it stands for.`
      })
      continue
    }
    const zone = resolved[i]
    if (!zone) {
      findings.push({
        severity: 'warning',
        code: 'ZONE_UNRESOLVED',
        list: level,
        title: 'Network zone not resolved',
        message: `Entry "${raw}" names a network zone, which can only be resolved with an API key: it allows nothing in this check.`,
        fix: "Set 'apikey' so the zone can be read, or replace the name with its addresses in the 'allowlist' input."
      })
      continue
    }
    if (zone.error) {
      findings.push({
        severity: 'warning',
        code: 'ZONE_UNRESOLVED',
        list: level,
        title: 'Network zone not resolved',
        message: `Network zone "${name}" could not be resolved: ${zone.error}. It allows nothing in this check.`,
        fix: 'Check the zone name with `ibmcloud cbr zones --name NAME`; reading zones needs a role on the Context-based restrictions service.'
      })
      continue
    }
    const toRanges = (members: Array<{ value?: string }>) =>
      members.flatMap((m) => parseAllowlist(m.value ?? '').entries.filter((e) => e.kind !== 'zone').map(entryInterval))
    zones.set(name, { include: toRanges(zone.include), exclude: toRanges(zone.exclude) })
    if (zone.uncheckable.length > 0) {
      findings.push({
        severity: 'warning',
        code: 'ZONE_UNCHECKABLE_MEMBERS',
        list: level,
        title: 'Network zone members that cannot be checked',
        message: `Network zone "${name}" holds members whose addresses cannot be known from here: ${zone.uncheckable.join(', ')}. Only its addresses, ranges and subnets are checked.`
      })
    }
  }
  const matcher = buildMatcher(evidence.parsed, zones)
  return { evidence, match: (a) => matcher.match(a) }
}

/**
 * With a granted token: reads the account list (and the user list for a user key) and evaluates them. Zone
 * findings go into `findings` as the lists are evaluated.
 */
export async function readLists(
  http: HttpClient,
  settings: Settings,
  token: Awaited<ReturnType<typeof requestToken>> | undefined,
  findings: Finding[],
  onSecret: ((secret: string) => void) | undefined
): Promise<{ lists: EvaluatedList[]; accountId?: string; accountRaw?: string }> {
  const probe = token?.probe
  const lists: EvaluatedList[] = []
  const accountId = settings.accountId || probe?.accountId
  let accountRaw: string | undefined
  if (!token?.accessToken) return { lists, accountId }
  onSecret?.(token.accessToken)
  if (!accountId) {
    findings.push({
      severity: 'warning',
      code: 'TOKEN_CLAIMS_MISSING',
      title: 'Account not known',
      message: "IAM's token names no account (no account.bss claim), so the account's allowlist cannot be read.",
      fix: "Set 'account-id' to the account's ID (`ibmcloud account show`)."
    })
    return { lists, accountId }
  }
  const accessToken = token.accessToken
  const reads: Array<Promise<[ListLevel, { raw?: string; error?: string; source: string }]>> = [
    readAccountList(http, settings.iamEndpoint, accountId, accessToken).then((r) => ['account', r])
  ]
  if (probe?.iamId && !probe.serviceId) {
    reads.push(readUserList(http, settings.userManagementEndpoint, accountId, probe.iamId, accessToken).then((r) => ['user', r]))
  }
  for (const [level, read] of await Promise.all(reads)) {
    if (level === 'account') accountRaw = read.raw
    lists.push(await evaluateList(http, settings, level, read, accountId, accessToken, findings))
  }
  return { lists, accountId, accountRaw }
}

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
}
