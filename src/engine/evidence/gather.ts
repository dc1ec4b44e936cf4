/**
 * Gathering: every fact the verdict needs, from the network and the machine, under one deadline. Nothing
 * here judges; each fault is kept in the evidence for the findings to explain.
 */
import type { Settings } from '../settings/settings.js'
import { restrictionsFor, type CbrEvidence } from './cbr/restrictions.js'
import { discoverEgress, type EgressResult } from './egress/discover.js'
import type { HttpClient } from './http/http-client.js'
import { requestToken, type ProbeResult } from './iam/token.js'
import { readLists, type CheckedList } from './lists.js'
import { localPrivateAddresses } from './private-sources.js'

/** Which paths the run checks: the public one (egress address) and/or the private one (private source). */
export interface Needs {
  /** A public registry is used, or none was named: the primary egress address is a subject. */
  public: boolean
  /** A `private.*` registry is used: the private source addresses are subjects. */
  private: boolean
}

/** Everything the verdict and the findings are made from. */
export interface Evidence {
  needs: Needs
  egress: EgressResult
  /** The token probe, when a key was given. */
  probe?: ProbeResult
  lists: CheckedList[]
  /** The account list's raw text, for fixes that keep every current entry. */
  accountRaw?: string
  /** IAM granted a token that names no account, and none was given. */
  accountUnknown: boolean
  /** Private source addresses (given, or the runner's own), when the private path is checked. */
  privateSources: string[]
  /** Container Registry's context-based restrictions (rules and the zones they name), when a key was given. */
  cbr?: CbrEvidence
}

/** What gathering is given: the HTTP client, and stand-ins for the machine and the caller. */
export interface GatherDeps {
  http: HttpClient
  /** Local interface addresses; default: the machine's own. */
  localAddresses?: () => string[]
  /** Told of every secret obtained (the access token), so the caller can mask it at once. */
  onSecret?: (secret: string) => void
  /** The debug trail. */
  log: (line: string) => void
}

/** The paths a run checks, from the registries it uses. */
export function needsOf(settings: Settings): Needs {
  return {
    public: settings.registries.length === 0 || settings.registries.some((r) => !r.private),
    private: settings.registries.some((r) => r.private)
  }
}

/**
 * Gathers the evidence concurrently: discovery, the token probe, and the lists as soon as the token
 * arrives. The lists are read alongside discovery, not after it: echo sources that hang until the run's
 * time limit must not leave no time to read the lists (which alone speak for private addresses).
 */
export async function gatherEvidence(settings: Settings, deps: GatherDeps): Promise<Evidence> {
  const { http, log } = deps
  const needs = needsOf(settings)
  const egressPromise =
    settings.egressIps.length > 0 || !needs.public
      ? Promise.resolve(givenEgress(settings.egressIps))
      : discoverEgress(http, settings.ipEchoUrls, settings.ipVersion, { log })
  const tokenPromise = settings.apikey ? requestToken(http, settings.iamEndpoint, settings.apikey) : Promise.resolve(undefined)
  const listsPromise = tokenPromise.then((token) => {
    if (token?.accessToken) deps.onSecret?.(token.accessToken)
    log(`token probe: ${token ? token.probe.outcome : 'skipped (no apikey)'}`)
    return readLists(http, settings, token)
  })
  // Context-based restrictions on Container Registry: read alongside the lists, with the same token.
  const cbrPromise = tokenPromise.then((token) => restrictionsFor(http, settings, token, log))
  const [egress, token, lists, cbr] = await Promise.all([egressPromise, tokenPromise, listsPromise, cbrPromise])
  log(`egress: ${egress.fromInput ? 'given' : 'discovered'} ${egress.addresses.join(', ') || 'none'}`)
  for (const l of lists.lists) log(`list ${l.evidence.level}: ${l.evidence.parsed ? `${l.evidence.parsed.entries.length} entries` : `unreadable (${l.evidence.error ?? 'unknown'})`}`)
  const privateSources = needs.private
    ? settings.privateIps.length > 0
      ? settings.privateIps
      : (deps.localAddresses ?? localPrivateAddresses)()
    : []
  if (needs.private) log(`private sources: ${privateSources.join(', ') || 'none'}`)
  return { needs, egress, probe: token?.probe, ...lists, privateSources, ...(cbr ? { cbr } : {}) }
}

/** Egress given by the user: the primary is the first IPv4 address when any (what IAM sees from most networks). */
function givenEgress(addresses: string[]): EgressResult {
  const primary = addresses.find((a) => !a.includes(':')) ?? addresses[0]
  const rest = addresses.filter((a) => a !== primary)
  return { addresses: primary ? [primary, ...rest] : [], primary, answers: [], fromInput: true }
}
