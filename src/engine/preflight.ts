/**
 * The engine's outline: settings → evidence → verdict → findings → report. It never prints; the shells
 * render the report, and the debug trail goes to the logger it is given.
 */
import { gatherEvidence, type GatherDeps } from './evidence/gather.js'
import { createHttpClient } from './evidence/http/client.js'
import { findingsFor } from './findings/index.js'
import { buildReport, type Report } from './report/schema.js'
import type { Settings } from './settings/settings.js'
import { decide } from './verdict/decide.js'
import { matchSubjects } from './verdict/match.js'

/** Time kept back from `timeout-seconds` for deciding and reporting, so the whole step ends on time. */
const REPORT_RESERVE_MS = 400

/** What the engine may be given instead of the real thing (tests, the CLI): all optional. */
export interface PreflightDeps extends Partial<GatherDeps> {
  now?: () => number
  /** Epoch milliseconds the whole run must end by; default: `timeout-seconds` from now. */
  deadline?: number
}

/** Runs the preflight and returns the report. Throws only on programming errors; faults become findings. */
export async function runPreflight(settings: Settings, deps: PreflightDeps = {}): Promise<Report> {
  const now = deps.now ?? Date.now
  const started = now()
  const log = deps.log ?? (() => undefined)
  const deadline = deps.deadline ?? started + settings.timeoutSeconds * 1000
  const http = deps.http ?? createHttpClient({ deadline: deadline - REPORT_RESERVE_MS, log })
  const evidence = await gatherEvidence(settings, { ...deps, http, log })
  const matched = matchSubjects(evidence)
  log(`subjects: ${few(matched.subjects.map((s) => `${s.address} (${s.role})`))}; to add: ${few(matched.missing)}`)
  const findings = findingsFor(settings, evidence, matched)
  log(`findings: ${few(findings.map((f) => `${f.severity} ${f.code}`))}`)
  const verdict = decide(settings.failOn, evidence, matched, findings)
  const paths = Object.entries(verdict.paths).map(([path, result]) => `${path} ${result}`)
  log(
    `verdict: ${verdict.result} (${paths.join(', ') || 'no path'}), gate ${verdict.gatePassed ? 'passes' : 'fails'} (fail-on ${settings.failOn})`
  )
  return buildReport(settings, evidence, matched, findings, verdict, { started, ended: now() })
}

/** A list for the debug trail: the first 20 items and how many more, so a 10,000-address run logs one short line. */
function few(items: readonly string[]): string {
  if (items.length === 0) return 'none'
  const shown = items.slice(0, 20).join(', ')
  return items.length > 20 ? `${shown} … (${String(items.length - 20)} more)` : shown
}
