/** The report as plain text, for the CLI. */
import { answerText } from '../engine/evidence/egress/discover.js'
import { fixLines } from '../engine/findings/finding.js'
import type { Report } from '../engine/report/schema.js'
import { bySeverity, listDetail, matchIndex, verdictSentence } from './format.js'

const MARK = { error: 'ERROR  ', warning: 'WARNING', notice: 'NOTICE ' } as const

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length)
}

/** Renders the report for a terminal. */
export function renderText(report: Report): string {
  const out: string[] = []
  out.push(`icr-allowlist-preflight: ${verdictSentence(report, (w) => w, 'cli').replace(/^\S+ /, '')}`, '')
  if (report.subjects.length > 0) {
    const levels = report.lists.map((l) => l.level)
    const head = ['address', 'role', ...levels]
    const matchOf = matchIndex(report.matches)
    const rows = report.subjects.map((s) => [
      s.address,
      s.role,
      ...levels.map((l) => {
        const m = matchOf(s.address, l)
        if (!m) return '-'
        if (m.status === 'allowed') return `allowed by ${m.entry}`
        if (m.status === 'not-allowed') return m.monitor ? 'NOT ALLOWED (monitor)' : 'NOT ALLOWED'
        return m.status
      })
    ])
    const widths = head.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i]?.length ?? 0), h.length))
    for (const r of [head, ...rows])
      out.push(
        '  ' +
          r
            .map((c, i) => pad(c, widths[i] ?? 0))
            .join('  ')
            .trimEnd()
      )
    out.push('')
  } else {
    out.push('  (no address to check)', '')
  }
  if (report.probe) {
    const p = report.probe
    const answer = p.httpStatus
      ? ` (HTTP ${p.httpStatus})`
      : p.transportError
        ? ` (no answer: ${p.transportError})`
        : ''
    out.push(`IAM token probe: ${p.outcome}${answer}${p.errorCode ? ` ${p.errorCode}` : ''}`)
  }
  for (const l of report.lists) {
    out.push(`${l.level} list (${l.source}): ${listDetail(l)}`)
  }
  if (!report.egress.fromInput) {
    for (const a of report.egress.answers) out.push(`echo ${a.url}: ${answerText(a)} (${a.elapsedMs} ms)`)
  }
  out.push('')
  for (const f of bySeverity(report.findings)) {
    out.push(`${MARK[f.severity]} ${f.code}: ${f.title}`)
    out.push(`         ${f.message}`)
    if (f.fix) out.push(...fixLines(f.fix).map((l, i) => `         ${i === 0 ? 'fix: ' : '     '}${l}`))
  }
  if (report.missing.length > 0) out.push('', `missing: ${report.missing.join(', ')}`)
  return out.join('\n') + '\n'
}
