/** The plan check in Markdown: one before/after table per list or rule the plan touches. */
import type { Report } from '../engine/report/schema.js'
import type { Coverage } from '../engine/verdict/plan-coverage.js'

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

function coverageCell(c: Coverage): string {
  if (c.state === 'allowed') return `✅ allowed${c.by.length > 0 ? ` by \`${c.by.join('`, `')}\`` : ''}`
  if (c.state === 'refused') return `❌ refused (not covered: \`${c.uncovered.join('`, `')}\`)`
  return `❔ unknown until apply`
}

/** The "Terraform plan" section, or nothing when the run had no plan. */
export function planSection(report: Report): string[] {
  const plan = report.plan
  if (!plan) return []
  const out = [
    '### Terraform plan',
    '',
    `Plan \`${cell(plan.file)}\`: ${String(plan.subjects.length)} subject(s) checked before and after apply.`,
    ''
  ]
  const gates = [...new Set(plan.rows.map((r) => r.gate))]
  if (gates.length === 0) out.push('The plan changes no allowlist, network zone or Container Registry rule.', '')
  for (const gate of gates) {
    const rows = plan.rows.filter((r) => r.gate === gate)
    out.push(
      `\`${cell(gate)}\` (${cell(rows[0]?.actions.join(', ') ?? '')})`,
      '',
      '| Subject | Before | After |',
      '| --- | --- | --- |'
    )
    for (const r of rows) {
      const who = `${r.subject.label ? `${r.subject.label} ` : ''}\`${r.subject.text}\`${r.subject.own ? ' (this runner)' : ''}`
      out.push(`| ${cell(who)} | ${cell(coverageCell(r.before))} | ${cell(coverageCell(r.after))} |`)
    }
    out.push('')
  }
  return out
}
