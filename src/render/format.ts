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
  const n = l.parsed.entries.length
  const parts = [`${String(n)} ${n === 1 ? 'entry' : 'entries'}`]
  if (l.parsed.errors.length) parts.push(`${String(l.parsed.errors.length)} malformed`)
  if (l.parsed.monitor) parts.push('monitor mode')
  if (l.parsed.empty) parts.push('empty (unrestricted)')
  return parts.join(', ')
}

/** The verdict in one sentence; `strong` wraps the result word (Markdown bold, or nothing for plain text). */
export function verdictSentence(report: Report, strong: (word: string) => string = (w) => w): string {
  const counts = (['error', 'warning', 'notice'] as const)
    .map((s) => [s, report.findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${String(n)} ${s}${n === 1 ? '' : 's'}`)
  const gate = report.gatePassed ? 'the gate passes' : `the gate fails (fail-on: ${report.failOn})`
  return `${ICON[report.result]} ${strong(report.result.toUpperCase())}: ${gate}${counts.length ? `; ${counts.join(', ')}` : ''}.`
}

/** Matches by subject and list level, so a table is built in one pass instead of a search per cell. */
export function matchIndex(matches: readonly Match[]): (subject: string, level: ListLevel) => Match | undefined {
  const index = new Map<string, Match>()
  for (const m of matches) index.set(`${m.level} ${m.subject}`, m)
  return (subject, level) => index.get(`${level} ${subject}`)
}
