/**
 * The action: inputs → settings (with the workflow's registries) → engine → publish. One catch fails the
 * step on any thrown value, with a message and never a stack trace.
 */
import * as core from '@actions/core'
import { readFileSync } from 'node:fs'
import { accountIdOf, minimalReport } from '../engine/report/disclose.js'
import type { Finding } from '../engine/findings/finding.js'
import { runPreflight } from '../engine/preflight.js'
import { redactValue, secretSet, SHORT_SECRET, type Redactor } from '../engine/report/redact.js'
import type { Report } from '../engine/report/schema.js'
import { InputError } from '../engine/settings/input-error.js'
import type { SourceLocation } from '../engine/settings/registries.js'
import { parseSettings, withWorkflowRegistries, type Settings } from '../engine/settings/settings.js'
import { renderMarkdown } from '../render/markdown.js'
import { readActionInputs, readRawInputs, type ActionInputs } from './inputs.js'
import { annotationText } from './annotations.js'
import { oneLine, publish } from './publish.js'

/**
 * The settings with the running workflow's registries merged in. The YAML scanner is loaded only when
 * there is a workflow to read, so a run without one pays nothing for it.
 */
async function withWorkflow(
  settings: Settings,
  deadline: number
): Promise<{ settings: Settings; actionStep?: SourceLocation }> {
  if (!process.env.GITHUB_WORKFLOW_REF) return { settings }
  const { workflowContext } = await import('../engine/workflow/context.js')
  const wf = await workflowContext(process.env, { deadline })
  return { settings: withWorkflowRegistries(settings, wf), actionStep: wf.actionStep }
}

/** Writes the pull-request comment when asked; a failure is a finding of the action, not of the report. */
async function comment(inputs: ActionInputs, report: Report, redact: Redactor, timeoutMs: number): Promise<Finding[]> {
  if (inputs.commentOnPr === 'off') return []
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
  if (result.action === 'failed') return [result.finding]
  core.info(
    oneLine(
      redact(
        result.action === 'skipped'
          ? `Pull-request comment skipped: ${result.reason}`
          : `Pull-request comment ${result.action}: ${result.url ?? String(result.commentId)}`
      )
    )
  )
  return []
}

/** Runs the action. Never throws. */
export async function run(): Promise<void> {
  const secrets = secretSet()
  try {
    const raw = readRawInputs()
    secrets.add(raw.apikey)
    const inputs = readActionInputs()
    secrets.add(inputs.githubToken)
    const started = Date.now()
    const parsed = parseSettings(raw, process.env, {
      repositoryPublic: repositoryPublic(process.env.GITHUB_EVENT_PATH)
    })
    // The scan gets half the run at most: the evidence needs the rest.
    const { settings, actionStep } = await withWorkflow(parsed, started + (parsed.timeoutSeconds * 1000) / 2)
    warnShortSecrets(secrets.list())
    const report = await runPreflight(settings, {
      deadline: started + settings.timeoutSeconds * 1000,
      log: (line) => {
        core.debug(secrets.redact(line))
      },
      onSecret: (s) => {
        core.setSecret(s)
        secrets.add(s)
      }
    })
    const accountId = settings.disclose === 'minimal' ? accountIdOf(report, settings.accountId) : undefined
    if (accountId !== undefined) {
      core.setSecret(accountId)
      secrets.add(accountId)
    }
    const redact = secrets.redact
    // Everything shown comes from the report redacted string by string, so no cut (summary, comment, output
    // bound) can ever leave the prefix of a secret.
    const shown = redactValue(settings.disclose === 'minimal' ? minimalReport(report) : report, redact)
    // Outputs and the summary first: a slow comment API must not leave the step without them.
    await publish(shown, redact, actionStep)
    if (!report.gatePassed) process.exitCode = 1
    const remaining = started + settings.timeoutSeconds * 1000 - Date.now()
    for (const f of await comment(inputs, shown, redact, Math.max(1000, remaining))) {
      core.warning(redact(annotationText(f)), { title: redact(f.title) })
    }
  } catch (error) {
    const redact = secrets.redact
    if (error instanceof InputError) core.setFailed(redact(error.message))
    else {
      const message = error instanceof Error ? error.message : String(error)
      core.setFailed(
        redact(
          `icr-allowlist-preflight stopped on an unexpected error: ${message}. Please report it with the inputs used (without the key).`
        )
      )
    }
  }
}

/**
 * Whether the repository is public, from the event payload (`repository.private`, `repository.visibility`).
 * Unknown counts as public: `disclose: auto` must not print a company's network map by default.
 */
function repositoryPublic(eventPath: string | undefined): boolean {
  try {
    const event = JSON.parse(readFileSync(eventPath ?? '', 'utf8')) as {
      repository?: { private?: unknown; visibility?: unknown }
    }
    const repo = event.repository
    if (repo?.private === true || repo?.visibility === 'private' || repo?.visibility === 'internal') return false
    return true
  } catch {
    return true
  }
}

/** A secret this short cannot be kept out of every text: masking it would mask ordinary words too. */
function warnShortSecrets(secrets: readonly string[]): void {
  if (secrets.some((s) => s.length < SHORT_SECRET)) {
    core.warning(
      `A secret given to this action is shorter than ${String(SHORT_SECRET)} characters: it is masked everywhere, but a value that short also occurs in ordinary text, so it cannot be kept out of every log. Use a real IBM Cloud API key (44 characters).`
    )
  }
}
