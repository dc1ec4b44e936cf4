/**
 * The report as Markdown: the job summary and the pull-request comment share it. No `@actions/*` here, so
 * the CLI and tests render it as is.
 */
import { answerText } from '../engine/evidence/egress/discover.js'
import type { ListLevel } from '../engine/evidence/lists.js'
import { fixLines, type Finding } from '../engine/findings/finding.js'
import type { Report } from '../engine/report/schema.js'
import type { Match } from '../engine/verdict/match.js'
import { bySeverity, listDetail, matchIndex, verdictSentence } from './format.js'
import { planSection } from './plan-table.js'

/** GitHub caps a step's summary at 1 MiB; stay well under it and say so when cut. */
const MAX_SUMMARY_BYTES = 900 * 1024

const SEVERITY_ICON = { error: '❌', warning: '⚠️', notice: 'ℹ️' } as const
const LEVEL_TITLE: Record<ListLevel, string> = {
  account: 'Account list',
  user: 'User list',
  input: "'allowlist' input"
}

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

function matchCell(m: Match | undefined): string {
  if (!m) return '–'
  switch (m.status) {
    case 'allowed':
      return `✅ \`${cell(m.entry ?? '')}\``
    case 'not-allowed':
      return m.monitor ? '⚠️ not allowed (monitor mode)' : '❌ **not allowed**'
    case 'unrestricted':
      return '✅ unrestricted (empty list)'
    case 'unknown':
      return '❔ unknown (list not read)'
  }
}

/** The one-line verdict, with the result in bold. */
function verdictLine(report: Report): string {
  return verdictSentence(report, (w) => `**${w}**`)
}

function probeLine(report: Report): string {
  const p = report.probe
  if (!p) return 'IAM token probe: not run (no API key).'
  const said = [p.errorCode, p.errorMessage].filter(Boolean).join(' ')
  const status = p.httpStatus ? `HTTP ${p.httpStatus}` : 'no HTTP answer'
  return `IAM token probe: **${p.outcome}** (${status}${said ? `: ${cell(said)}` : ''}).`
}

function subjectTable(report: Report): string[] {
  if (report.subjects.length === 0) return ['_No address to check (see the findings)._']
  const levels = report.lists.map((l) => l.level)
  const probe = report.probe ? ['IAM token probe'] : []
  const head = ['Address', 'Role', ...levels.map((l) => LEVEL_TITLE[l]), ...probe]
  const matchOf = matchIndex(report.matches)
  const rows = report.subjects.map((s) => {
    const cells = levels.map((l) => matchCell(matchOf(s.address, l)))
    if (report.probe) cells.push(s.role === 'egress-primary' ? report.probe.outcome : '–')
    return [`\`${s.address}\``, s.role, ...cells]
  })
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`)
  ]
}

function findingBlock(f: Finding): string[] {
  const where = f.location ? ` (${f.location.file}:${f.location.line})` : ''
  const lines = [`- ${SEVERITY_ICON[f.severity]} **${f.title}** \`${f.code}\`${where}: ${f.message}`]
  if (f.fix) lines.push('', '  ```text', ...fixLines(f.fix).map((l) => `  ${l}`), '  ```')
  return lines
}

function sources(report: Report): string[] {
  const out = ['### Sources asked', '', probeLine(report), '']
  if (report.egress.fromInput)
    out.push(`Egress address given in 'egress-ip': ${report.egress.addresses.join(', ') || 'none'}.`, '')
  else if (report.egress.answers.length > 0) {
    out.push('| Echo source | Answer | Time |', '| --- | --- | --- |')
    for (const a of report.egress.answers) {
      const answer = a.status === 'answered' ? `\`${a.ip}\`` : cell(answerText(a))
      out.push(`| ${cell(a.url)} | ${answer} | ${a.elapsedMs} ms |`)
    }
    out.push('')
  }
  for (const l of report.lists) {
    out.push(`- ${LEVEL_TITLE[l.level]} (${cell(l.source)}): ${cell(listDetail(l))}`)
  }
  if (report.registries.length > 0) {
    out.push(
      '',
      `Registries: ${report.registries.map((r) => `\`${r.host}\`${r.private ? ' (private)' : ''}`).join(', ')}.`
    )
  }
  return out
}

/** Renders the whole report. `title` heads it (the summary and the PR comment differ). */
export function renderMarkdown(report: Report, title = 'IBM Cloud Container Registry allowlist preflight'): string {
  const findings = bySeverity(report.findings)
  const parts = [`## ${title}`, '', verdictLine(report), '']
  if (report.missing.length > 0)
    parts.push(`Addresses to add: ${report.missing.map((a) => `\`${a}\``).join(', ')}.`, '')
  parts.push(...subjectTable(report), '')
  parts.push(...planSection(report))
  if (findings.length > 0) parts.push('### Findings', '', ...findings.flatMap(findingBlock), '')
  parts.push(...sources(report), '')
  let text = parts.join('\n')
  if (Buffer.byteLength(text) > MAX_SUMMARY_BYTES) {
    text = Buffer.from(text)
      .subarray(0, MAX_SUMMARY_BYTES)
      .toString('utf8')
      .replace(/\uFFFD*$/, '')
    text += "\n\n_The report was cut to stay under GitHub's 1 MiB summary limit; the `report` output has it whole._\n"
  }
  return text
}
