/**
 * One attribute of a context-based restrictions context, for one request (docs/ibm-facts.md §9):
 * `networkZoneId` (one id or several, comma-separated with spaces; the address must be in a zone, `excluded`
 * members subtracted), `endpointType` (public hosts are public, `private.*` hosts private), `mfa` (an API-key
 * login cannot be assumed to satisfy it), anything else (cannot be confirmed). Yes, no or unknown, with why.
 * Pure.
 */
import type { CbrZone } from '../evidence/cbr/restrictions.js'
import type { CbrAttribute } from '../evidence/cbr/rule-shape.js'

/** Whether one context attribute holds for the request, and why. */
export interface AttributeCheck {
  name: string
  value: string
  holds: 'yes' | 'no' | 'unknown'
  why: string
}

/** Where a request goes and from which address. */
export interface Request {
  host?: string
  address?: string
  endpointType: 'public' | 'private'
}

/** The ids of a `networkZoneId` value: one id, or several separated by commas (and spaces). */
export function zoneIds(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/** One context attribute for the request. */
export function checkAttribute(a: CbrAttribute, req: Request, zones: ReadonlyMap<string, CbrZone>): AttributeCheck {
  const at = (holds: AttributeCheck['holds'], why: string): AttributeCheck => ({
    name: a.name,
    value: a.value,
    holds,
    why
  })
  const registry = req.host ?? 'the registry'
  switch (a.name) {
    case 'networkZoneId':
      return zoneCheck(a, req, zones)
    case 'endpointType': {
      const types = zoneIds(a.value).map((t) => t.toLowerCase())
      return types.includes(req.endpointType)
        ? at('yes', `${registry} is reached over the ${req.endpointType} endpoint`)
        : at('no', `only ${types.join(' or ')} endpoints; ${registry} is reached over the ${req.endpointType} endpoint`)
    }
    case 'mfa':
      return at(
        'unknown',
        `requires multi-factor authentication (${a.value}); a login with an API key cannot be assumed to satisfy it`
      )
    default:
      return at('unknown', `the attribute ${a.name} is not one the preflight knows, so it cannot confirm that it holds`)
  }
}

/** `networkZoneId`: the address must be in one of the zones (members minus `excluded`). */
function zoneCheck(a: CbrAttribute, req: Request, zones: ReadonlyMap<string, CbrZone>): AttributeCheck {
  const at = (holds: AttributeCheck['holds'], why: string): AttributeCheck => ({
    name: a.name,
    value: a.value,
    holds,
    why
  })
  const { address } = req
  if (address === undefined) return at('unknown', 'the address the registry will see is not known')
  const parts = zoneIds(a.value).map((id) => zonePart(zones.get(id), id, address, req.endpointType))
  const hit = parts.find((p) => p.holds === 'yes')
  if (hit) return at('yes', hit.why)
  const holds = parts.some((p) => p.holds === 'unknown') ? 'unknown' : 'no'
  return at(holds, parts.length > 0 ? parts.map((p) => p.why).join('; ') : 'names no zone')
}

function zonePart(
  zone: CbrZone | undefined,
  id: string,
  address: string,
  endpointType: Request['endpointType']
): { holds: AttributeCheck['holds']; why: string } {
  if (zone === undefined) return { holds: 'unknown', why: `zone ${id} was not read` }
  if (zone.status === 'error') return { holds: 'unknown', why: `zone ${id} could not be read (${zone.error})` }
  const label = `zone "${zone.name}" (${id})`
  const place = zone.place(address)
  const unreadExcluded = zone.uncheckable.some((u) => u.startsWith('excluded '))
  if (place === 'in') {
    return unreadExcluded
      ? { holds: 'unknown', why: `${address} is in ${label}, but some of its excluded members could not be read` }
      : { holds: 'yes', why: `${address} is in ${label}` }
  }
  if (place === 'excluded') return { holds: 'no', why: `${address} is excluded from ${label}` }
  // Members that are not addresses: a VPC does not hold its public-gateway addresses (facts §9), so it cannot
  // hold a public egress; over the private network the runner may be in it, as it may be in the others.
  const others = zone.uncheckable.filter(
    (u) => !u.startsWith('excluded ') && !(endpointType === 'public' && u.startsWith('vpc '))
  )
  if (others.length > 0)
    return {
      holds: 'unknown',
      why: `${address} is not among the addresses of ${label}, which also holds ${others.join(', ')}`
    }
  return { holds: 'no', why: `${address} is not in ${label}` }
}
