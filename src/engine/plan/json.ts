/**
 * Walking the untyped JSON of `terraform show -json`: values read defensively (a plan is input, not a
 * contract), what `after_unknown` marks as known only after apply, and the configuration's module calls and
 * references, which link a rule to a zone whose id does not exist yet.
 */

/** A JSON object, or undefined for anything else. */
export function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
}

/** A JSON array, or an empty one for anything else. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : []
}

/** A string, or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
}

/** The value at `path` (keys and indices) inside `root`, or undefined. */
export function at(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let v: unknown = root
  for (const key of path) {
    if (typeof key === 'number') v = Array.isArray(v) ? v[key] : undefined
    else v = obj(v)?.[key]
    if (v === undefined) return undefined
  }
  return v
}

/**
 * Whether `after_unknown` marks the value at `path` (or any part of it, or any value above it) as known only
 * after apply: Terraform writes `true` at the unknown leaf and mirrors the value's shape above it.
 */
export function unknownAt(afterUnknown: unknown, path: ReadonlyArray<string | number>): boolean {
  let v: unknown = afterUnknown
  for (const key of path) {
    if (v === true) return true
    v = typeof key === 'number' ? (Array.isArray(v) ? v[key] : undefined) : obj(v)?.[key]
    if (v === undefined) return false
  }
  return anyTrue(v)
}

function anyTrue(v: unknown): boolean {
  if (v === true) return true
  if (Array.isArray(v)) return v.some(anyTrue)
  const o = obj(v)
  return o ? Object.values(o).some(anyTrue) : false
}

/** A module call chain, from `module.a[0].module.b` to `['a', 'b']` (instance keys dropped: one source each). */
export function moduleChain(moduleAddress: string | undefined): string[] {
  if (!moduleAddress) return []
  return [...moduleAddress.matchAll(/module\.([A-Za-z0-9_-]+)(\[[^\]]*\])?/g)].map((m) => m[1] ?? '')
}

/** The configuration module of a call chain (`configuration.root_module…module_calls[x].module`), if present. */
function configModule(plan: unknown, chain: readonly string[]): unknown {
  let mod: unknown = at(plan, ['configuration', 'root_module'])
  for (const call of chain) mod = at(mod, ['module_calls', call, 'module'])
  return mod
}

/** The `source` of each module call along a chain, in order (`./modules/iam`), or undefined when one is missing. */
export function moduleSources(plan: unknown, chain: readonly string[]): string[] | undefined {
  const out: string[] = []
  let mod: unknown = at(plan, ['configuration', 'root_module'])
  for (const call of chain) {
    const source = str(at(mod, ['module_calls', call, 'source']))
    if (source === undefined) return undefined
    out.push(source)
    mod = at(mod, ['module_calls', call, 'module'])
  }
  return out
}

/**
 * The resource addresses (in the same module) an attribute's expression refers to, from the configuration:
 * Terraform lists `references` such as `["ibm_cbr_zone.ci.id", "ibm_cbr_zone.ci"]` for an unknown value.
 */
export function referencesOf(
  plan: unknown,
  moduleAddress: string | undefined,
  type: string,
  name: string,
  path: ReadonlyArray<string | number>
): string[] {
  const resources = arr(at(configModule(plan, moduleChain(moduleAddress)), ['resources']))
  const resource = resources.find((r) => str(obj(r)?.type) === type && str(obj(r)?.name) === name)
  const expression = at(obj(resource)?.expressions, path)
  return arr(obj(expression)?.references).filter((r): r is string => typeof r === 'string')
}
