/**
 * The plan reader: the JSON of `terraform show -json PLANFILE` (docs/ibm-facts.md §11) → the planned
 * allowlists, network zones and Container Registry rules, each before and after, as Terraform states them.
 * Pure: no file, no network. Values known only after apply stay `unknown`, never guessed; a file that is not
 * a plan is an error with a reason, never an exception.
 */
import { arr, at, moduleChain, moduleSources, obj, referencesOf, str, unknownAt } from './json.js'

/** A planned value: known, known only after apply, or absent (created: no before; deleted: no after). */
export type Planned<T> = { state: 'known'; value: T } | { state: 'unknown' } | { state: 'absent' }

/** What every planned resource carries. */
interface PlannedResource {
  /** Full address, `module.iam.ibm_iam_account_settings.this`. */
  address: string
  moduleAddress?: string
  type: string
  name: string
  /** `change.actions`: `["create"]`, `["update"]`, `["delete","create"]`, `["no-op"]`, … */
  actions: string[]
}

/** Which allowlist a planned list is. */
export type PlanListLevel = 'account' | 'user' | 'template'

/** A planned allowlist (account, user or enterprise template), as list text. */
export interface PlanList extends PlannedResource {
  level: PlanListLevel
  /** The user the list belongs to (`ibm_iam_user_settings.iam_id`). */
  iamId?: string
  before: Planned<string>
  after: Planned<string>
}

/** A network zone's members, as list entries (`addresses[]` / `excluded[]` values). */
export interface ZoneValue {
  id?: string
  name?: string
  include: string[]
  exclude: string[]
}

/** A planned network zone (`ibm_cbr_zone`), or addresses added to one (`ibm_cbr_zone_addresses`). */
export interface PlanZone extends PlannedResource {
  /** `ibm_cbr_zone_addresses`: the zone it adds to, by id (unknown when that zone is created in this plan). */
  addsTo?: Planned<string>
  before: Planned<ZoneValue>
  after: Planned<ZoneValue>
}

/** One attribute of a rule context; `value` undefined when known only after apply. */
interface ContextAttribute {
  name: string
  value?: string
  /** For an unknown value: the zone resources it refers to, from the configuration. */
  refersTo: string[]
}

/** A Container Registry rule's planned shape. */
export interface RuleValue {
  enforcementMode: string
  contexts: ContextAttribute[][]
  /** The contexts as a whole are known only after apply. */
  contextsUnknown?: boolean
}

/** A planned `ibm_cbr_rule` on `container-registry`. */
interface PlanRule extends PlannedResource {
  before: Planned<RuleValue>
  after: Planned<RuleValue>
}

/** What a plan says about the lists and the gates before Container Registry. */
export interface PlanContent {
  formatVersion: string
  lists: PlanList[]
  zones: PlanZone[]
  rules: PlanRule[]
  /** Each module address's call chain of `source`s (`['./modules/iam']`), when the configuration gives them. */
  moduleSources: Record<string, string[]>
}

/** A plan read, or why it could not be. */
export type PlanRead = { ok: true; plan: PlanContent } | { ok: false; error: string }

const LIST_TYPES: Record<string, { level: PlanListLevel; path: Array<string | number> }> = {
  ibm_iam_account_settings: { level: 'account', path: ['allowed_ip_addresses'] },
  ibm_iam_user_settings: { level: 'user', path: ['allowed_ip_addresses'] },
  ibm_iam_account_settings_template: {
    level: 'template',
    path: ['account_settings', 0, 'allowed_ip_addresses']
  }
}

/** Reads the text of `terraform show -json`. Never throws. */
export function readPlan(text: string): PlanRead {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    const why = e instanceof Error ? e.message : 'not JSON'
    return {
      ok: false,
      error: `it is not JSON (${why}); give the output of 'terraform show -json PLANFILE', not the binary plan file`
    }
  }
  const version = str(obj(json)?.format_version)
  if (version === undefined) {
    return { ok: false, error: "it has no format_version: it is not the output of 'terraform show -json PLANFILE'" }
  }
  // Terraform's promise: minor versions only add; a new major version must be rejected.
  if (!/^1\.\d+$/.test(version)) {
    return { ok: false, error: `its format_version is "${version}"; this preflight reads the 1.x format` }
  }
  if (!Array.isArray(obj(json)?.resource_changes) && obj(json)?.resource_changes !== undefined) {
    return { ok: false, error: 'its resource_changes is not a list' }
  }
  const content: PlanContent = { formatVersion: version, lists: [], zones: [], rules: [], moduleSources: {} }
  for (const rc of arr(obj(json)?.resource_changes)) readChange(json, rc, content)
  for (const r of [...content.lists, ...content.zones, ...content.rules]) {
    const sources = r.moduleAddress ? moduleSources(json, moduleChain(r.moduleAddress)) : undefined
    if (r.moduleAddress && sources) content.moduleSources[r.moduleAddress] = sources
  }
  return { ok: true, plan: content }
}

