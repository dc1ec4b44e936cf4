/**
 * Walks the jobs and steps of a parsed workflow and collects every place that names a registry, then turns
 * them into registry targets (see `scan.ts` for the sources covered).
 */
import { lookupRegistryHost, registryHostOf } from '../registry/hosts.js'
import type { RegistryTarget, SourceLocation } from '../settings/registries.js'
import { EnvChain, UNKNOWN, resolveExpressions, resolveShell, type Resolved } from './expressions.js'
import { regionHost } from './regions.js'
import { scriptEvents } from './shell.js'
import { entries, get, items, lineOf, scalarLines, text, type Tree } from './yaml-nodes.js'

/** A value that may name a registry: `report` says whether an unknown host is worth a "not resolvable" note. */
interface Ref {
  written: string
  resolved: Resolved
  line: number
  report: boolean
  /** A value in an `env:` map: it only names the registry, another line uses it. */
  fromEnv: boolean
}

/** An expression that decides a registry host but cannot be resolved from the file. */
export interface Unresolvable {
  expression: string
  location: SourceLocation
}

/** Everything gathered while walking, resolved by {@link JobWalker.finish}. */
export interface Collected {
  refs: Ref[]
  crBuild: SourceLocation[]
  regionSets: Array<{ region: Resolved; line: number; job: string }>
  crLogins: Array<{ line: number; job: string }>
  actionSteps: Array<{ line: number; preferred: boolean }>
}

const STEP_OUTPUT = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.(tags|json|labels)\s*\}\}$/

/** Walks jobs and steps; `preferred` jobs contribute registries, every job contributes `cr build` uses. */
export class JobWalker {
  constructor(
    private readonly tree: Tree,
    private readonly file: string,
    private readonly out: Collected,
    private readonly actionRefs?: string[]
  ) {}

  /** `*.icr.io` values of an `env:` map. Unknown values are not reported: most env values are not registries. */
  envValues(node: unknown, env: EnvChain, collect: boolean): void {
    if (!collect) return
    for (const [, value] of entries(this.tree, node)) {
      const raw = text(this.tree, value)
      if (raw !== undefined) this.ref(raw, resolveExpressions(raw, env), lineOf(this.tree, value), false, true)
    }
  }

  /** One job: its env, container and service images, and steps. */
  job(job: unknown, parent: EnvChain, preferred: boolean, id: string): void {
    const t = this.tree
    const envNode = get(t, job, 'env')
    const env = parent.child(envMapOf(t, envNode))
    this.envValues(envNode, env, preferred)
    if (preferred) {
      // Job and service containers are pulled by the runner with the job's registry credentials.
      const images = [get(t, job, 'container'), ...entries(t, get(t, job, 'services')).map(([, s]) => s)]
      for (const c of images) {
        const image = text(t, c) !== undefined ? c : get(t, c, 'image')
        const raw = text(t, image)
        if (raw !== undefined) this.ref(raw, resolveExpressions(raw, env), lineOf(t, image), true)
      }
    }
    const metadataSteps = new Set<string>()
    for (const step of items(t, get(t, job, 'steps'))) {
      const stepEnvNode = get(t, step, 'env')
      const stepEnv = env.child(envMapOf(t, stepEnvNode))
      this.envValues(stepEnvNode, stepEnv, preferred)
      const uses = text(t, get(t, step, 'uses'))
      if (uses !== undefined) this.uses(step, uses, stepEnv, preferred, metadataSteps)
      const run = get(t, step, 'run')
      if (run !== undefined) this.run(run, stepEnv, preferred, id)
    }
  }

