/**
 * Finds the Container Registry hosts a workflow file uses, and where (file and line), by walking the parsed
 * YAML tree: `docker/login-action` `registry:`, `docker/build-push-action` `tags:`, docker and `ibmcloud cr`
 * commands in `run:` scripts, job containers and `*.icr.io` values in `env:` maps.
 *
 * Only what the file itself says is followed (`${{ env.X }}`, `$X` from `env:`); everything else is reported
 * as not resolvable. The scan never throws: a file that is not valid YAML comes back as `invalid`.
 */
import { LineCounter, isMap, parseAllDocuments } from 'yaml'
import type { RegistryTarget, SourceLocation } from '../settings/registries.js'
import { resolveCollected, type Unresolvable } from './resolve.js'
import { walkWorkflow } from './walk.js'
import { get, lineOf, type Tree } from './yaml-nodes.js'

/** Options of {@link scanWorkflow}. */
export interface ScanOptions {
  /**
   * How this action is referenced in `uses:` (e.g. `owner/icr-allowlist-preflight`, `./`), without `@ref`.
   * Default: `./` and any `…/icr-allowlist-preflight`.
   */
  actionRefs?: string[]
  /** `GITHUB_JOB`: registries are taken from this job only (when the file has it); `cr build` from every job. */
  job?: string
}

/** What {@link scanWorkflow} found. */
export interface WorkflowScan {
  /** One entry per host, at its first place in the file (in file order). */
  registries: RegistryTarget[]
  /** The step that uses this action, when found. */
  actionStep?: SourceLocation
  /** Each use of `ibmcloud cr build` / `ibmcloud cr image-build`. */
  crBuild: SourceLocation[]
  unresolvable: Unresolvable[]
  /** The YAML error message when the file is not a readable workflow. */
  invalid?: string
  /** Where the YAML error is, when known. */
  invalidLocation?: SourceLocation
  /** Further YAML documents in the file that were not read (only the first workflow document is). */
  ignoredDocuments: SourceLocation[]
  /** Whether `job` was found in the file (false: registries were taken from every job). */
  jobFound?: boolean
}

/** Scans one workflow file's text. `file` is the path used in locations (repository-relative for annotations). */
export function scanWorkflow(text: string, file: string, opts: ScanOptions = {}): WorkflowScan {
  const result: WorkflowScan = { registries: [], crBuild: [], unresolvable: [], ignoredDocuments: [] }
  const lines = new LineCounter()
  let docs: ReturnType<typeof parseAllDocuments>
  try {
    docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: true })
  } catch (err) {
    // The parser reports problems as document errors; this is for anything unexpected (never throw to callers).
    return { ...result, invalid: err instanceof Error ? err.message : String(err) }
  }
  const list = Array.isArray(docs) ? docs : []
  const broken = list.find((d) => d.errors.length > 0)
  if (broken) {
    const err = broken.errors[0]
    const line = err.linePos?.[0]?.line
    return { ...result, invalid: err.message.split('\n')[0].replace(/:\s*$/, ''), invalidLocation: line ? { file, line } : undefined }
  }

  let tree: Tree | undefined
  for (const doc of list) {
    const candidate: Tree = { doc, source: text, lines }
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

  try {
    return { ...result, ...resolveCollected(walkWorkflow(tree, opts), file), ...jobFound(tree, opts.job) }
  } catch (err) {
    // Defence in depth: a pathological tree must end as a warning, never as a crash of the preflight.
    return { ...result, invalid: `the workflow could not be read (${err instanceof Error ? err.message : String(err)})` }
  }
}

function jobFound(tree: Tree, job: string | undefined): Partial<WorkflowScan> {
  if (job === undefined) return {}
  return { jobFound: get(tree, get(tree, tree.doc.contents, 'jobs'), job) !== undefined }
}