function readChange(plan: unknown, rc: unknown, out: PlanContent): void {
  const r = obj(rc)
  const type = str(r?.type)
  const address = str(r?.address)
  if (!r || !type || !address || str(r.mode) === 'data') return
  const change = obj(r.change)
  const moduleAddress = str(r.module_address)
  const base: PlannedResource = {
    address,
    ...(moduleAddress ? { moduleAddress } : {}),
    type,
    name: str(r.name) ?? '',
    actions: arr(change?.actions).filter((a): a is string => typeof a === 'string')
  }
  const before = change?.before
  const after = change?.after
  const unknown = change?.after_unknown
  const listType = LIST_TYPES[type]
  if (listType) {
    const iamId = str(obj(after)?.iam_id) ?? str(obj(before)?.iam_id)
    out.lists.push({
      ...base,
      level: listType.level,
      ...(iamId ? { iamId } : {}),
      before: planned(before, undefined, listType.path, listText),
      after: planned(after, unknown, listType.path, listText)
    })
  } else if (type === 'ibm_cbr_zone' || type === 'ibm_cbr_zone_addresses') {
    const addsTo = type === 'ibm_cbr_zone_addresses' ? planned(after ?? before, unknown, ['zone_id'], str) : undefined
    out.zones.push({
      ...base,
      ...(addsTo ? { addsTo } : {}),
      before: planned(before, undefined, [], zoneValue),
      after: planned(after, unknown, [], zoneValue, ['addresses', 'excluded'])
    })
  } else if (type === 'ibm_cbr_rule' && isRegistryRule(after ?? before)) {
    const refs = (path: Array<string | number>): string[] => referencesOf(plan, moduleAddress, type, base.name, path)
    out.rules.push({
      ...base,
      before: planned(before, undefined, [], (v) => ruleValue(v, undefined, refs)),
      after: planned(after, unknown, [], (v) => ruleValue(v, unknown, refs), ['enforcement_mode'])
    })
  }
}

/**
 * The value at `path` of `values` (a `before` or `after`): absent when `values` is null (nothing there),
 * unknown when `after_unknown` says so at `path` (or at one of `unknownKeys`, for whole-object values).
 */
function planned<T>(
  values: unknown,
  afterUnknown: unknown,
  path: Array<string | number>,
  read: (v: unknown) => T | undefined,
  unknownKeys: string[] = []
): Planned<T> {
  if (values === null || values === undefined) return { state: 'absent' }
  // A whole-object value (path []) is unknown only where its `unknownKeys` are: an unknown id is no matter here.
  const unknown = path.length > 0 ? unknownAt(afterUnknown, path) : afterUnknown === true
  if (unknown || unknownKeys.some((k) => unknownAt(afterUnknown, [...path, k]))) {
    return { state: 'unknown' }
  }
  const value = read(path.length > 0 ? at(values, path) : values)
  return value === undefined ? { state: 'absent' } : { state: 'known', value }
}

/** A list as text: the account's is a string; the user's an array the provider joins with ','. */
function listText(v: unknown): string | undefined {
  if (typeof v === 'string') return v
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').join(',')
  // An absent attribute is an empty list: the level is not restricted.
  return v === null || v === undefined ? '' : undefined
}

function members(v: unknown): string[] {
  return arr(v).flatMap((m) => {
    const value = str(obj(m)?.value)
    const type = str(obj(m)?.type)
    return value !== undefined && type !== 'vpc' && type !== 'serviceRef' ? [value] : []
  })
}

function zoneValue(v: unknown): ZoneValue | undefined {
  const o = obj(v)
  if (!o) return undefined
  const id = str(o.id) ?? str(o.zone_id)
  const name = str(o.name)
  return {
    ...(id ? { id } : {}),
    ...(name ? { name } : {}),
    include: members(o.addresses),
    exclude: members(o.excluded)
  }
}

function isRegistryRule(v: unknown): boolean {
  return arr(obj(v)?.resources).some((res) =>
    arr(obj(res)?.attributes).some(
      (a) => str(obj(a)?.name) === 'serviceName' && str(obj(a)?.value) === 'container-registry'
    )
  )
}

function ruleValue(
  v: unknown,
  afterUnknown: unknown,
  refs: (path: Array<string | number>) => string[]
): RuleValue | undefined {
  const o = obj(v)
  if (!o) return undefined
  const enforcementMode = str(o.enforcement_mode) ?? 'enabled'
  if (at(afterUnknown, ['contexts']) === true) return { enforcementMode, contexts: [], contextsUnknown: true }
  const contexts = arr(o.contexts).map((c, i) =>
    arr(obj(c)?.attributes).map((a, j): ContextAttribute => {
      const path = ['contexts', i, 'attributes', j, 'value']
      const value = unknownAt(afterUnknown, path) ? undefined : str(obj(a)?.value)
      return {
        name: str(obj(a)?.name) ?? '',
        ...(value !== undefined ? { value } : {}),
        refersTo: value === undefined ? refs(path) : []
      }
    })
  )
  return { enforcementMode, contexts }
}
