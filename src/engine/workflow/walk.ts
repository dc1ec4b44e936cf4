/**
 * Walks the jobs and steps of a parsed workflow and collects every value that may name a registry, each with its
 * line; `resolve.ts` turns them into registries (see `scan.ts` for the sources covered). Nothing here knows the
 * registry domains: a value is collected because its place in the workflow makes it an image or a registry.
 */
import type { Node } from 'yaml'
import { EnvChain, resolveExpressions, resolveShell, type Resolved } from './expressions.js'
import { scriptEvents } from './shell.js'
import { entries, get, items, lineOf, scalarLines, text, type Tree } from './yaml-nodes.js'

/** A value that may name a registry. */
interface Ref {
  /** As written in the file. */
  written: string
  resolved: Resolved
  line: number
  /** Whether an unknown host is worth a "not resolvable" note (a `docker tag` source is usually a local name). */
  reportUnknown: boolean
  /** `env`: a value of an `env:` map, which only names a registry that another line uses; `use`: that line. */
  source: 'env' | 'use'
}

/** Everything {@link walkWorkflow} gathers, in the order walked. */
export interface Collected {
  refs: Ref[]
  /** Lines of `ibmcloud cr build` / `ibmcloud cr image-build`. */
  crBuildLines: number[]
  /** `ibmcloud cr region-set REGION`: it decides which registry a later `cr login` logs in to. */
  regionSets: RegionSet[]
  /** `ibmcloud cr login`, with the `cr region-set` walked last before it in its job, if any. */
  crLogins: Array<{ line: number; job: string; regionSet?: RegionSet }>
  /** Steps that use this action; `inRegistryJob` when their job is one registries are taken from. */
  actionSteps: Array<{ line: number; inRegistryJob: boolean }>
  /** The line of the first job or step not walked because `outOfTime` said so. */
  stoppedAt?: number
}

/** One `ibmcloud cr region-set REGION`, in job `job`. */
export interface RegionSet {
  region: Resolved
  line: number
  job: string
}

/** Options of {@link walkWorkflow}. */
interface WalkOptions {
  /** How this action is referenced in `uses:`, without `@ref`; default `./` and any `…/icr-allowlist-preflight`. */
  actionRefs?: string[]
  /** The job that runs the preflight (`GITHUB_JOB`): registries are taken from it when the file has it. */
  job?: string
  /** Asked before each job and each step: true stops the walk there. */
  outOfTime?: () => boolean
}

/** What a {@link JobWalker} needs to know about its job. */
interface JobContext {
  id: string
  mode: WalkMode
  isThisAction: (action: string) => boolean
  outOfTime: () => boolean
}

/**
 * What a job contributes. `registries`: everything (the job that runs the preflight, or every job when that one
 * is not known). `cr-build-only`: only `ibmcloud cr build` uses, which fail whichever job runs them.
 */
type WalkMode = 'registries' | 'cr-build-only'

/** A tag list entry that is a docker/metadata-action step's output. */
const STEP_OUTPUT = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.(tags|json|labels)\s*\}\}$/

/** Walks the workflow's own `env:` and every job, until `outOfTime`. */
export function walkWorkflow(tree: Tree, options: WalkOptions): Collected {
  const root = tree.doc.contents
  const out: Collected = { refs: [], crBuildLines: [], regionSets: [], crLogins: [], actionSteps: [] }
  const rootEnvNode = get(tree, root, 'env')
  const rootEnv = new EnvChain(envMapOf(tree, rootEnvNode))
  const jobs = entries(tree, get(tree, root, 'jobs'))
  const jobInFile = jobs.some(([id]) => id === options.job)
  const isThisAction = thisActionMatcher(options.actionRefs)
  const outOfTime = options.outOfTime ?? ((): boolean => false)
  collectEnvValues(tree, out, rootEnvNode, rootEnv)
  for (const [id, job] of jobs) {
    const mode: WalkMode = !jobInFile || id === options.job ? 'registries' : 'cr-build-only'
    new JobWalker(tree, out, { id, mode, isThisAction, outOfTime }).walkJob(job, rootEnv)
    if (out.stoppedAt !== undefined) break
  }
  return out
}

