/**
 * Findings about the workflow file itself: the discontinued `ibmcloud cr build`, expressions that decide a
 * registry but cannot be resolved, a private registry domain used from a GitHub-hosted runner, a file that is not
 * valid YAML, and a file that could not be read.
 * Each carries the place in the file, so that it is annotated on the pull request's diff.
 */
import type { WorkflowSettings } from '../settings/settings.js'
import type { PrivateOnHosted } from '../workflow/resolve.js'
import type { WorkflowScan } from '../workflow/scan.js'
import type { Finding } from './finding.js'

const CR_BUILD_FIX =
  'Replace it with `docker build` + `docker push`, or docker/build-push-action; `ibmcloud cr build` could not work with IAM allowlists and has been discontinued.'

/** Findings for one scanned workflow file. */
export function workflowFindings(scan: WorkflowScan): Finding[] {
  const out: Finding[] = []
  if (scan.invalid !== undefined) {
    out.push({
      severity: 'warning',
      code: 'WORKFLOW_INVALID',
      title: 'Workflow file not readable',
      message: `The workflow file is not a valid workflow (${scan.invalid}); registries were not read from it.`,
      location: scan.invalidLocation
    })
  }
  for (const location of scan.ignoredDocuments) {
    out.push({
      severity: 'warning',
      code: 'WORKFLOW_INVALID',
      title: 'Extra YAML document in the workflow file',
      message: 'The workflow file holds more than one YAML document; only the first workflow document was read.',
      location
    })
  }
  for (const location of scan.crBuild) {
    out.push({
      severity: 'error',
      code: 'WORKFLOW_CR_BUILD',
      title: 'ibmcloud cr build is discontinued',
      message:
        '`ibmcloud cr build` / `ibmcloud cr image-build` builds on IBM’s side: it could not be used with IAM allowlists and no longer exists.',
      fix: { steps: [CR_BUILD_FIX] },
      location
    })
  }
  for (const p of scan.privateOnHosted) out.push(privateOnHostedFinding(p))
  for (const u of scan.unresolvable) {
    out.push({
      severity: 'notice',
      code: 'WORKFLOW_UNRESOLVABLE',
      title: 'Registry not resolvable from the workflow',
      message: `${u.expression} decides a registry host but cannot be resolved from the workflow file; that registry was not checked.`,
      fix: { steps: ['Name the registry in the `registry` input (for example `registry: us.icr.io`).'] },
      location: u.location
    })
  }
  return out
}

/**
 * A `private.*` domain is reached over IBM Cloud's private network, which GitHub-hosted runners are not on
 * (docs/ibm-facts.md §5, §12): the job's login, push or pull will almost certainly time out or be refused.
 */
function privateOnHostedFinding(p: PrivateOnHosted): Finding {
  const publicHost = p.host.replace(/^private\./, '')
  return {
    severity: 'warning',
    code: 'WORKFLOW_PRIVATE_ON_HOSTED',
    title: 'Private registry domain on a GitHub-hosted runner',
    message: `${p.host} is Container Registry's private endpoint, reachable only from IBM Cloud's private network; this job runs on a GitHub-hosted runner (${p.runner}), which is not on it, so its registry commands can almost never reach ${p.host}.`,
    fix: {
      steps: [
        `Run this job on a self-hosted runner inside IBM Cloud (a virtual server or cluster on the private network) to keep ${p.host}, or`,
        `use the public domain ${publicHost} from GitHub-hosted runners.`
      ]
    },
    location: p.location
  }
}

/** The notice for a workflow file that could not be read (no checkout): the public check still runs. */
export function workflowNotFoundFinding(reason: string, file?: string): Finding {
  // No location: the file is not in the checkout, so an annotation could not point into it.
  return {
    severity: 'notice',
    code: 'WORKFLOW_NOT_FOUND',
    title: 'Workflow file not read',
    message: `Registries could not be read from the workflow${file ? ` (${file})` : ''}: ${reason}. The preflight falls back to the public check.`,
    fix: {
      steps: [
        'Check the repository out (actions/checkout) before this step, or name the registries in the `registry` input.'
      ]
    }
  }
}

/**
 * The findings of the running workflow. When the user named the registries, notices about registries the
 * workflow could not give (unresolvable expressions, a file not checked out) are moot and left out.
 */
export function workflowSettingsFindings(workflow: WorkflowSettings | undefined): Finding[] {
  if (!workflow) return []
  const { read, registriesNamed } = workflow
  if (!read.found) return registriesNamed ? [] : [workflowNotFoundFinding(read.reason, read.file)]
  const findings = workflowFindings(read.scan)
  return registriesNamed ? findings.filter((f) => f.code !== 'WORKFLOW_UNRESOLVABLE') : findings
}
