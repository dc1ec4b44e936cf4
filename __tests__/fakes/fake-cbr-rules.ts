/**
 * The context-based restrictions rules of the fake IBM (`fake-ibm.ts`): `GET /v1/rules?account_id=…` with
 * the documented answer `{count, rules}` and rule shape (docs/ibm-facts.md §9; IBM's SDK `Rule` model), plus
 * paging in several forms. IBM documents NO paging for this call: every paging form here is INVENTED, so
 * tests can prove the reader follows (or refuses to follow) what a future answer might hold, never that it
 * depends on one form.
 */
import { randomBytes } from 'node:crypto'
import { iamError, type Reply } from './fake-ibm-shapes.js'

/** A stored rule. `raw` replaces the whole item as sent (for malformed rules). */
export interface FakeRule {
  accountId: string
  /** Generated (32 hex digits) when absent. */
  id?: string
  description?: string
  contexts?: unknown
  resources?: unknown
  /** Left out of the item when undefined (IBM documents `enabled` as the default). */
  enforcement_mode?: string
  raw?: unknown
}

/**
 * How the fake pages the rules (all INVENTED): `none` (one answer, as documented); `href` (`next: {href}`);
 * `start` (`next: {start}`); `offset` (`offset`, `limit`, `total_count`); `foreign-href` (a next link to
 * another host, which must not be followed with the token); `endless` (a next link on every page).
 */
export type RulePaging =
  { style: 'none' } | { style: 'href' | 'start' | 'offset' | 'foreign-href' | 'endless'; size: number }

/** The attributes of a context, as `[name, value]` pairs. */
type Pairs = Array<[string, string]>

/** Options of `registryRule`: the rule's contexts and the registry resource it covers. */
export interface RegistryRuleOptions {
  id?: string
  description?: string
  /** Each context's attributes; default one context allowing `zones` (if given). */
  contexts?: Pairs[]
  /** Shorthand: one context with `networkZoneId` = these ids joined with ", ". */
  zones?: string[]
  region?: string
  geography?: string
  namespace?: string
  /** Extra resource attributes (`[name, value, operator?]`). */
  extra?: Array<[string, string, string?]>
  tags?: Pairs
  /** `enabled` (default), `report`, `disabled`, or anything else IBM might send. */
  mode?: string
}

/** A rule on Container Registry in the account, shaped as IBM documents it. */
export function registryRule(accountId: string, o: RegistryRuleOptions = {}): FakeRule {
  const contexts = o.contexts ?? (o.zones ? [[['networkZoneId', o.zones.join(', ')]] as Pairs] : [])
  const attributes: Array<Record<string, string>> = [
    { name: 'accountId', value: accountId },
    { name: 'serviceName', value: 'container-registry' }
  ]
  if (o.region) attributes.push({ name: 'region', value: o.region })
  if (o.geography) attributes.push({ name: 'geography', value: o.geography })
  if (o.namespace)
    attributes.push({ name: 'resourceType', value: 'namespace' }, { name: 'resource', value: o.namespace })
  for (const [name, value, operator] of o.extra ?? [])
    attributes.push(operator ? { name, value, operator } : { name, value })
  const resource: Record<string, unknown> = { attributes }
  if (o.tags) resource.tags = o.tags.map(([name, value]) => ({ name, value }))
  return {
    accountId,
    id: o.id,
    description: o.description ?? '',
    contexts: contexts.map((pairs) => ({ attributes: pairs.map(([name, value]) => ({ name, value })) })),
    resources: [resource],
    enforcement_mode: o.mode ?? 'enabled'
  }
}

/** A rule as the fake stores it: with its id. */
export type StoredRule = FakeRule & { id: string }

/** Stores a rule (its id generated when absent); returns the id. */
export function addRule(rules: StoredRule[], rule: FakeRule): string {
  const id = rule.id ?? randomBytes(16).toString('hex')
  rules.push({ ...rule, id })
  return id
}

/** One rule as `GET /v1/rules` lists it. */
function ruleItem(rule: StoredRule, base: string): unknown {
  if (rule.raw !== undefined) return rule.raw
  const item: Record<string, unknown> = {
    id: rule.id,
    crn: `crn:v1:bluemix:public:context-based-restrictions::a/${rule.accountId}::rule:${rule.id}`,
    description: rule.description ?? '',
    contexts: rule.contexts ?? [],
    resources: rule.resources ?? [],
    href: `${base}/v1/rules/${rule.id}`,
    created_at: '2026-01-01T00:00:00.000Z',
    created_by_id: 'IBMid-fake',
    last_modified_at: '2026-01-01T00:00:00.000Z',
    last_modified_by_id: 'IBMid-fake'
  }
  if (rule.enforcement_mode !== undefined) item.enforcement_mode = rule.enforcement_mode
  return item
}

/** Whether a rule covers a service (raw rules are always listed: they are there to be malformed). */
function forService(rule: FakeRule, service: string | null): boolean {
  if (service === null || rule.raw !== undefined || !Array.isArray(rule.resources)) return true
  return rule.resources.some(
    (r: { attributes?: Array<{ name: string; value: string }> }) =>
      r.attributes?.some((a) => a.name === 'serviceName' && a.value === service) ?? false
  )
}

/** The answer to `GET /v1/rules` for the caller's account, paged as configured. */
export function answerRules(
  url: URL,
  callerAccount: string,
  all: readonly StoredRule[],
  paging: RulePaging,
  base: string
): Reply {
  const accountId = url.searchParams.get('account_id')
  // INVENTED error codes: these answers' bodies are not in the facts.
  if (!accountId) return { status: 400, body: iamError('FAKE-BAD-REQUEST', 'account_id is required.', '') }
  if (accountId !== callerAccount)
    return { status: 403, body: iamError('FAKE-FORBIDDEN', 'You are not authorized to access this account.', '') }
  const rules = all.filter((r) => r.accountId === accountId && forService(r, url.searchParams.get('service_name')))
  const items = rules.map((r) => ruleItem(r, base))
  if (paging.style === 'none') return { status: 200, body: { count: items.length, rules: items } }
  const from = Number(url.searchParams.get(paging.style === 'offset' ? 'offset' : 'start') ?? '0')
  const size = paging.style === 'offset' ? Number(url.searchParams.get('limit') ?? paging.size) : paging.size
  const page = paging.style === 'endless' ? items.slice(0, size) : items.slice(from, from + size)
  const body: Record<string, unknown> = { count: page.length, rules: page }
  const more = paging.style === 'endless' || from + size < items.length
  const nextUrl = new URL(url.toString(), base)
  nextUrl.searchParams.set('start', String(from + size))
  if (paging.style === 'offset') Object.assign(body, { offset: from, limit: size, total_count: items.length })
  else if (more && paging.style === 'start') body.next = { start: String(from + size) }
  else if (more && paging.style === 'foreign-href')
    body.next = { href: `http://other.invalid:1${nextUrl.pathname}${nextUrl.search}` }
  else if (more) body.next = { href: `${base}${nextUrl.pathname}${nextUrl.search}` }
  return { status: 200, body }
}
