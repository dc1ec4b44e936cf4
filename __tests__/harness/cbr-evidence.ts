/**
 * Context-based restrictions evidence built by hand for unit tests of the evaluation and the findings: rules
 * on Container Registry, resolved zones with a `place` answer, registry targets.
 */
import type { CbrEvidence, CbrZone } from '../../src/engine/evidence/cbr/restrictions.js'
import type { CbrRule } from '../../src/engine/evidence/cbr/rule-shape.js'
import { lookupRegistryHost } from '../../src/engine/registry/hosts.js'
import type { RegistryTarget } from '../../src/engine/settings/registries.js'
import { evaluateCbr, type RuleCheck } from '../../src/engine/verdict/cbr.js'

export const ACCOUNT = 'acc-v'
export const EGRESS = '203.0.113.77'
export const PRIVATE = '10.1.2.3'

/** A context's attributes as `[name, value]` pairs. */
export type Pairs = Array<[string, string]>
/** Scope and mode of `rule`. */
export interface RuleOptions {
  region?: string
  geography?: string
  namespace?: string
  mode?: string
}

/** A container-registry rule with the given contexts. */
export function rule(id: string, contexts: Pairs[], o: RuleOptions = {}): CbrRule {
  const attributes = [
    { name: 'accountId', value: ACCOUNT },
    { name: 'serviceName', value: 'container-registry' }
  ]
  if (o.region) attributes.push({ name: 'region', value: o.region })
  if (o.geography) attributes.push({ name: 'geography', value: o.geography })
  if (o.namespace)
    attributes.push({ name: 'resourceType', value: 'namespace' }, { name: 'resource', value: o.namespace })
  return {
    id,
    description: `rule ${id}`,
    enforcementMode: o.mode ?? 'enabled',
    contexts: contexts.map((pairs) => ({ attributes: pairs.map(([name, value]) => ({ name, value })) })),
    resources: [{ attributes, tags: [] }]
  }
}

/** A resolved zone holding exactly `members` (minus `excluded`), with `uncheckable` members besides. */
export function zone(id: string, members: string[], excluded: string[] = [], uncheckable: string[] = []): CbrZone {
  return {
    id,
    status: 'resolved',
    name: `zone-${id}`,
    description: '',
    addresses: members,
    excluded,
    vpcs: uncheckable.filter((u) => u.startsWith('vpc ')).map((u) => u.slice(4)),
    uncheckable,
    place: (a) => (excluded.includes(a) ? 'excluded' : members.includes(a) ? 'in' : 'out')
  }
}

/** A registry target from a host or image reference. */
export function target(reference: string): RegistryTarget {
  const host = reference.split('/')[0]!
  const slash = reference.indexOf('/')
  const info = lookupRegistryHost(host)!
  return slash > 0 ? { raw: reference, ...info, repository: reference.slice(slash + 1) } : { raw: reference, ...info }
}

/** The checks of `rules` for the registries named, the egress primary and the private sources given. */
export function evaluate(
  rules: CbrRule[],
  zones: CbrZone[],
  registries: string[],
  o: { primary?: string; privateSources?: string[] } = {}
): RuleCheck[] {
  const cbr: CbrEvidence = { status: 'read', source: 's', accountId: ACCOUNT, rules, malformed: [], zones }
  const egress = { addresses: [], primary: 'primary' in o ? o.primary : EGRESS, answers: [], fromInput: true }
  return evaluateCbr({ cbr, egress, privateSources: o.privateSources ?? [PRIVATE] }, registries.map(target))!.checks
}

/** Each check as `rule@host:scope:outcome`. */
export const outcomes = (checks: RuleCheck[]) =>
  checks.map((c) => `${c.ruleId}@${c.host ?? '*'}:${c.scope}:${c.outcome}`)