/** Walks one job in one mode, adding what it finds to a shared {@link Collected}. */
class JobWalker {
  /** Ids of this job's docker/metadata-action steps whose `images:` were read. */
  private readonly metadataSteps = new Set<string>()
  /** The `cr region-set` walked last: the steps of a job share the CLI's configuration. */
  private regionSet?: RegionSet

  constructor(
    private readonly tree: Tree,
    private readonly out: Collected,
    private readonly context: JobContext
  ) {}

  /** One job: its env, container and service images, and steps. */
  walkJob(job: Node, workflowEnv: EnvChain): void {
    const t = this.tree
    if (this.stopBefore(job)) return
    const envNode = get(t, job, 'env')
    const env = workflowEnv.child(envMapOf(t, envNode))
    if (this.context.mode === 'registries') {
      collectEnvValues(t, this.out, envNode, env)
      this.walkContainers(job, env)
    }
    for (const step of items(t, get(t, job, 'steps'))) {
      if (this.stopBefore(step)) return
      this.walkStep(step, env)
    }
  }

  /** Whether time is up before `node`; if so, records its line as where the walk stopped. */
  private stopBefore(node: Node): boolean {
    if (!this.context.outOfTime()) return false
    this.out.stoppedAt = lineOf(this.tree, node)
    return true
  }

  /** Job and service containers, which the runner pulls with the job's registry credentials. */
  private walkContainers(job: Node, env: EnvChain): void {
    const t = this.tree
    const containers = [get(t, job, 'container'), ...entries(t, get(t, job, 'services')).map(([, s]) => s)]
    for (const container of containers) {
      const image = text(t, container) !== undefined ? container : get(t, container, 'image')
      const raw = text(t, image)
      if (raw === undefined) continue
      const line = lineOf(t, image)
      this.ref({ written: raw, resolved: resolveExpressions(raw, env), line, reportUnknown: true, source: 'use' })
    }
  }

  /** One step: its env, then what it uses or runs. */
  private walkStep(step: Node, jobEnv: EnvChain): void {
    const t = this.tree
    const envNode = get(t, step, 'env')
    const env = jobEnv.child(envMapOf(t, envNode))
    if (this.context.mode === 'registries') collectEnvValues(t, this.out, envNode, env)
    const uses = text(t, get(t, step, 'uses'))
    if (uses !== undefined) this.walkUsesStep(step, uses, env)
    const run = get(t, step, 'run')
    if (run !== undefined) this.walkRunScript(run, env)
  }

  /** A `uses:` step: this action's own step, a `docker://` image, the registries of the docker/* actions. */
  private walkUsesStep(step: Node, uses: string, env: EnvChain): void {
    const t = this.tree
    const action = normalizeUses(uses)
    const inRegistryJob = this.context.mode === 'registries'
    if (this.context.isThisAction(action)) this.out.actionSteps.push({ line: lineOf(t, step), inRegistryJob })
    if (!inRegistryJob) return
    // A `docker://` step image is pulled by the runner, like a job container.
    if (/^docker:\/\//i.test(uses)) {
      const line = lineOf(t, get(t, step, 'uses'))
      this.ref({ written: uses, resolved: resolveExpressions(uses, env), line, reportUnknown: true, source: 'use' })
    }
    const withNode = get(t, step, 'with')
    if (action === 'docker/login-action') this.walkWithList(get(t, withNode, 'registry'), env)
    else if (action === 'docker/build-push-action') this.walkWithList(get(t, withNode, 'tags'), env)
    else if (action === 'docker/metadata-action') {
      this.walkWithList(get(t, withNode, 'images'), env)
      const id = text(t, get(t, step, 'id'))
      if (id) this.metadataSteps.add(id)
    }
  }

