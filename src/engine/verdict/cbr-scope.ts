/**
 * Whether a context-based restrictions rule covers the registry a job talks to (docs/ibm-facts.md §9, from
 * the Registry's `registry_cbr.md`): `accountId`, `serviceName` `container-registry`, `region` (e.g.
 * `us-south`) or `geography` `global` (the global registry, `icr.io`), `resourceType` `namespace` and
 * `resource` <namespace>. Three answers: it applies, it does not, or it may (the inputs do not say enough: a
 * namespace not named, access tags, a resource group, an operator IBM does not document for the registry).
 * Pure.
 */
import type { CbrAttribute, CbrResource, CbrRule } from '../evidence/cbr/rule-shape.js'

/** What the preflight knows of the registry a rule is checked for. */
export interface ScopeTarget {
  /** The registry host; undefined when no registry was named (any registry of the account). */
  host?: string
  /** IBM region (`us-south`, `global`, …), when known. */
  region?: string
  /** The namespace (first segment of the repository an image reference names), when known. */
  namespace?: string
}

/** A rule's scope for one target, with the reasons for `may-apply` (and for `no`, the first reason). */
export interface Scope {
  scope: 'applies' | 'may-apply' | 'no'
  reasons: string[]
}

type Answer = { holds: 'yes' } | { holds: 'no' | 'unknown'; why: string }

/** Whether `rule` covers `target` (one of its resources must; each resource's attributes must all hold). */
export function ruleScope(rule: CbrRule, target: ScopeTarget, accountId: string): Scope {
  const answers = rule.resources.map((r) => resourceScope(r, target, accountId))
  if (answers.some((a) => a.scope === 'applies')) return { scope: 'applies', reasons: [] }
  const maybe = answers.filter((a) => a.scope === 'may-apply')
  if (maybe.length > 0) return { scope: 'may-apply', reasons: maybe.flatMap((a) => a.reasons) }
  return { scope: 'no', reasons: answers.flatMap((a) => a.reasons).slice(0, 1) }
}

function resourceScope(resource: CbrResource, target: ScopeTarget, accountId: string): Scope {
  const answers = resource.attributes.map((a) => attributeHolds(a, target, accountId))
  // Access tags are attached to resources; the preflight reads no tags, so a tagged scope is never certain.
  if (resource.tags.length > 0) {
    const tags = resource.tags.map((t) => `${t.name}:${t.value}`).join(', ')
    answers.push({
      holds: 'unknown',
      why: `it covers only namespaces with the access tags ${tags}, which the preflight does not read`
    })
  }
  const no = answers.find((a) => a.holds === 'no')
  if (no && no.holds !== 'yes') return { scope: 'no', reasons: [no.why] }
  const unknown = answers.flatMap((a) => (a.holds === 'unknown' ? [a.why] : []))
  return unknown.length > 0 ? { scope: 'may-apply', reasons: unknown } : { scope: 'applies', reasons: [] }
}

/** One resource attribute against the target. */
function attributeHolds(a: CbrAttribute, target: ScopeTarget, accountId: string): Answer {
  const registry = target.host ?? 'the registry'
  if (a.operator !== undefined && a.operator !== 'stringEquals') {
    return {
      holds: 'unknown',
      why: `its ${a.name} attribute uses the operator ${a.operator}, which the preflight does not evaluate`
    }
  }
  switch (a.name) {
    case 'accountId':
      return a.value === accountId ? yes : { holds: 'no', why: `it is for account ${a.value}` }
    case 'serviceName':
      return a.value === 'container-registry' ? yes : { holds: 'no', why: `it is for the service ${a.value}` }
    case 'region':
      if (target.region === undefined)
        return { holds: 'unknown', why: `it covers region ${a.value}, and no registry was named` }
      // The global registry is a geography, not a region (registry_cbr.md): a region-scoped rule misses it.
      return a.value === target.region
        ? yes
        : { holds: 'no', why: `it covers region ${a.value}, not ${registry} (${target.region})` }
    case 'geography':
      if (a.value !== 'global') {
        return {
          holds: 'unknown',
          why: `it covers geography ${a.value}, which the Registry docs do not describe (only global, for icr.io)`
        }
      }
      if (target.region === undefined)
        return { holds: 'unknown', why: 'it covers the global registry (icr.io), and no registry was named' }
      return target.region === 'global'
        ? yes
        : { holds: 'no', why: `it covers the global registry (icr.io), not ${registry}` }
    case 'resourceType':
      // Namespaces are the only resource type the Registry documents; every push or pull is to one.
      return a.value === 'namespace'
        ? yes
        : { holds: 'unknown', why: `it covers resources of type ${a.value}, which the Registry docs do not describe` }
    case 'resource':
      if (target.namespace === undefined) {
        return {
          holds: 'unknown',
          why: `it covers only namespace ${a.value}, and the inputs do not say which namespace this job uses (give an image reference such as ${target.host ?? 'us.icr.io'}/${a.value}/app)`
        }
      }
      return a.value.toLowerCase() === target.namespace
        ? yes
        : { holds: 'no', why: `it covers namespace ${a.value}, not ${target.namespace}` }
    default:
      return { holds: 'unknown', why: `its resource attribute ${a.name}=${a.value} cannot be checked from the inputs` }
  }
}

const yes: Answer = { holds: 'yes' }
