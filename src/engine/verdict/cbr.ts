/**
 * Context-based restrictions on Container Registry, evaluated for the address the registry will see
 * (docs/ibm-facts.md §9): the primary egress address for public hosts (endpoint type `public`), each private
 * source for `private.*` hosts (`private`). IBM's rule logic: a context allows when all its attributes hold; a
 * rule allows when one of its contexts does (a rule with no contexts allows nothing); every rule that applies
 * must allow. Each attribute answers yes, no or unknown, so a check that cannot be made is never taken for
 * an answer. Pure: no I/O, no findings (findings/cbr.ts words them).
 */
import type { CbrEvidence, CbrZone } from '../evidence/cbr/restrictions.js'
import type { CbrRule } from '../evidence/cbr/rule-shape.js'
import type { Evidence } from '../evidence/gather.js'
import type { RegistryTarget, SourceLocation } from '../settings/registries.js'
import { checkAttribute, zoneIds, type AttributeCheck, type Request } from './cbr-context.js'
import { ruleScope, type ScopeTarget } from './cbr-scope.js'

/** One context of a rule: `allows` when every attribute holds, `denies` when one does not, else `unconfirmed`. */
interface ContextCheck {
  outcome: 'allows' | 'denies' | 'unconfirmed'
  attributes: AttributeCheck[]
}

/** One rule that applies (or may) to one registry, checked for one address. */
export interface RuleCheck {
  ruleId: string
  description: string
  enforcementMode: string
  /** The registry host; absent when no registry was named (any registry of the account). */
  host?: string
  location?: SourceLocation
  /** The address the registry will see; absent when it is not known. */
  address?: string
  endpointType: 'public' | 'private'
  scope: 'applies' | 'may-apply'
  /** Why the rule only may apply. */
  scopeReasons: string[]
  outcome: 'allows' | 'denies' | 'unconfirmed'
  contexts: ContextCheck[]
  /** A zone that would let a context allow once `address` is in it (the context fails on its zones alone). */
  fix?: { zoneId: string; excluded: boolean }
}

/** The evaluation, as the `report` output carries it (data only). */
export interface CbrEvaluation {
  status: CbrEvidence['status']
  source?: string
  /** Why the rules were not read, or could not be. */
  error?: string
  forbidden?: boolean
  incomplete?: string
  malformed: string[]
  rulesRead: number
  /** Ids of rules in `disabled` mode: read, not evaluated. */
  disabled: string[]
  /** Hosts no rule of the account governs, with why. */
  skipped: Array<{ host: string; why: string }>
  zones: Array<{ id: string; name?: string; error?: string }>
  checks: RuleCheck[]
  /** Checks left out of this copy by `maxChecks` (the allowing ones go first). */
  checksOmitted?: number
}

/** IBM's entitled-software registry: another account's registry, which this account's rules do not govern. */
const ENTITLED_HOST = 'cp.icr.io'

/**
 * Evaluates the rules read for every registry and address; undefined when no key was given. `maxChecks`
 * bounds the checks kept (the report's copy: an output has a size limit; findings see them all).
 */
