/**
 * What the running workflow tells the preflight: the registries the job uses (when the `registry` input is
 * empty), the line of this action's step, and findings about the file. Loaded with a dynamic import by the
 * action only when GITHUB_WORKFLOW_REF is set, so the YAML parser costs nothing at cold start otherwise.
 */
import type { Finding } from '../findings/finding.js'
import type { RegistryTarget, SourceLocation } from '../settings/registries.js'
import { workflowFindings, workflowNotFoundFinding } from '../findings/workflow.js'
import { readWorkflow } from './read-workflow.js'
import { scanWorkflow } from './scan.js'

/** What the running workflow file contributes to the run. */
export interface WorkflowContext {
  /** Registries found in the workflow (each with its file and line). */
  registries: RegistryTarget[]
  /** The step that uses this action, for the verdict's annotation. */
  actionStep?: SourceLocation
  findings: Finding[]
}

/** Reads and scans the running workflow. Never throws: a missing or broken file is a finding. */
export async function workflowContext(env: NodeJS.ProcessEnv): Promise<WorkflowContext> {
  const read = await readWorkflow(env)
  if (!read.found) return { registries: [], findings: [workflowNotFoundFinding(read.reason, read.file)] }
  const actionRefs = ['./', 'icr-allowlist-preflight', env.GITHUB_ACTION_REPOSITORY].filter((r): r is string => !!r)
  const scan = scanWorkflow(read.text, read.file, { actionRefs, job: env.GITHUB_JOB || undefined })
  return { registries: scan.registries, actionStep: scan.actionStep, findings: workflowFindings(scan) }
}
