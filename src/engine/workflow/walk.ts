/**
 * Walks the jobs and steps of a parsed workflow and collects every value that may name a registry, each with its
 * line and job; `resolve.ts` turns them into registries (see `scan.ts` for the sources covered). Nothing here knows
 * the registry domains: a value is collected because its place in the workflow makes it an image or a registry.
 * `with.ts` reads the inputs of `uses:` steps, `commands.ts` the commands of `run:` scripts, `env-use.ts` decides
 * which `env:` definitions count.
 */
import type { Node } from 'yaml'
import type { Collected, Ref, RegionSetting } from './collected.js'
import { EnvScope } from './env-use.js'
import { resolveExpressions, resolveShell, type Resolved } from './expressions.js'
import { jobRunner } from './runner.js'
import { scriptEvents } from './shell.js'
import { codeEngineUpload, walkWithInputs } from './with.js'
import { entries, get, items, lineOf, scalarLines, scalarsUnder, text, type Tree } from './yaml-nodes.js'

/** Options of {@link walkWorkflow}. */
interface WalkOptions {
  /** How this action is referenced in `uses:`, without `@ref`; default `./` and any `…/icr-allowlist-preflight`. */
  actionRefs?: string[]
  /** The job that runs the preflight (`GITHUB_JOB`): registries are taken from it when the file has it. */
  job?: string
  /** `RUNNER_ENVIRONMENT` of the job that runs the preflight. */
  runnerEnvironment?: string
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

/** Walks every job, with the workflow's own `env:`, until `outOfTime`. */
export function walkWorkflow(tree: Tree, options: WalkOptions): Collected {
  const root = tree.doc.contents
  const out: Collected = { refs: [], crBuildLines: [], crLogins: [], notes: [], runners: new Map(), actionSteps: [] }
  const workflowEnv = EnvScope.workflow(tree, get(tree, root, 'env'))
  const jobs = entries(tree, get(tree, root, 'jobs'))
  const jobInFile = jobs.some(([id]) => id === options.job)
  const isThisAction = thisActionMatcher(options.actionRefs)
  const outOfTime = options.outOfTime ?? ((): boolean => false)
  for (const [id, job] of jobs) {
    const mode: WalkMode = !jobInFile || id === options.job ? 'registries' : 'cr-build-only'
    if (mode === 'registries') {
      out.runners.set(id, jobRunner(tree, job, id === options.job ? options.runnerEnvironment : undefined))
    }
    new JobWalker(tree, out, { id, mode, isThisAction, outOfTime }).walkJob(job, workflowEnv)
    if (out.stoppedAt !== undefined) break
  }
  return out
}

/** Walks one job in one mode, adding what it finds to a shared {@link Collected}. */
class JobWalker {
  /** This job's docker/metadata-action steps by id, with the image refs read from their `images:`. */
  private readonly metadata = new Map<string, Ref[]>()
  /** The `cr region-set` and `ibmcloud login -r` walked last: the steps of a job share the CLI's configuration. */
  private regionSet?: RegionSetting
  private loginRegion?: RegionSetting

  constructor(
    private readonly tree: Tree,
    private readonly out: Collected,
    private readonly context: JobContext
  ) {}

  /** One job: its container and service images, its steps, then the `env:` definitions that count for it. */
  walkJob(job: Node, workflowEnv: EnvScope): void {
    const t = this.tree
    if (this.stopBefore(job)) return
    const env = workflowEnv.child(t, get(t, job, 'env'), 'job')
    const registries = this.context.mode === 'registries'
    if (registries) this.walkContainers(job, env)
    for (const step of items(t, get(t, job, 'steps'))) {
      if (this.stopBefore(step)) break
      this.walkStep(step, env)
    }
    if (!registries) return
    this.addEnvRefs(env)
    this.addEnvRefs(workflowEnv)
  }

  /** Whether time is up before `node`; if so, records its line as where the walk stopped. */
  private stopBefore(node: Node): boolean {
    if (!this.context.outOfTime()) return false
    this.out.stoppedAt = lineOf(this.tree, node)
    return true
  }

  /** Job and service containers, which the runner pulls with the job's registry credentials. */
  private walkContainers(job: Node, env: EnvScope): void {
    const t = this.tree
    const containers = [get(t, job, 'container'), ...entries(t, get(t, job, 'services')).map(([, s]) => s)]
    for (const container of containers) {
      for (const value of scalarsUnder(t, container)) env.mention(value, 'runner')
      const image = text(t, container) !== undefined ? container : get(t, container, 'image')
      const raw = text(t, image)
      if (raw === undefined) continue
      this.ref({ written: raw, resolved: resolveExpressions(raw, env.chain), line: lineOf(t, image), use: 'pull' })
    }
  }