  private uses(step: unknown, uses: string, env: EnvChain, preferred: boolean, metadata: Set<string>): void {
    const t = this.tree
    const action = normalizeUses(uses)
    const withNode = get(t, step, 'with')
    if (this.isThisAction(action)) this.out.actionSteps.push({ line: lineOf(t, step), preferred })
    if (!preferred) return
    // A `docker://` step image is pulled by the runner, like a job container.
    if (/^docker:\/\//i.test(uses)) this.ref(uses, resolveExpressions(uses, env), lineOf(t, get(t, step, 'uses')), true)
    const list = (key: string, report: boolean): void => {
      const node = get(t, withNode, key)
      const values = items(t, node).length > 0 ? items(t, node).flatMap((n) => scalarLines(t, n)) : scalarLines(t, node)
      for (const { text: line, line: n } of values) {
        for (const part of line.split(',').map((p) => p.trim()).filter(Boolean)) {
          const m = STEP_OUTPUT.exec(part)
          // Tags from a docker/metadata-action step whose `images:` were read already: nothing unknown.
          if (m && metadata.has(m[1])) continue
          this.ref(part, resolveExpressions(part, env), n, report)
        }
      }
    }
    if (action === 'docker/login-action') list('registry', true)
    else if (action === 'docker/build-push-action') list('tags', true)
    else if (action === 'docker/metadata-action') {
      list('images', true)
      const id = text(t, get(t, step, 'id'))
      if (id) metadata.add(id)
    }
  }

  private run(run: unknown, env: EnvChain, preferred: boolean, job: string): void {
    const shellVars = new Map<string, Resolved>()
    for (const ev of scriptEvents(scalarLines(this.tree, run))) {
      if (ev.kind === 'cr-build') this.out.crBuild.push({ file: this.file, line: ev.line })
      if (!preferred) continue
      if (ev.kind === 'assign') shellVars.set(ev.name, resolveShell(ev.word, env, shellVars))
      else if (ev.kind === 'image' || ev.kind === 'registry') {
        this.ref(ev.word, resolveShell(ev.word, env, shellVars), ev.line, ev.kind === 'registry' || ev.report)
      } else if (ev.kind === 'region-set') {
        this.out.regionSets.push({ region: resolveShell(ev.word, env, shellVars), line: ev.line, job })
      } else if (ev.kind === 'cr-login') this.out.crLogins.push({ line: ev.line, job })
    }
  }

  private ref(written: string, resolved: Resolved, line: number, report: boolean, fromEnv = false): void {
    this.out.refs.push({ written: written.trim(), resolved, line, report, fromEnv })
  }

  private isThisAction(action: string): boolean {
    const refs = (this.actionRefs ?? []).map(normalizeUses)
    if (refs.length === 0) return action === '.' || action.endsWith('/icr-allowlist-preflight')
    return refs.includes(action)
  }

  /** Resolves the collected references into registries (one per host, first place in the file). */
  finish(): { registries: RegistryTarget[]; crBuild: SourceLocation[]; unresolvable: Unresolvable[]; actionStep?: SourceLocation } {
    const file = this.file
    const unresolvable: Unresolvable[] = []
    const found: Array<RegistryTarget & { fromEnv?: boolean }> = []
    const note = (expression: string, line: number): void => {
      if (!unresolvable.some((u) => u.expression === expression && u.location.line === line)) {
        unresolvable.push({ expression, location: { file, line } })
      }
    }
    // One target per host, at the first line that uses it; an `env:` definition only when nothing else does.
    const add = (host: string, written: string, line: number, fromEnv = false): void => {
      const info = lookupRegistryHost(host)
      if (!info) return
      const seen = found.findIndex((r) => r.host === info.host)
      if (seen >= 0 && (fromEnv || !found[seen].fromEnv)) return
      const entry = { raw: written, ...info, location: { file, line }, fromEnv }
      if (seen >= 0) found[seen] = entry
      else found.push(entry)
    }
    for (const r of this.out.refs) {
      const host = registryHostOf(r.resolved.value)
      if (host.includes(UNKNOWN)) {
        if (r.report) note(r.resolved.unresolved.join(' ') || r.written, r.line)
      } else if (host !== '') add(host, r.written, r.line, r.fromEnv)
    }
    for (const login of this.out.crLogins) {
      const sets = this.out.regionSets
      const set =
        [...sets].reverse().find((s) => s.job === login.job && s.line < login.line) ??
        sets.find((s) => s.job === login.job) ??
        sets[0]
      if (!set) {
        note('ibmcloud cr login (registry region: whatever `ibmcloud cr region-set` the CLI has)', login.line)
        continue
      }
      const host = set.region.value.includes(UNKNOWN) ? undefined : regionHost(set.region.value)
      if (host) add(host, `ibmcloud cr region-set ${set.region.value}`, login.line)
      else note(set.region.unresolved.join(' ') || `ibmcloud cr region-set ${set.region.value}`, set.line)
    }
    found.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0))
    unresolvable.sort((a, b) => a.location.line - b.location.line)
    const step = this.out.actionSteps.find((s) => s.preferred) ?? this.out.actionSteps[0]
    return {
      registries: found.map(({ fromEnv: _, ...target }) => target),
      crBuild: this.out.crBuild,
      unresolvable,
      actionStep: step ? { file, line: step.line } : undefined
    }
  }
}

/** `owner/repo/path@ref` → `owner/repo/path` (lower case); `./` and `.` → `.`. */
export function normalizeUses(uses: string): string {
  const noRef = uses.trim().replace(/@[^@/]*$/, '').toLowerCase()
  const trimmed = noRef.replace(/\/+$/, '')
  return trimmed === '' || trimmed === '.' ? '.' : trimmed
}

/** The `env:` map of a scope as name → raw value (collections are ignored). */
export function envMapOf(tree: Tree, node: unknown): Map<string, string> {
  const vars = new Map<string, string>()
  for (const [name, value] of entries(tree, node)) {
    const v = text(tree, value)
    if (v !== undefined) vars.set(name, v)
  }
  return vars
}
