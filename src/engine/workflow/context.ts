/**
 * Reads the running workflow: `GITHUB_WORKFLOW_REF` (`owner/repo/.github/workflows/ci.yml@refs/heads/main`) names
 * the file, which is on disk under `GITHUB_WORKSPACE` only when the job checked the repository out, and `scan.ts`
 * reads the registries from its text. A file that cannot be read becomes a WORKFLOW_NOT_FOUND notice, and the run
 * falls back to the public check.
 *
 * The action loads this with a dynamic import only when GITHUB_WORKFLOW_REF is set, so that the YAML parser costs
 * nothing at cold start otherwise.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { RegistryTarget, SourceLocation } from '../settings/registries.js'
import { scanWorkflow, type WorkflowScan } from './scan.js'

/** The workflow file scanned, or why it could not be read (`file` is repository-relative, when known). */
export type WorkflowRead = { found: true; scan: WorkflowScan } | { found: false; file?: string; reason: string }

/** What the running workflow file contributes to the run: evidence only; the findings are made from `read`. */
export interface WorkflowContext {
  /** Registries found in the workflow (each with its file and line). */
  registries: RegistryTarget[]
  /** The step that uses this action, for the verdict's annotation. */
  actionStep?: SourceLocation
  read: WorkflowRead
}

/**
 * Reads and scans the running workflow. A missing or broken file is evidence, not an error. With a `deadline`
 * (epoch milliseconds, the run's), a scan that reaches it stops and says where (`scan.cutShort`).
 */
export async function workflowContext(
  env: NodeJS.ProcessEnv,
  options: { deadline?: number } = {}
): Promise<WorkflowContext> {
  const read = await readWorkflow(env)
  if (!read.found) return { registries: [], read }
  const actionRefs = ['./', 'icr-allowlist-preflight', env.GITHUB_ACTION_REPOSITORY].filter((r): r is string => !!r)
  const job = env.GITHUB_JOB || undefined
  const runnerEnvironment = env.RUNNER_ENVIRONMENT || undefined
  const scan = scanWorkflow(read.text, read.file, { actionRefs, job, runnerEnvironment, deadline: options.deadline })
  return { registries: scan.registries, actionStep: scan.actionStep, read: { found: true, scan } }
}

/** The workflow file's text, or why it could not be read; `file` is repository-relative, for annotations. */
type WorkflowText = { found: true; file: string; text: string } | { found: false; file?: string; reason: string }

async function readWorkflow(env: NodeJS.ProcessEnv): Promise<WorkflowText> {
  const file = workflowPathFromRef(env.GITHUB_WORKFLOW_REF)
  if (!file) return { found: false, reason: 'GITHUB_WORKFLOW_REF is not set or not of the form owner/repo/path@ref' }
  const workspace = env.GITHUB_WORKSPACE
  if (!workspace) return { found: false, file, reason: 'GITHUB_WORKSPACE is not set' }
  const full = path.resolve(workspace, file)
  // The path comes from the environment: never read outside the workspace.
  if (!full.startsWith(path.resolve(workspace) + path.sep)) {
    return { found: false, file, reason: `${file} is outside GITHUB_WORKSPACE` }
  }
  try {
    return { found: true, file, text: await readFile(full, 'utf8') }
  } catch (err) {
    // Only the file system's own errors (they carry a code) say something about the file; anything else is a bug.
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const why = 'check the repository out (actions/checkout) before this step to let the preflight read the workflow'
      return { found: false, file, reason: `${file} is not in GITHUB_WORKSPACE: ${why}` }
    }
    if (typeof code === 'string') return { found: false, file, reason: `${file} could not be read (${code})` }
    throw err
  }
}

/** The repository-relative path in `owner/repo/path@ref`, or undefined for any other shape. */
function workflowPathFromRef(ref: string | undefined): string | undefined {
  if (!ref) return undefined
  const at = ref.lastIndexOf('@')
  const withoutRef = at > 0 ? ref.slice(0, at) : ref
  const parts = withoutRef.split('/')
  if (parts.length < 3 || parts.slice(2).some((p) => p === '' || p === '.' || p === '..')) return undefined
  return parts.slice(2).join('/')
}
