/**
 * Turns what `walk.ts` collected into registry targets, one per host at its first place in the file, and notes
 * each value that decides a registry but cannot be resolved from the file, so that nothing is guessed.
 */
import { lookupRegistryHost, registryHostOf, repositoryOf, type RegistryHostInfo } from '../registry/hosts.js'
import type { RegistryTarget, SourceLocation } from '../settings/registries.js'
import type { Collected, CrLogin, Ref } from './collected.js'
import type { Use } from './commands.js'
import { knownPart } from './expressions.js'
import { regionHost } from './regions.js'

/** An expression that decides a registry host but cannot be resolved from the file. */
export interface Unresolvable {
  expression: string
  location: SourceLocation
}

/** A `private.*` registry host used by a job that runs on a GitHub-hosted runner, which is not on IBM's network. */
export interface PrivateOnHosted {
  host: string
  /** The job's first line that uses the host. */
  location: SourceLocation
  /** How the runner is known to be GitHub-hosted: `runs-on: ubuntu-latest`, `RUNNER_ENVIRONMENT=github-hosted`. */
  runner: string
}

/** What {@link resolveCollected} makes of a walk. */
interface Resolution {
  /** One entry per host, at its first place in the file (in file order). */
  registries: RegistryTarget[]
  /** Each use of `ibmcloud cr build` / `ibmcloud cr image-build`. */
  crBuild: SourceLocation[]
  /** Values that decide a registry but cannot be resolved from the file, in file order. */
  unresolvable: Unresolvable[]
  /** Private hosts used from GitHub-hosted runners, in file order. */
  privateOnHosted: PrivateOnHosted[]
  /** The step that uses this action, when found. */
  actionStep?: SourceLocation
}

/** A ref whose host is a registry. */
interface Found extends Pick<Ref, 'written' | 'line' | 'source' | 'use' | 'job'> {
  info: RegistryHostInfo
  repository?: string
}

/**
 * Resolves the collected values of one file into registries; `file` goes into every location. Linear in what was
 * collected (and a sort), so that a file with tens of thousands of steps costs no more than walking it.
 */
export function resolveCollected(collected: Collected, file: string): Resolution {
  const unresolvable: Unresolvable[] = []
  const noted = new Set<string>()
  const note = (expression: string, line: number): void => {
    const key = `${line} ${expression}`
    if (noted.has(key)) return
    noted.add(key)
    unresolvable.push({ expression, location: { file, line } })
  }
  const found: Found[] = []
  for (const ref of collected.refs) {
    const host = knownPart(ref.resolved, registryHostOf)
    if (host === undefined) {
      if (ref.reportUnknown) note(ref.resolved.unresolved.join(' ') || ref.written, ref.line)
      continue
    }
    const info = lookupRegistryHost(host)
    const repository = knownPart(ref.resolved, (value) => repositoryOf(value) ?? '') || undefined
    if (info) found.push({ ...ref, info, repository })
  }
  for (const login of collected.crLogins) {
    const host = loginHost(login, collected, note)
    const info = host === undefined ? undefined : lookupRegistryHost(host.host)
    if (host && info)
      found.push({ written: host.raw, line: login.line, source: 'use', use: 'login', job: login.job, info })
  }
  for (const { expression, line } of collected.notes) note(expression, line)
  unresolvable.sort((a, b) => a.location.line - b.location.line)
  const step = collected.actionSteps.find((s) => s.inRegistryJob) ?? collected.actionSteps[0]
  return {
    registries: targets(found, file),
    crBuild: collected.crBuildLines.map((line) => ({ file, line })),
    unresolvable,
    privateOnHosted: privateOnHosted(found, collected, file),
    actionStep: step ? { file, line: step.line } : undefined
  }
}

/**
 * The registry an `ibmcloud cr login` logs in to: the region of the `cr region-set` before it in its job; on a
 * GitHub-hosted runner, a fresh machine, the region of `ibmcloud login -r` (the CLI has no other region then). On
 * any other runner, the CLI keeps the registry region a past job set, so that login region is only a guess: noted.
 */
function loginHost(
  login: CrLogin,
  collected: Collected,
  note: (expression: string, line: number) => void
): { host: string; raw: string } | undefined {
  const runner = collected.runners.get(login.job)
  const setting = login.regionSet ?? (runner?.kind === 'github-hosted' ? login.loginRegion : undefined)
  if (!setting) {
    const loginRegion = login.loginRegion
    const region = loginRegion ? `${loginRegion.command} ${knownPart(loginRegion.region) ?? '…'}` : ''
    const why = loginRegion
      ? `on a runner not known to be fresh (${runner?.evidence ?? 'runs-on unknown'}), the one \`ibmcloud cr region-set\` last set on that machine, if any, before the one of \`${region}\``
      : 'whatever `ibmcloud cr region-set` the CLI has'
    note(`ibmcloud cr login (registry region: ${why})`, login.line)
    return undefined
  }
  const region = knownPart(setting.region)
  const host = region === undefined ? undefined : regionHost(region)
  if (host === undefined)
    note(setting.region.unresolved.join(' ') || `${setting.command} ${region ?? ''}`, setting.line)
  return host === undefined ? undefined : { host, raw: `${setting.command} ${region ?? ''}` }
}

/**
 * One target per host, from the lines that use it (an `env:` definition only when no line does): the first line,
 * the first repository named, and `push` when any use pushes (`pull` when every use pulls or logs in).
 */
function targets(found: Found[], file: string): RegistryTarget[] {
  const byHost = new Map<string, Found[]>()
  for (const f of found) {
    const group = byHost.get(f.info.host)
    if (group) group.push(f)
    else byHost.set(f.info.host, [f])
  }
  const out: RegistryTarget[] = []
  for (const group of byHost.values()) {
    const uses = group.filter((f) => f.source === 'use')
    const chosen = (uses.length > 0 ? uses : group).sort((a, b) => a.line - b.line)
    const first = chosen[0]
    if (!first) continue
    const repository = chosen.find((f) => f.repository !== undefined)?.repository
    const access = accessOf(chosen.map((f) => f.use))
    out.push({
      raw: first.written,
      ...first.info,
      location: { file, line: first.line },
      ...(repository === undefined ? {} : { repository }),
      ...(access === undefined ? {} : { access })
    })
  }
  return out.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0))
}

/** `push` if any use pushes; `pull` if the others pull or only log in; unknown when any use is of unknown kind. */
function accessOf(uses: Array<Use | undefined>): 'push' | 'pull' | undefined {
  if (uses.includes('push')) return 'push'
  if (uses.includes(undefined)) return undefined
  return uses.includes('pull') ? 'pull' : undefined
}

/** Each private host a GitHub-hosted job uses, at that job's first line using it (a use before a definition). */
function privateOnHosted(found: Found[], collected: Collected, file: string): PrivateOnHosted[] {
  const first = new Map<string, Found>()
  for (const f of found) {
    if (!f.info.private || collected.runners.get(f.job)?.kind !== 'github-hosted') continue
    const key = `${f.job}\n${f.info.host}`
    const seen = first.get(key)
    const better =
      !seen || (seen.source === 'env' && f.source === 'use') || (seen.source === f.source && f.line < seen.line)
    if (better) first.set(key, f)
  }
  const out = new Map<string, PrivateOnHosted>()
  for (const f of first.values()) {
    const runner = collected.runners.get(f.job)?.evidence ?? ''
    out.set(`${f.line}\n${f.info.host}`, { host: f.info.host, location: { file, line: f.line }, runner })
  }
  return [...out.values()].sort((a, b) => a.location.line - b.location.line)
}
