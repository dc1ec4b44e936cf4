/**
 * The engine's entry: gathers the evidence (egress address, token probe, lists, zones), decides, and
 * returns a Report. It never prints; reporters present the report.
 */
import { networkInterfaces } from 'node:os'
import { discoverEgress } from './evidence/egress/discover.js'
import { egressFindings, listFindings, probeFindings } from './findings/evidence.js'
import { createHttpClient } from './evidence/http/client.js'
import { HttpClient } from './evidence/http/http-client.js'
import { requestToken } from './evidence/iam/token.js'
import { isPrivateSource } from './net/address.js'
import { registryFindings } from './findings/registry.js'
import { EgressResult } from './evidence/egress/discover.js'
import { Finding } from './findings/finding.js'
import { ProbeResult } from './evidence/iam/token.js'
import { RegistryTarget } from './settings/registries.js'
import { Report } from './report/schema.js'
import { Settings } from './settings/settings.js'
import { evaluateList, readLists } from './evidence/lists.js'
import { decide } from './verdict/decide.js'

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
  // The lists are read as soon as the token arrives, alongside discovery: echo sources that hang until the
  // run's time limit must not leave no time to read the lists (which alone speak for private addresses).
  const listsPromise = tokenPromise.then(async (token) => {
    const read = await readLists(http, settings, token, findings, deps.onSecret)
    if (settings.allowlist.trim()) {
      const input = { raw: settings.allowlist, source: 'input' }
      read.lists.push(await evaluateList(http, settings, 'input', input, read.accountId, token?.accessToken, findings))
    }
    return read
  })
  const [egress, token, { lists, accountRaw }] = await Promise.all([egressPromise, tokenPromise, listsPromise])
  const probe: ProbeResult | undefined = token?.probe

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
