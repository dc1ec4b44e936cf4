/**
 * The engine's entry: gathers the evidence (egress address, token probe, lists, zones), decides, and
 * returns a Report. It never prints; reporters present the report.
 */
import { networkInterfaces } from 'node:os'
import { buildMatcher, ZoneRanges } from './allowlist/evaluate.js'
import { entryInterval, parseAllowlist } from './allowlist/grammar.js'
import { discoverEgress } from './egress/discover.js'
import { egressFindings, listFindings, probeFindings } from './evidence-findings.js'
import { createHttpClient } from './http/client.js'
import { HttpClient } from './http/types.js'
import { readAccountList, readUserList } from './ibm/lists.js'
import { requestToken } from './ibm/token.js'
import { resolveZone } from './ibm/zones.js'
import { isPrivateSource } from './net/address.js'
import { registryFindings } from './registry-findings.js'
import { EgressResult, Finding, ListEvidence, ListLevel, ProbeResult, RegistryTarget, Report, Settings } from './types.js'
import { decide, EvaluatedList } from './verdict.js'

/** Time kept back from `timeout-seconds` for deciding and reporting, so the whole step ends on time. */
const REPORT_RESERVE_MS = 400

/** What the engine may be given instead of the real thing (tests, the CLI). */
export interface PreflightDeps {
  http?: HttpClient
  /** Local interface addresses; default: os.networkInterfaces(). */
  localAddresses?: () => string[]
  now?: () => number
  /** Findings made before the engine ran (e.g. from the workflow file), merged into the report. */
  findings?: Finding[]
  /** Told of every secret the engine obtains (the access token), so the caller can mask it. */
  onSecret?: (secret: string) => void
}

/** Non-loopback interface addresses in private ranges: what IAM sees over IBM's private network. */
export function localPrivateAddresses(): string[] {
  const out: string[] = []
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) {
      if (!info.internal && isPrivateSource(info.address) && !out.includes(info.address)) out.push(info.address)
    }
  }
  return out
}

async function evaluateList(
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
  for (const entry of evidence.parsed.entries) {
    if (entry.kind !== 'zone' || zones.has(entry.name)) continue
    zones.set(entry.name, { include: [], exclude: [] })
    if (level === 'user') {
      findings.push({
        severity: 'warning',
        code: 'ZONE_IN_USER_LIST',
        list: level,
        title: 'Network-zone name in a user list',
        message: `Entry "${entry.raw}" in the user's allowlist looks like a network-zone name, but zones can only be used in the account's list: it allows nothing.`,
        fix: `Replace "${entry.raw}" with the addresses it stands for.`
      })
      continue
    }
    if (!token || !accountId) {
      findings.push({
        severity: 'warning',
        code: 'ZONE_UNRESOLVED',
        list: level,
        title: 'Network zone not resolved',
        message: `Entry "${entry.raw}" names a network zone, which can only be resolved with an API key: it allows nothing in this check.`,
        fix: "Set 'apikey' so the zone can be read, or replace the name with its addresses in the 'allowlist' input."
      })
      continue
    }
    const zone = await resolveZone(http, settings.cbrEndpoint, accountId, entry.name, token)
    if (zone.error) {
      findings.push({
        severity: 'warning',
        code: 'ZONE_UNRESOLVED',
        list: level,
        title: 'Network zone not resolved',
        message: `Network zone "${entry.name}" could not be resolved: ${zone.error}. It allows nothing in this check.`,
        fix: 'Check the zone name with `ibmcloud cbr zones --name NAME`; reading zones needs a role on the Context-based restrictions service.'
      })
      continue
    }
    const toRanges = (members: Array<{ value?: string }>) =>
      members.flatMap((m) => parseAllowlist(m.value ?? '').entries.filter((e) => e.kind !== 'zone').map(entryInterval))
    zones.set(entry.name, { include: toRanges(zone.include), exclude: toRanges(zone.exclude) })
    if (zone.uncheckable.length > 0) {
      findings.push({
        severity: 'warning',
        code: 'ZONE_UNCHECKABLE_MEMBERS',
        list: level,
        title: 'Network zone members that cannot be checked',
        message: `Network zone "${entry.name}" holds members whose addresses cannot be known from here: ${zone.uncheckable.join(', ')}. Only its addresses, ranges and subnets are checked.`
      })
    }
  }
  const matcher = buildMatcher(evidence.parsed, zones)
  return { evidence, match: (a) => matcher.match(a) }
}

