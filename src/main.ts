/**
 * The action: inputs → engine → report. One catch fails the step on any thrown value, with a message and
 * never a stack trace.
 */
import * as core from '@actions/core'
import { annotate } from './action/annotate.js'
import { readRawInputs } from './action/inputs.js'
import { runPreflight } from './engine/preflight.js'
import { parseSettings } from './engine/settings.js'
import { InputError, Report } from './engine/types.js'
import { renderMarkdown, verdictLine } from './report/markdown.js'
import { createRedactor, Redactor } from './report/redact.js'

/** The verdict as one sentence, for the step's own annotation. */
function verdictText(report: Report): string {
  const errors = report.findings.filter((f) => f.severity === 'error')
  const first = errors[0] ? ` First: ${errors[0].title}: ${errors[0].message}` : ''
  return `${verdictLine(report).replace(/\*\*/g, '')}${first} See the job summary for the table and the fixes.`
}

async function publish(report: Report, redact: Redactor): Promise<void> {
  const json = redact(JSON.stringify(report))
  core.setOutput('result', report.result)
  core.setOutput('egress-ips', report.egressIps.join(','))
  core.setOutput('missing', report.missing.join(','))
  core.setOutput('report', json)
  // The verdict is an annotation of its own, counted in the per-level budget.
  const level = report.gatePassed ? 'notice' : 'error'
  annotate(report.findings, redact, { [level]: 1 })
  const title = `Allowlist preflight: ${report.result}`
  if (report.gatePassed) core.notice(redact(verdictText(report)), { title })
  else core.error(redact(verdictText(report)), { title })
  try {
    await core.summary.addRaw(redact(renderMarkdown(report))).write()
  } catch (e) {
    // No GITHUB_STEP_SUMMARY (an older or a local runner): the annotations and outputs still carry it all.
    core.info(`Job summary not written: ${e instanceof Error ? e.message : String(e)}`)
  }
  core.info(redact(verdictLine(report).replace(/\*\*/g, '')))
}

/** Runs the action. Never throws. */
export async function run(): Promise<void> {
  const secrets: string[] = []
  try {
    const raw = readRawInputs()
    if (raw.apikey) secrets.push(raw.apikey)
    const settings = parseSettings(raw)
    const report = await runPreflight(settings, {
      onSecret: (s) => {
        core.setSecret(s)
        secrets.push(s)
      }
    })
    await publish(report, createRedactor(secrets))
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