  /** One step: what it uses or runs, then the definitions of its own `env:` that count. */
  private walkStep(step: Node, jobEnv: EnvScope): void {
    const t = this.tree
    const env = jobEnv.child(t, get(t, step, 'env'), 'step')
    const uses = text(t, get(t, step, 'uses'))
    if (uses !== undefined) this.walkUsesStep(step, uses, env)
    const run = get(t, step, 'run')
    if (run !== undefined) this.walkRunScript(run, env)
    if (this.context.mode === 'registries') this.addEnvRefs(env)
  }

  /** A `uses:` step: this action's own step, a `docker://` image, the registries in its `with:` inputs. */
  private walkUsesStep(step: Node, uses: string, env: EnvScope): void {
    const t = this.tree
    const action = normalizeUses(uses)
    const inRegistryJob = this.context.mode === 'registries'
    const isThisAction = this.context.isThisAction(action)
    if (isThisAction) this.out.actionSteps.push({ line: lineOf(t, step), inRegistryJob })
    if (!inRegistryJob || isThisAction) return
    // A `docker://` step image is pulled by the runner, like a job container; its inputs are read as any action's.
    if (/^docker:\/\//i.test(uses)) {
      const line = lineOf(t, get(t, step, 'uses'))
      this.ref({ written: uses, resolved: resolveExpressions(uses, env.chain), line, use: 'pull' })
    }
    const context = { tree: t, out: this.out, job: this.context.id, env, metadata: this.metadata }
    walkWithInputs(context, step, action)
  }

  /** A `run:` script: `cr build` in every job; images, registries, regions and `cr login` in registry jobs. */
  private walkRunScript(run: Node, env: EnvScope): void {
    const shellVars = new Map<string, Resolved>()
    const job = this.context.id
    for (const ev of scriptEvents(scalarLines(this.tree, run))) {
      if (ev.kind === 'cr-build') this.out.crBuildLines.push(ev.line)
      if (this.context.mode !== 'registries') continue
      if (ev.kind === 'mentions') for (const w of ev.words) env.mention(w.text, ev.side, shellVars)
      else if (ev.kind === 'assign') shellVars.set(ev.name, resolveShell(ev.word.text, env.chain, shellVars))
      else if (ev.kind === 'image') {
        const resolved = resolveShell(ev.word.text, env.chain, shellVars)
        this.ref({ written: ev.word.text, resolved, line: ev.word.line, use: ev.use, reportUnknown: ev.reportUnknown })
      } else if (ev.kind === 'region-set' || ev.kind === 'login-region') {
        const region = resolveShell(ev.word.text, env.chain, shellVars)
        const command = ev.kind === 'region-set' ? 'ibmcloud cr region-set' : ev.command
        const setting = { region, command, line: ev.word.line }
        if (ev.kind === 'region-set') this.regionSet = setting
        else this.loginRegion = setting
      } else if (ev.kind === 'cr-login') {
        this.out.crLogins.push({ line: ev.line, job, regionSet: this.regionSet, loginRegion: this.loginRegion })
      } else if (ev.kind === 'local-source') {
        this.out.notes.push({ expression: codeEngineUpload(ev.word.text), line: ev.word.line })
      }
    }
  }

  /** Adds a use of a registry by this job; an unknown host is reported unless `reportUnknown` says otherwise. */
  private ref(use: Pick<Ref, 'written' | 'resolved' | 'line' | 'use'> & { reportUnknown?: boolean }): void {
    const written = use.written.trim()
    this.out.refs.push({ reportUnknown: true, ...use, written, source: 'use', job: this.context.id })
  }

  /** The definitions of an `env:` map that count for this job (`env-use.ts`), as refs on their own lines. */
  private addEnvRefs(env: EnvScope): void {
    for (const { raw, line, resolved } of env.takeCounted()) {
      this.out.refs.push({
        written: raw.trim(),
        resolved,
        line,
        reportUnknown: false,
        source: 'env',
        job: this.context.id
      })
    }
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
  const noRef = uses
    .trim()
    .replace(/@[^@/]*$/, '')
    .toLowerCase()
  const trimmed = noRef.replace(/\/+$/, '')
  return trimmed === '' || trimmed === '.' ? '.' : trimmed
}