/** Runs the preflight and returns the report. Throws only on programming errors; faults become findings. */
export async function runPreflight(settings: Settings, deps: PreflightDeps = {}): Promise<Report> {
  const now = deps.now ?? Date.now
  const started = now()
  const http = deps.http ?? createHttpClient({ deadline: started + settings.timeoutSeconds * 1000 - REPORT_RESERVE_MS })
  const findings: Finding[] = [...(deps.findings ?? []), ...registryFindings(settings.registries)]
  const publicNeeded = settings.registries.length === 0 || settings.registries.some((r) => !r.private)
  const privateNeeded = settings.registries.some((r) => r.private)

  const egressPromise: Promise<EgressResult> =
    settings.egressIps.length > 0 || !publicNeeded
      ? Promise.resolve(givenEgress(settings.egressIps))
      : discoverEgress(http, settings.ipEchoUrls, settings.ipVersion)
  const tokenPromise = settings.apikey ? requestToken(http, settings.iamEndpoint, settings.apikey) : Promise.resolve(undefined)
  const [egress, token] = await Promise.all([egressPromise, tokenPromise])
  const probe: ProbeResult | undefined = token?.probe
  if (token?.accessToken) deps.onSecret?.(token.accessToken)

  const lists: EvaluatedList[] = []
  const accountId = settings.accountId || probe?.accountId
  let accountRaw: string | undefined
  if (token?.accessToken) {
    if (!accountId) {
      findings.push({
        severity: 'warning',
        code: 'TOKEN_CLAIMS_MISSING',
        title: 'Account not known',
        message: "IAM's token names no account (no account.bss claim), so the account's allowlist cannot be read.",
        fix: "Set 'account-id' to the account's ID (`ibmcloud account show`)."
      })
    } else {
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
    }
  }
  if (settings.allowlist.trim()) {
    lists.push(await evaluateList(http, settings, 'input', { raw: settings.allowlist, source: 'input' }, accountId, token?.accessToken, findings))
  }

  for (const list of lists) findings.push(...listFindings(list.evidence))
  findings.push(...egressFindings(egress, publicNeeded, probe !== undefined))
  if (probe) findings.push(...probeFindings(probe, egress.primary, accountRaw, settings.runnerEnvironment))

  const privateSources = privateNeeded ? (settings.privateIps.length > 0 ? settings.privateIps : (deps.localAddresses ?? localPrivateAddresses)()) : []
  if (privateNeeded && privateSources.length === 0) {
    findings.push({
      severity: 'warning',
      code: 'PRIVATE_IP_NOT_FOUND',
      title: 'No private source address',
      message: 'A private registry domain is used, but this runner has no interface address in a private range, and \'private-ip\' is not set: the private path cannot be checked.',
      fix: "Set 'private-ip' to the address IAM sees over IBM's private network (on VPC with VPE gateways: the VPC's cse_source_ips)."
    })
  }
  if (!probe && lists.length === 0) {
    findings.push({
      severity: 'warning',
      code: 'NO_EVIDENCE',
      title: 'Nothing to check against',
      message: "No API key and no 'allowlist' were given, so no list could be read and IAM was not asked: the result is unknown.",
      fix: "Set 'apikey' (from a secret) to probe IAM and read the account's list, or give the list in 'allowlist'."
    })
  }

  const verdict = decide({ failOn: settings.failOn, runnerEnvironment: settings.runnerEnvironment, publicNeeded, privateNeeded, egress, privateSources, probe, lists, findings })
  return {
    version: 1,
    result: verdict.result,
    gatePassed: verdict.gatePassed,
    failOn: settings.failOn,
    egressIps: egress.addresses,
    missing: verdict.missing,
    subjects: verdict.subjects,
    registries: settings.registries,
    egress,
    probe,
    lists: lists.map((l) => l.evidence),
    matches: verdict.matches,
    findings: locateFindings(verdict.findings, settings.registries, new Set(verdict.subjects.filter((s) => s.role === 'private-source').map((s) => s.address))),
    runnerEnvironment: settings.runnerEnvironment,
    startedAt: new Date(started).toISOString(),
    elapsedMs: now() - started
  }
}

/** Egress given by the user: the primary is the first IPv4 address when any (what IAM sees from most networks). */
function givenEgress(addresses: string[]): EgressResult {
  const primary = addresses.find((a) => !a.includes(':')) ?? addresses[0]
  const rest = addresses.filter((a) => a !== primary)
  return { addresses: primary ? [primary, ...rest] : [], primary, answers: [], fromInput: true }
}

/**
 * Gives findings about a subject the line of the registry it was checked for, so a failed private
 * registry is annotated on its `registry:` / image line in the pull request's diff.
 */
export function locateFindings(findings: Finding[], registries: RegistryTarget[], privateSubjects: Set<string>): Finding[] {
  const privateAt = registries.find((r) => r.private && r.location)?.location
  const publicAt = registries.find((r) => !r.private && r.location)?.location
  return findings.map((f) => {
    if (f.location || !f.subject) return f
    const at = privateSubjects.has(f.subject) ? privateAt : publicAt
    return at ? { ...f, location: at } : f
  })
}