  /** A `with:` value listing images or registries: a YAML list, or a string of lines and commas. */
  private walkWithList(node: Node | undefined, env: EnvChain): void {
    const t = this.tree
    const listed = items(t, node)
    const values = listed.length > 0 ? listed.flatMap((n) => scalarLines(t, n)) : scalarLines(t, node)
    for (const { text: value, line } of values) {
      for (const part of value.split(',').map((p) => p.trim())) {
        if (part === '') continue
        const output = STEP_OUTPUT.exec(part)?.[1]
        // Tags from a docker/metadata-action step whose `images:` were read already: nothing unknown.
        if (output !== undefined && this.metadataSteps.has(output)) continue
        this.ref({ written: part, resolved: resolveExpressions(part, env), line, reportUnknown: true, source: 'use' })
      }
    }
  }

  /** A `run:` script: `cr build` in every job; images, registries, `cr region-set` and `cr login` in registry jobs. */
  private walkRunScript(run: Node, env: EnvChain): void {
    const shellVars = new Map<string, Resolved>()
    for (const ev of scriptEvents(scalarLines(this.tree, run))) {
      if (ev.kind === 'cr-build') this.out.crBuildLines.push(ev.line)
      if (this.context.mode !== 'registries') continue
      if (ev.kind === 'assign') shellVars.set(ev.name, resolveShell(ev.word, env, shellVars))
      else if (ev.kind === 'image' || ev.kind === 'registry') {
        const resolved = resolveShell(ev.word, env, shellVars)
        const reportUnknown = ev.kind === 'registry' || ev.reportUnknown
        this.ref({ written: ev.word, resolved, line: ev.line, reportUnknown, source: 'use' })
      } else if (ev.kind === 'region-set') {
        this.regionSet = { region: resolveShell(ev.word, env, shellVars), line: ev.line, job: this.context.id }
        this.out.regionSets.push(this.regionSet)
      } else if (ev.kind === 'cr-login') {
        this.out.crLogins.push({ line: ev.line, job: this.context.id, regionSet: this.regionSet })
      }
    }
  }

  private ref(ref: Ref): void {
    this.out.refs.push({ ...ref, written: ref.written.trim() })
  }
}

/** The values of an `env:` map. Unknown ones are not reported: most env values are not registries. */
function collectEnvValues(tree: Tree, out: Collected, node: unknown, env: EnvChain): void {
  for (const [, value] of entries(tree, node)) {
    const raw = text(tree, value)
    if (raw === undefined) continue
    const resolved = resolveExpressions(raw, env)
    out.refs.push({ written: raw.trim(), resolved, line: lineOf(tree, value), reportUnknown: false, source: 'env' })
  }
}

/** Whether a normalised `uses:` value is this action, given how the caller says it is referenced. */
function thisActionMatcher(actionRefs: string[] = []): (action: string) => boolean {
  const refs = actionRefs.map(normalizeUses)
  if (refs.length === 0) return (action) => action === '.' || action.endsWith('/icr-allowlist-preflight')
  return (action) => refs.includes(action)
}

/** `owner/repo/path@ref` → `owner/repo/path` (lower case); `./` and `.` → `.`. */
function normalizeUses(uses: string): string {
  const noRef = uses.trim().replace(/@[^@/]*$/, '').toLowerCase()
  const trimmed = noRef.replace(/\/+$/, '')
  return trimmed === '' || trimmed === '.' ? '.' : trimmed
}

/** The `env:` map of a scope as name → raw value (collections are ignored). */
function envMapOf(tree: Tree, node: unknown): Map<string, string> {
  const vars = new Map<string, string>()
  for (const [name, value] of entries(tree, node)) {
    const v = text(tree, value)
    if (v !== undefined) vars.set(name, v)
  }
  return vars
}
