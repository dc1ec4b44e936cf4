/**
 * Turns what `walk.ts` collected into registry targets, one per host at its first place in the file, and notes
 * each value that decides a registry but cannot be resolved from the file, so that nothing is guessed.
 */
import { lookupRegistryHost, registryHostOf } from '../registry/hosts.js'
import type { RegistryTarget, SourceLocation } from '../settings/registries.js'
import { knownPart } from './expressions.js'
import { regionHost } from './regions.js'
import type { Collected, RegionSet } from './walk.js'

/** An expression that decides a registry host but cannot be resolved from the file. */
export interface Unresolvable {
  expression: string
  location: SourceLocation
}

/** What {@link resolveCollected} makes of a walk. */
interface Resolution {
  /** One entry per host, at its first place in the file (in file order). */
  registries: RegistryTarget[]
  /** Each use of `ibmcloud cr build` / `ibmcloud cr image-build`. */
  crBuild: SourceLocation[]
  /** Values that decide a registry but cannot be resolved from the file, in file order. */
  unresolvable: Unresolvable[]
  /** The step that uses this action, when found. */
  actionStep?: SourceLocation
}

/**
 * Resolves the collected values of one file into registries; `file` goes into every location. Linear in what was
 * collected, so that a file with tens of thousands of steps costs no more than walking it.
 */
export function resolveCollected(collected: Collected, file: string): Resolution {
  const unresolvable: Unresolvable[] = []
  const noted = new Set<string>()
  const found = new Map<string, RegistryTarget & { fromEnv: boolean }>()
  const note = (expression: string, line: number): void => {
    const key = `${line} ${expression}`
    if (noted.has(key)) return
    noted.add(key)
    unresolvable.push({ expression, location: { file, line } })
  }
  // One target per host, at the first line that uses it; an `env:` definition only when nothing else does.
  const add = (host: string, written: string, line: number, fromEnv: boolean): void => {
    const info = lookupRegistryHost(host)
    if (!info) return
    const seen = found.get(info.host)
    if (seen && (fromEnv || !seen.fromEnv)) return
    found.set(info.host, { raw: written, ...info, location: { file, line }, fromEnv })
  }
  for (const ref of collected.refs) {
    const host = knownPart(ref.resolved, registryHostOf)
    if (host === undefined) {
      if (ref.reportUnknown) note(ref.resolved.unresolved.join(' ') || ref.written, ref.line)
    } else if (host !== '') add(host, ref.written, ref.line, ref.source === 'env')
  }
  // A login without a region-set before it in its job: the job's first one, else the workflow's first one.
  const firstSetOfJob = new Map<string, RegionSet>()
  for (const set of collected.regionSets) if (!firstSetOfJob.has(set.job)) firstSetOfJob.set(set.job, set)
  for (const login of collected.crLogins) {
    const set = login.regionSet ?? firstSetOfJob.get(login.job) ?? collected.regionSets[0]
    if (!set) {
      note('ibmcloud cr login (registry region: whatever `ibmcloud cr region-set` the CLI has)', login.line)
      continue
    }
    const region = knownPart(set.region)
    const host = region === undefined ? undefined : regionHost(region)
    if (host) add(host, `ibmcloud cr region-set ${region}`, login.line, false)
    else note(set.region.unresolved.join(' ') || `ibmcloud cr region-set ${region}`, set.line)
  }
  const registries = [...found.values()].sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0))
  unresolvable.sort((a, b) => a.location.line - b.location.line)
  const step = collected.actionSteps.find((s) => s.inRegistryJob) ?? collected.actionSteps[0]
  return {
    registries: registries.map(({ fromEnv: _, ...target }) => target),
    crBuild: collected.crBuildLines.map((line) => ({ file, line })),
    unresolvable,
    actionStep: step ? { file, line: step.line } : undefined
  }
}
