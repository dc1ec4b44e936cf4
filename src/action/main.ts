/**
 * The action: inputs → engine → report. One catch fails the step on any thrown value, with a message and
 * never a stack trace.
 */
import * as core from '@actions/core'
import { annotate } from './annotations.js'
import { ActionInputs, readActionInputs, readRawInputs } from './inputs.js'
import { runPreflight } from '../engine/preflight.js'
import { parseSettings } from '../engine/settings/settings.js'
import { Finding } from '../engine/findings/finding.js'
import { InputError } from '../engine/settings/input-error.js'
import { Report } from '../engine/report/schema.js'
import { Settings } from '../engine/settings/settings.js'
import { SourceLocation } from '../engine/settings/registries.js'
import { renderMarkdown, verdictLine } from '../render/markdown.js'
import { createRedactor, Redactor } from '../engine/report/redact.js'

/** The verdict as one sentence, for the step's own annotation. */
function verdictText(report: Report): string {
  const errors = report.findings.filter((f) => f.severity === 'error')
  const first = errors[0] ? ` First: ${errors[0].title}: ${errors[0].message}` : ''
  return `${verdictLine(report).replace(/\*\*/g, '')}${first} See the job summary for the table and the fixes.`
}

async function publish(report: Report, redact: Redactor, actionStep?: SourceLocation): Promise<void> {
  core.setOutput('result', report.result)
  core.setOutput('egress-ips', report.egressIps.join(','))
  core.setOutput('missing', report.missing.join(','))
  core.setOutput('report', redact(JSON.stringify(report)))
  // The verdict is an annotation of its own (on this action's step line when known), counted in the budget.
  const level = report.gatePassed ? 'notice' : 'error'
  annotate(report.findings, redact, { [level]: 1 })
  const props: core.AnnotationProperties = { title: `Allowlist preflight: ${report.result}` }
  if (actionStep) Object.assign(props, { file: actionStep.file, startLine: actionStep.line })
  ;(report.gatePassed ? core.notice : core.error)(redact(verdictText(report)), props)
  try {
    await core.summary.addRaw(redact(renderMarkdown(report))).write()
  } catch (e) {
    // No GITHUB_STEP_SUMMARY (an older or a local runner): the annotations and outputs still carry it all.
    core.info(`Job summary not written: ${e instanceof Error ? e.message : String(e)}`)
  }
  core.info(redact(verdictLine(report).replace(/\*\*/g, '')))
}

/**
 * Registries and findings from the running workflow. The YAML scanner is loaded only when there is a
 * workflow to read, so a run without one pays nothing for it.
 */
async function fromWorkflow(settings: Settings): Promise<{ settings: Settings; findings: Finding[]; actionStep?: SourceLocation }> {
  if (!process.env.GITHUB_WORKFLOW_REF) return { settings, findings: [] }
  const { workflowContext } = await import('../engine/workflow/context.js')
  const wf = await workflowContext(process.env)
  const registries =
    settings.registries.length === 0
      ? wf.registries
      : settings.registries.map((r) => ({ ...r, location: wf.registries.find((w) => w.host === r.host)?.location }))
  // Registries the user named make workflow notices about unresolvable registries moot.
  const findings = settings.registries.length === 0 ? wf.findings : wf.findings.filter((f) => f.code !== 'WORKFLOW_UNRESOLVABLE' && f.code !== 'WORKFLOW_NOT_FOUND')
  return { settings: { ...settings, registries }, findings, actionStep: wf.actionStep }
}

async function comment(inputs: ActionInputs, report: Report, redact: Redactor, timeoutMs: number): Promise<Finding | undefined> {
  if (inputs.commentOnPr === 'false') return undefined
  const { upsertPrComment } = await import('./pr-comment.js')
  const result = await upsertPrComment({
    token: inputs.githubToken,
    apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
    repository: process.env.GITHUB_REPOSITORY ?? '',
    eventName: process.env.GITHUB_EVENT_NAME ?? '',
    eventPath: process.env.GITHUB_EVENT_PATH ?? '',
    mode: inputs.commentOnPr,
    failed: !report.gatePassed,
    body: redact(renderMarkdown(report)),
    timeoutMs
  })
  if (result.action === 'failed') return result.finding
  core.info(result.action === 'skipped' ? `Pull-request comment skipped: ${result.reason}` : `Pull-request comment ${result.action}: ${result.url ?? result.commentId}`)
  return undefined
}

/** Runs the action. Never throws. */
export async function run(): Promise<void> {
  const secrets: string[] = []
  try {
    const raw = readRawInputs()
    if (raw.apikey) secrets.push(raw.apikey)
    const inputs = readActionInputs()
    if (inputs.githubToken) secrets.push(inputs.githubToken)
    const parsed = parseSettings(raw)
    const started = Date.now()
    const wf = await fromWorkflow(parsed)
    const report = await runPreflight(wf.settings, {
      findings: wf.findings,
      onSecret: (s) => {
        core.setSecret(s)
        secrets.push(s)
      }
    })
    const redact = createRedactor(secrets)
    const remaining = started + wf.settings.timeoutSeconds * 1000 - Date.now()
    const commentWarning = await comment(inputs, report, redact, Math.max(1000, remaining))
    // A comment that could not be written is shown, but leaves the verdict and the gate as they are.
    if (commentWarning) report.findings.push(commentWarning)
    await publish(report, redact, wf.actionStep)
    if (!report.gatePassed) process.exitCode = core.ExitCode.Failure
  } catch (error) {
    const redact = createRedactor(secrets)
    if (error instanceof InputError) core.setFailed(redact(error.message))
    else {
      const message = error instanceof Error ? error.message : String(error)
      core.setFailed(redact(`icr-allowlist-preflight stopped on an unexpected error: ${message}. Please report it with the inputs used (without the key).`))
    }
  }
}
