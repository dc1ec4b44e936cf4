/**
 * Finds the Container Registry hosts a job uses, as the job really uses them, and where (file and line), by walking
 * the parsed YAML tree: image references and registry hosts in any action's `with:` inputs; `docker`, `podman`,
 * `buildah`, `skopeo` and `ibmcloud cr` commands in `run:` scripts (`cr login` with the `cr region-set`, or on a
 * GitHub-hosted runner the `ibmcloud login -r`, before it in its job); job containers, services and `docker://`
 * steps; `env:` definitions the job refers to (`env-use.ts`). Images only handed to IBM's side (Code Engine,
 * Kubernetes) are not the runner's. Each registry carries the repository named and what the job does with it.
 *
 * Only what the file itself says is followed (`${{ env.X }}`, `$X` from `env:`); everything else is reported
 * as not resolvable. A file that is not valid YAML, or not a workflow, comes back as `invalid`.
 */
import { LineCounter, isMap, parseAllDocuments } from 'yaml'
import type { RegistryTarget, SourceLocation } from '../settings/registries.js'
import { resolveCollected, type PrivateOnHosted, type Unresolvable } from './resolve.js'
import { walkWorkflow } from './walk.js'
import { get, lineOf, treeOf, type Tree } from './yaml-nodes.js'

/** Options of {@link scanWorkflow}. */
interface ScanOptions {
  /**
   * How this action is referenced in `uses:` (e.g. `owner/icr-allowlist-preflight`, `./`), without `@ref`.
   * Default: `./` and any `…/icr-allowlist-preflight`.
   */
  actionRefs?: string[]
  /** `GITHUB_JOB`: registries are taken from this job only (when the file has it); `cr build` from every job. */
  job?: string
  /**
   * `RUNNER_ENVIRONMENT` (`github-hosted`, `self-hosted`) of the job that runs the preflight (`job`); other jobs,
   * or that one when it is not set, are judged by their `runs-on:` labels.
   */
  runnerEnvironment?: string
  /**
   * Epoch milliseconds after which the scan stops and returns what it found so far, marked `cutShort`. Checked
   * before parsing and before each job and step; parsing itself cannot be interrupted.
   */
  deadline?: number
}

/** What {@link scanWorkflow} found. */
export interface WorkflowScan {
  /** One entry per host, at its first place in the file (in file order). */
  registries: RegistryTarget[]
  /** The step that uses this action, when found. */
  actionStep?: SourceLocation
  /** Each use of `ibmcloud cr build` / `ibmcloud cr image-build`. */
  crBuild: SourceLocation[]
  /** Values that decide a registry but cannot be resolved from the file, in file order. */
  unresolvable: Unresolvable[]
  /** `private.*` hosts used by jobs on GitHub-hosted runners, which are not on IBM's private network. */
  privateOnHosted: PrivateOnHosted[]
  /** The YAML error message when the file is not a readable workflow. */
  invalid?: string
  /** Where the YAML error is, when known. */
  invalidLocation?: SourceLocation
  /** Further YAML documents in the file that were not read (only the first workflow document is). */
  ignoredDocuments: SourceLocation[]
  /**
   * Where the scan stopped because the deadline came first: nothing from this line on was read. An unresolvable
   * entry at the same place says so, since registries may hide in what was not read.
   */
  cutShort?: SourceLocation
}

/** Scans one workflow file's text. `file` is the path used in locations (repository-relative for annotations). */
export function scanWorkflow(text: string, file: string, opts: ScanOptions = {}): WorkflowScan {
  const result: WorkflowScan = {
    registries: [],
    crBuild: [],
    unresolvable: [],
    privateOnHosted: [],
    ignoredDocuments: []
  }
  const outOfTime = (): boolean => opts.deadline !== undefined && Date.now() >= opts.deadline
  // Parsing cannot be stopped once started (about a second for 60,000 steps), so it does not start late.
  if (outOfTime()) return cutShort(result, { file, line: 1 })
  const lines = new LineCounter()
  // The parser reports what is wrong with the text as each document's `errors` and does not throw for bad input:
  // whatever it throws is a bug, and propagates.
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: true })
  const error = docs.find((d) => d.errors.length > 0)?.errors[0]
  if (error) {
    const line = error.linePos?.[0]?.line
    const message = (error.message.split('\n')[0] ?? '').replace(/:\s*$/, '')
    return { ...result, invalid: message, invalidLocation: line ? { file, line } : undefined }
  }

  let tree: Tree | undefined
  for (const doc of docs) {
    const candidate = treeOf(doc, text, lines)
    if (tree === undefined && isMap(doc.contents) && get(candidate, doc.contents, 'jobs') !== undefined) {
      tree = candidate
    } else if (doc.contents !== null) {
      result.ignoredDocuments.push({ file, line: lineOf(candidate, doc.contents) })
    }
  }
  if (!tree) {
    result.ignoredDocuments = []
    return { ...result, invalid: 'no YAML document with a `jobs:` mapping: this is not a workflow' }
  }

  const { actionRefs, job, runnerEnvironment } = opts
  const collected = walkWorkflow(tree, { actionRefs, job, runnerEnvironment, outOfTime })
  const scan = { ...result, ...resolveCollected(collected, file) }
  return collected.stoppedAt === undefined ? scan : cutShort(scan, { file, line: collected.stoppedAt })
}

/** `scan` marked as stopped at `location`, with a note that what follows was not read. */
function cutShort(scan: WorkflowScan, location: SourceLocation): WorkflowScan {
  const expression = 'the rest of the workflow from this line (not read before the run’s time limit)'
  return { ...scan, cutShort: location, unresolvable: [...scan.unresolvable, { expression, location }] }
}
