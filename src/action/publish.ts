/**
 * Publishing the report to the runner: outputs, annotations (the verdict's own on this action's step line),
 * the job summary and one log line. Every string passes the redactor on its way out.
 */
import * as core from '@actions/core'
import type { Finding } from '../engine/findings/finding.js'
import type { Redactor } from '../engine/report/redact.js'
import { boundReport } from '../engine/report/bound.js'
import type { Report } from '../engine/report/schema.js'
import type { SourceLocation } from '../engine/settings/registries.js'
import { verdictSentence } from '../render/format.js'
import { renderMarkdown } from '../render/markdown.js'
import { annotate } from './annotations.js'

/**
 * Text from outside (a URL from an API, an error message) made safe for a log line: the runner reads any line
 * that starts with `::` as a workflow command, so a line break inside the text could inject one.
 */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ')
}

/**
 * The verdict as one sentence, for the step's own annotation. It points to the findings' annotations rather
 * than repeating the first one: each finding is annotated once.
 */
function verdictText(report: Report): string {
  const errors = report.findings.filter((f) => f.severity === 'error').length
  const kind = report.gatePassed ? 'warning' : 'error' // errors are annotated as warnings when the step passes
  const see = errors > 0 ? ` See the ${String(errors)} ${kind} annotation${errors === 1 ? '' : 's'} above and` : ' See'
  return `${verdictSentence(report)}${see} the job summary for the table and the fixes.`
}

/**
 * The findings as annotated: when the step passes anyway (`fail-on: never`), an error finding is annotated
 * as a warning that says so, so that a green step shows no red annotation.
 */
function annotated(report: Report): Finding[] {
  if (!report.gatePassed) return report.findings
  return report.findings.map((f) =>
    f.severity === 'error'
      ? { ...f, severity: 'warning', title: `${f.title} (an error, but the step passes: fail-on is ${report.failOn})` }
      : f
  )
}

/**
 * Writes the outputs, the annotations, the job summary and the verdict line. `report` is already redacted
 * string by string; `redact` is applied again to every text on its way out.
 */
export async function publish(report: Report, redact: Redactor, actionStep: SourceLocation | undefined): Promise<void> {
  core.setOutput('result', report.result)
  core.setOutput('egress-ips', report.egressIps.join(','))
  core.setOutput('missing', report.missing.join(','))
  // The report arrives redacted string by string (valid JSON whatever a secret sat next to); bounded after.
  core.setOutput('report', redact(JSON.stringify(boundReport(report))))
  // The verdict is an annotation of its own (on this action's step line when known), counted in the budget.
  const level = report.gatePassed ? 'notice' : 'error'
  annotate(annotated(report), redact, { [level]: 1 })
  const props: core.AnnotationProperties = { title: `Allowlist preflight: ${report.result}` }
  if (actionStep) Object.assign(props, { file: actionStep.file, startLine: actionStep.line })
  const emit = report.gatePassed ? core.notice : core.error
  emit(redact(verdictText(report)), props)
  try {
    await core.summary.addRaw(redact(renderMarkdown(report))).write()
  } catch (e) {
    // No GITHUB_STEP_SUMMARY (an older or a local runner): the annotations and outputs still carry it all.
    core.info(oneLine(redact(`Job summary not written: ${e instanceof Error ? e.message : String(e)}`)))
  }
  core.info(oneLine(redact(verdictSentence(report))))
}
