/**
 * Finds the running workflow's file from the runner's environment.
 *
 * `GITHUB_WORKFLOW_REF` (`owner/repo/.github/workflows/ci.yml@refs/heads/main`) names the file; it is only on
 * disk, under `GITHUB_WORKSPACE`, when the job checked the repository out. Without a checkout the caller emits
 * a WORKFLOW_NOT_FOUND notice and falls back to the public check.
 */
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'

/** Where the workflow file is, or why it is not available. */
export type WorkflowLocation =
  | { found: true; /** repository-relative, for annotations */ file: string; /** absolute path */ path: string }
  | { found: false; /** repository-relative, when known */ file?: string; reason: string }

/** A workflow file that was read, or why not. */
export type WorkflowText =
  | { found: true; file: string; path: string; text: string }
  | { found: false; file?: string; reason: string }

/**
 * The repository-relative workflow path named by a `GITHUB_WORKFLOW_REF` value, or undefined when it does
 * not have the expected `owner/repo/path@ref` shape.
 */
export function workflowPathFromRef(ref: string | undefined): string | undefined {
  if (!ref) return undefined
  const at = ref.lastIndexOf('@')
  const withoutRef = at > 0 ? ref.slice(0, at) : ref
  const parts = withoutRef.split('/')
  if (parts.length < 3 || parts.slice(2).some((p) => p === '' || p === '.' || p === '..')) return undefined
  return parts.slice(2).join('/')
}

/**
 * Where the running workflow's file should be. `exists` is injected so tests and callers decide how to look
 * (the default checks the file system).
 */
export async function locateWorkflow(
  env: NodeJS.ProcessEnv,
  exists: (p: string) => Promise<boolean> = fileExists
): Promise<WorkflowLocation> {
  const file = workflowPathFromRef(env.GITHUB_WORKFLOW_REF)
  if (!file) {
    return { found: false, reason: 'GITHUB_WORKFLOW_REF is not set or not of the form owner/repo/path@ref' }
  }
  const workspace = env.GITHUB_WORKSPACE
  if (!workspace) return { found: false, file, reason: 'GITHUB_WORKSPACE is not set' }
  const full = path.resolve(workspace, file)
  // The path comes from the environment: never read outside the workspace.
  if (!full.startsWith(path.resolve(workspace) + path.sep)) {
    return { found: false, file, reason: `${file} is outside GITHUB_WORKSPACE` }
  }
  if (!(await exists(full))) {
    return {
      found: false,
      file,
      reason: `${file} is not in GITHUB_WORKSPACE: check the repository out (actions/checkout) before this step to let the preflight read the workflow`
    }
  }
  return { found: true, file, path: full }
}

/** Locates and reads the running workflow file; never throws (an unreadable file is `found: false`). */
export async function readWorkflow(env: NodeJS.ProcessEnv): Promise<WorkflowText> {
  const where = await locateWorkflow(env)
  if (!where.found) return where
  try {
    return { ...where, text: await readFile(where.path, 'utf8') }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err)
    return { found: false, file: where.file, reason: `${where.file} could not be read (${code})` }
  }
}

async function fileExists(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile()
  } catch {
    return false
  }
}
