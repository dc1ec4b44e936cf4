/**
 * The shape of a context-based restrictions rule as the preflight keeps it (docs/ibm-facts.md §9), and the
 * reader that turns one untrusted item of a `GET /v1/rules` answer into it. Nothing is judged here: a rule
 * whose shape cannot be trusted is set aside with the reason, so the findings can say it was not evaluated
 * rather than evaluate half of it.
 */
import { isObject, nonEmptyString } from '../iam/api.js'

/** One `{name, value, operator?}` attribute of a context, a resource or a resource tag. */
export interface CbrAttribute {
  name: string
  value: string
  /** Resource attributes only; absent means `stringEquals`. */
  operator?: string
}

/** A rule's context: every attribute must hold for the context to allow a request. */
interface CbrContext {
  attributes: CbrAttribute[]
}

/** A resource a rule covers: its attributes, and the access tags it must carry (if any). */
export interface CbrResource {
  attributes: CbrAttribute[]
  tags: CbrAttribute[]
}

/** A rule, as read. */
export interface CbrRule {
  id: string
  description: string
  /**
   * `enabled`, `report`, `disabled`, or whatever else IBM sends (kept as sent). IBM's SDK documents
   * `enabled` as the default, so an absent mode is read as `enabled`.
   */
  enforcementMode: string
  contexts: CbrContext[]
  resources: CbrResource[]
}

/** Longest attribute value kept: zone-id lists and namespaces are short; a huge value is junk, not a rule. */
const MAX_VALUE_CHARS = 2000

/** Reads one item of the `rules` array; a string saying why when it cannot be trusted. */
export function readRule(item: unknown, index: number): CbrRule | { malformed: string } {
  const where = `rule #${index + 1}`
  if (!isObject(item) || Array.isArray(item)) return { malformed: `${where} is not an object` }
  const id = nonEmptyString(item.id)
  if (id === undefined) return { malformed: `${where} has no id` }
  const named = `rule ${id}`
  // A missing contexts array is not read as "no contexts" (which would deny everything): a rule with no
  // contexts comes as `contexts: []`, so a missing field means an answer we do not understand.
  if (!Array.isArray(item.contexts)) return { malformed: `${named} has no contexts array` }
  if (!Array.isArray(item.resources) || item.resources.length === 0) return { malformed: `${named} names no resources` }
  const contexts: CbrContext[] = []
  for (const c of item.contexts) {
    const attributes = isObject(c) ? attributesOf(c.attributes) : undefined
    if (attributes === undefined) return { malformed: `${named} has a context without an attributes array` }
    contexts.push({ attributes })
  }
  const resources: CbrResource[] = []
  for (const r of item.resources) {
    const attributes = isObject(r) ? attributesOf(r.attributes) : undefined
    if (attributes === undefined) return { malformed: `${named} has a resource without an attributes array` }
    const tags = isObject(r) && r.tags !== undefined ? attributesOf(r.tags) : []
    if (tags === undefined) return { malformed: `${named} has resource tags that are not an array of attributes` }
    resources.push({ attributes, tags })
  }
  const mode = item.enforcement_mode
  if (mode !== undefined && typeof mode !== 'string')
    return { malformed: `${named} has an enforcement_mode that is not a string` }
  return {
    id,
    description: typeof item.description === 'string' ? item.description : '',
    enforcementMode: mode ?? 'enabled',
    contexts,
    resources
  }
}

/** An attributes array, or undefined when it is not one (or an attribute lacks a string name or value). */
function attributesOf(value: unknown): CbrAttribute[] | undefined {
  if (!Array.isArray(value)) return undefined
  const out: CbrAttribute[] = []
  for (const a of value) {
    if (!isObject(a) || typeof a.name !== 'string' || typeof a.value !== 'string') return undefined
    if (a.value.length > MAX_VALUE_CHARS) return undefined
    const operator = typeof a.operator === 'string' && a.operator !== '' ? a.operator : undefined
    out.push(operator === undefined ? { name: a.name, value: a.value } : { name: a.name, value: a.value, operator })
  }
  return out
}

/** The zone ids a `networkZoneId` value names: one id, or several separated by commas (with spaces). */
export function zoneIdsOf(value: string): string[] {
  return value
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '')
}
