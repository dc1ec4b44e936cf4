/** What the Markdown and text renderers share: ordering, a list's description, the verdict's words, a match index. */
import type { ListEvidence, ListLevel } from '../engine/evidence/lists.js'
import type { Finding } from '../engine/findings/finding.js'
import type { Report } from '../engine/report/schema.js'
import type { Match } from '../engine/verdict/match.js'

const ICON = { pass: '✅', fail: '❌', unknown: '⚠️' } as const

/** Findings most severe first (a stable sort keeps the engine's order within a level). */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  const order = { error: 0, warning: 1, notice: 2 }
  return [...findings].sort((a, b) => order[a.severity] - order[b.severity])
}

/** What a list held, in a few words: "12 entries, 1 malformed, monitor mode", or why it was not read. */
export function listDetail(l: ListEvidence): string {
  if (!l.parsed) return `not read: ${l.error ?? 'unknown error'}`
  const n = l.counts?.entries ?? l.parsed.entries.length
  const malformed = l.counts?.malformed ?? l.parsed.errors.length
  const parts = [`${String(n)} ${n === 1 ? 'entry' : 'entries'}`]
  if (malformed) parts.push(`${String(malformed)} malformed`)
  if (l.parsed.monitor) parts.push('monitor mode')
  if (l.parsed.empty) parts.push('empty (unrestricted)')
  return parts.join(', ')
}

/** What a run means for whoever reads its outcome: the action's step, or the CLI's exit code. */
export type GateReader = 'step' | 'cli'

/**
 * What the result means for the step (or the exit code), in words that cannot be read two ways: the result
 * is the preflight's answer, the gate is whether that answer stops the job.
 */
function gateWords(report: Report, reader: GateReader = 'step'): string {
  const failOn = reader === 'cli' ? `--fail-on is ${report.failOn}` : `fail-on is ${report.failOn}`
  const passes = reader === 'cli' ? 'the exit code is 0' : 'the step passes'
  const fails = reader === 'cli' ? 'the exit code is 1' : 'the step fails'
  if (!report.gatePassed) return `${fails} because ${failOn}`
  if (report.result === 'pass' && !report.findings.some((f) => f.severity !== 'notice')) return passes
  if (report.failOn === 'never') return `${passes} because ${failOn}`
  return `${passes}: ${failOn}, and nothing reached that level`
}

/**
 * The verdict in one sentence: "Result: fail — the step passes because fail-on is never; 2 errors."
 * `strong` wraps the result word (Markdown bold, or nothing for plain text). The icon is the step's colour,
 * so a passing step is never painted red.
 */
export function verdictSentence(
  report: Report,
  strong: (word: string) => string = (w) => w,
  reader: GateReader = 'step'
): string {
  const counts = (['error', 'warning', 'notice'] as const)
    .map((s) => [s, report.findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${String(n)} ${s}${n === 1 ? '' : 's'}`)
  const icon = !report.gatePassed ? ICON.fail : report.result === 'pass' ? ICON.pass : ICON.unknown
  return `${icon} Result: ${strong(report.result)} — ${gateWords(report, reader)}${counts.length ? `; ${counts.join(', ')}` : ''}.`
}

/** Matches by subject and list level, so a table is built in one pass instead of a search per cell. */
export function matchIndex(matches: readonly Match[]): (subject: string, level: ListLevel) => Match | undefined {
  const index = new Map<string, Match>()
  for (const m of matches) index.set(`${m.level} ${m.subject}`, m)
  return (subject, level) => index.get(`${level} ${subject}`)
}
