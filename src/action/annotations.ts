/**
 * Findings as workflow annotations. GitHub shows at most 10 annotations of each level per step and drops
 * the rest silently (docs/ibm-facts.md §6), so past the budget the remainder is rolled into one annotation that
 * points to the job summary: nothing is lost without a word.
 */
import * as core from '@actions/core'
import { fixLines, type Finding, type Severity } from '../engine/findings/finding.js'
import type { Redactor } from '../engine/report/redact.js'

/** GitHub's per-step limit for each annotation level. */
const ANNOTATIONS_PER_LEVEL = 10

type Emit = (message: string, props: core.AnnotationProperties) => void

const EMITTERS: Record<Severity, Emit> = { error: core.error, warning: core.warning, notice: core.notice }

/** The message of a finding's annotation: what is wrong, then the fix. */
export function annotationText(f: Finding): string {
  return f.fix ? `${f.message}\n\nFix: ${fixLines(f.fix).join('\n')}` : f.message
}

/**
 * Emits one annotation per finding, at most `ANNOTATIONS_PER_LEVEL` per level including `reserved`
 * (annotations the caller emits itself, such as the verdict).
 */
export function annotate(
  findings: Finding[],
  redact: Redactor,
  reserved: Partial<Record<Severity, number>> = {}
): void {
  for (const severity of ['error', 'warning', 'notice'] as const) {
    const of = findings.filter((f) => f.severity === severity)
    const budget = ANNOTATIONS_PER_LEVEL - (reserved[severity] ?? 0)
    const shown = of.length > budget ? of.slice(0, budget - 1) : of
    for (const f of shown) {
      const props: core.AnnotationProperties = { title: redact(f.title) }
      if (f.location) Object.assign(props, { file: f.location.file, startLine: f.location.line })
      EMITTERS[severity](redact(annotationText(f)), props)
    }
    const rest = of.length - shown.length
    if (rest > 0) {
      EMITTERS[severity](
        `${rest} more ${severity} findings (${of
          .slice(shown.length)
          .map((f) => f.code)
          .filter((c, i, a) => a.indexOf(c) === i)
          .join(', ')}): see the job summary for all of them.`,
        {
          title: `${rest} more ${severity}s in the job summary`
        }
      )
    }
  }
}