export function evaluateCbr(
  evidence: Pick<Evidence, 'cbr' | 'egress' | 'privateSources'>,
  registries: readonly RegistryTarget[],
  maxChecks = Number.POSITIVE_INFINITY
): CbrEvaluation | undefined {
  const cbr = evidence.cbr
  if (cbr === undefined) return undefined
  const base = { status: cbr.status, malformed: [], rulesRead: 0, disabled: [], skipped: [], zones: [], checks: [] }
  if (cbr.status === 'not-read') return { ...base, error: cbr.reason }
  if (cbr.status === 'unreadable') return { ...base, source: cbr.source, error: cbr.error, forbidden: cbr.forbidden }
  const zones = new Map(cbr.zones.map((z) => [z.id, z]))
  const targets: Array<Partial<RegistryTarget>> =
    registries.length > 0 ? registries.filter((r) => r.host !== ENTITLED_HOST) : [{}]
  const checks: RuleCheck[] = []
  for (const rule of cbr.rules) {
    if (rule.enforcementMode === 'disabled') continue
    for (const target of targets) {
      const scopeTarget: ScopeTarget = {
        host: target.host,
        region: target.region,
        namespace: target.repository?.split('/')[0]
      }
      const scope = ruleScope(rule, scopeTarget, cbr.accountId)
      if (scope.scope === 'no') continue
      const endpointType = target.private ? 'private' : 'public'
      const addresses = target.private
        ? evidence.privateSources
        : evidence.egress.primary
          ? [evidence.egress.primary]
          : []
      for (const address of addresses.length > 0 ? addresses : [undefined]) {
        const where = { host: target.host, address, endpointType } as const
        checks.push({
          ...checkRule(rule, where, zones),
          ...(target.location ? { location: target.location } : {}),
          scope: scope.scope,
          scopeReasons: scope.reasons
        })
      }
    }
  }
  return {
    ...base,
    source: cbr.source,
    ...(cbr.incomplete !== undefined ? { incomplete: cbr.incomplete } : {}),
    malformed: cbr.malformed,
    rulesRead: cbr.rules.length,
    disabled: cbr.rules.filter((r) => r.enforcementMode === 'disabled').map((r) => r.id),
    skipped: registries.some((r) => r.host === ENTITLED_HOST)
      ? [
          {
            host: ENTITLED_HOST,
            why: "IBM's entitled-software registry belongs to IBM's account: this account's rules do not govern it"
          }
        ]
      : [],
    zones: cbr.zones.map((z) => (z.status === 'resolved' ? { id: z.id, name: z.name } : { id: z.id, error: z.error })),
    ...bounded(checks, maxChecks)
  }
}

/** At most `max` checks, those that refuse or cannot be confirmed first; how many were left out. */
function bounded(checks: RuleCheck[], max: number): Pick<CbrEvaluation, 'checks' | 'checksOmitted'> {
  if (checks.length <= max) return { checks }
  const kept = [...checks.filter((c) => c.outcome !== 'allows'), ...checks.filter((c) => c.outcome === 'allows')].slice(
    0,
    max
  )
  return { checks: kept, checksOmitted: checks.length - kept.length }
}

type Checked = Omit<RuleCheck, 'scope' | 'scopeReasons' | 'location'>

/** One rule for one request: every context, the outcome, and the zone a fix would add the address to. */
function checkRule(rule: CbrRule, req: Request, zones: ReadonlyMap<string, CbrZone>): Checked {
  const contexts = rule.contexts.map((c): ContextCheck => {
    const attributes = c.attributes.map((a) => checkAttribute(a, req, zones))
    const outcome = attributes.some((a) => a.holds === 'no')
      ? 'denies'
      : attributes.some((a) => a.holds === 'unknown')
        ? 'unconfirmed'
        : 'allows'
    return { outcome, attributes }
  })
  const outcome: RuleCheck['outcome'] = contexts.some((c) => c.outcome === 'allows')
    ? 'allows'
    : contexts.some((c) => c.outcome === 'unconfirmed')
      ? 'unconfirmed'
      : 'denies'
  const head = {
    ruleId: rule.id,
    description: rule.description,
    enforcementMode: rule.enforcementMode,
    ...req,
    outcome,
    contexts
  }
  const fix =
    outcome === 'allows' || req.address === undefined ? undefined : fixZone(rule, contexts, req.address, zones)
  return fix ? { ...head, fix } : head
}

/** The first context that only its zones stop (or leave unconfirmed), and its first zone that was read. */
function fixZone(
  rule: CbrRule,
  contexts: ContextCheck[],
  address: string,
  zones: ReadonlyMap<string, CbrZone>
): RuleCheck['fix'] {
  for (const [i, c] of contexts.entries()) {
    const zoneAttrs = c.attributes.filter((a) => a.name === 'networkZoneId')
    if (
      zoneAttrs.length !== 1 ||
      zoneAttrs[0]?.holds === 'yes' ||
      c.attributes.some((a) => a.name !== 'networkZoneId' && a.holds !== 'yes')
    )
      continue
    const raw = rule.contexts[i]?.attributes.find((a) => a.name === 'networkZoneId')?.value ?? ''
    for (const id of zoneIds(raw)) {
      const zone = zones.get(id)
      if (zone?.status === 'resolved') return { zoneId: id, excluded: zone.place(address) === 'excluded' }
    }
  }
  return undefined
}
