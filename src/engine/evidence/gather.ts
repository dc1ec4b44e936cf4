/**
 * Gathering: every fact the verdict needs, from the network and the machine, under one deadline. Nothing
 * here judges; each fault is kept in the evidence for the findings to explain.
 */
import type { Settings } from '../settings/settings.js'
import { restrictionsFor, type CbrEvidence } from './cbr/restrictions.js'
import { discoverEgress, type EgressResult } from './egress/discover.js'
import type { HttpClient } from './http/http-client.js'
import { requestToken, type ProbeResult } from './iam/token.js'
import { confirmAddressRefusal } from './iam/token-errors.js'
import { readLists, type CheckedList } from './lists.js'
import { findPrivateSources, type MachineProbe, type PrivateSources } from './private-sources.js'
import { probeRegistries, type RegistryProbes } from './registry/probes.js'
import { readPlanEvidence, type PlanEvidence } from '../plan/evidence.js'

/** Which paths the run checks: the public one (egress address) and/or the private one (private source). */
interface Needs {
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
  /** How they were found, and every candidate considered (absent when the private path is not checked). */
  privateSourceChoice?: Omit<PrivateSources, 'addresses'>
  /** Which path the token probe went over: IAM's private endpoint sees the private source, not the egress. */
  probeOver: 'public' | 'private'
  /** The registry's own answer to the login (`probe-registry`); absent only in evidence built by hand. */
  registryProbes?: RegistryProbes
  /** Container Registry's context-based restrictions (rules and the zones they name), when a key was given. */
  cbr?: CbrEvidence
  /** The `plan` input: the Terraform plan read, with the `.tf` blocks of what it changes. */
  plan?: PlanEvidence
}

/** What gathering is given: the HTTP client, and stand-ins for the machine and the caller. */
export interface GatherDeps {
  http: HttpClient
  /** The machine's interfaces and routes; default: the real ones. */
  machine?: MachineProbe
  /** Told of every secret obtained (the IAM and registry tokens), so the caller can mask it at once. */
  onSecret?: (secret: string) => void
  /** The debug trail. */
  log: (line: string) => void
}

/** The paths a run checks, from the registries it uses. */
function needsOf(settings: Settings): Needs {
  return {
    public: settings.registries.length === 0 || settings.registries.some((r) => !r.private),
    private: settings.registries.some((r) => r.private)
  }
}

/**
 * Gathers the evidence concurrently: discovery, the token probe, the registry logins, and the lists (and the
 * registry's private-only setting) as soon as the token arrives. The lists are read alongside discovery, not
 * after it: echo sources that hang until the run's time limit must not leave no time to read the lists (which
 * alone speak for private addresses).
 */
export async function gatherEvidence(settings: Settings, deps: GatherDeps): Promise<Evidence> {
  const { http, log } = deps
  const needs = needsOf(settings)
  const egressPromise =
    settings.egressIps.length > 0 || !needs.public
      ? Promise.resolve(givenEgress(settings.egressIps))
      : discoverEgress(http, settings.ipEchoUrls, settings.ipVersion, { log })
  const tokenPromise = settings.apikey
    ? requestToken(http, settings.iamEndpoint, settings.apikey)
    : Promise.resolve(undefined)
  const listsPromise = tokenPromise.then((token) => {
    if (token?.accessToken) deps.onSecret?.(token.accessToken)
    log(`token probe: ${token ? token.probe.outcome : 'skipped (no apikey)'}`)
    return readLists(http, settings, token)
  })
  const privateHosts = settings.registries.filter((r) => r.private).map((r) => r.host)
  // The route look-up waits at most a second: a name that does not resolve by then is not on this network.
  const privateSourcesPromise = needs.private
    ? findPrivateSources(settings.privateIps, privateHosts, deps.machine ?? {}, 1000)
    : undefined
  // The registry logins need no IAM token: they start now, alongside discovery and the token probe.
  const registryPromise = probeRegistries(http, settings, tokenPromise, { log, onSecret: deps.onSecret })
  // Context-based restrictions on Container Registry: read alongside the lists, with the same token.
  const cbrPromise = tokenPromise.then((token) => restrictionsFor(http, settings, token, log))
  const planPromise = settings.plan ? readPlanEvidence(settings.plan) : Promise.resolve(undefined)
  const [egress, token, lists, registryProbes, cbr, plan] = await Promise.all([
    egressPromise,
    tokenPromise,
    listsPromise,
    registryPromise,
    cbrPromise,
    planPromise
  ])
  log(`egress: ${egress.fromInput ? 'given' : 'discovered'} ${egress.addresses.join(', ') || 'none'}`)
  for (const l of lists.lists)
    log(
      `list ${l.evidence.level}: ${l.evidence.parsed ? `${l.evidence.parsed.entries.length} entries` : `unreadable (${l.evidence.error ?? 'unknown'})`}`
    )
  const probeOver: Evidence['probeOver'] = new URL(settings.iamEndpoint).hostname.startsWith('private.')
    ? 'private'
    : 'public'
  const found = privateSourcesPromise ? await privateSourcesPromise : undefined
  const privateSources = found?.addresses ?? []
  if (found) {
    log(`private sources (${found.how}${found.guessed ? ', guessed' : ''}): ${privateSources.join(', ') || 'none'}`)
    for (const c of found.candidates)
      log(`private source candidate ${c.address} (${c.origin}): ${c.kept ? 'kept' : 'dropped'}, ${c.why}`)
  }
  // An IAM error that names an address literal is a refusal when the address is this runner's own.
  const probe = token ? confirmAddressRefusal(token.probe, [...egress.addresses, ...privateSources]) : undefined
  const base = {
    needs,
    egress,
    probe,
    ...lists,
    probeOver,
    privateSources,
    registryProbes,
    ...(cbr ? { cbr } : {}),
    ...(plan ? { plan } : {})
  }
  if (!found) return base
  const { addresses: _, ...choice } = found
  return { ...base, privateSourceChoice: choice }
}

/** Egress given by the user: the primary is the first IPv4 address when any (what IAM sees from most networks). */
function givenEgress(addresses: string[]): EgressResult {
  const primary = addresses.find((a) => !a.includes(':')) ?? addresses[0]
  const rest = addresses.filter((a) => a !== primary)
  return { addresses: primary ? [primary, ...rest] : [], primary, answers: [], fromInput: true }
}
