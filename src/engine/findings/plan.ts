/**
 * Findings of the plan check: a subject the plan would lock out, one it leaves refused, one it newly allows,
 * and what cannot be known before apply. Each names the resource address and, when its `.tf` block was
 * found, is annotated on that line of the pull request's diff.
 */
import type { PlanEvidence } from '../plan/evidence.js'
import type { Coverage } from '../verdict/plan-coverage.js'
import type { PlanEvaluation, PlanRow } from '../verdict/plan.js'
import type { Finding } from './finding.js'

/** How a row's subject is named in a sentence. */
function subjectName(s: PlanRow['subject']): string {
  const what = s.own ? `this runner's address ${s.text}` : s.text
  return s.label ? `${s.label} (${what})` : what
}

const GATE: Record<PlanRow['kind'], string> = {
  account: 'the account allowlist',
  user: "a user's allowlist",
  template: 'the enterprise template allowlist',
  rule: 'the Container Registry context-based restriction'
}

function refusedPart(c: Coverage): string {
  return c.state === 'refused' ? c.uncovered.join(', ') : ''
}

/** The findings of a plan that could not be read, or of each row that changes or stays refused. */
export function planFindings(plan: PlanEvidence | undefined, evaluation: PlanEvaluation | undefined): Finding[] {
  if (!plan) return []
  if (!plan.read.ok) {
    return [
      {
        severity: 'error',
        code: 'PLAN_UNREADABLE',
        title: 'The Terraform plan could not be read',
        message: `The 'plan' input could not be read: ${plan.read.error}. The planned allowlists were not checked.`,
        fix: {
          steps: ['Write the plan as JSON before this step, and give its path relative to the workspace as `plan`.'],
          command: 'terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json'
        }
      }
    ]
  }
  return (evaluation?.rows ?? []).flatMap((r) => rowFinding(r) ?? [])
}

function rowFinding(r: PlanRow): Finding | undefined {
  const who = subjectName(r.subject)
  const gate = `${GATE[r.kind]} (${r.gate})`
  const base = {
    subject: r.subject.text,
    ...(r.kind === 'account' || r.kind === 'user' ? { list: r.kind } : {}),
    ...(r.location ? { location: r.location } : {})
  }
  if (r.after.state === 'unknown') {
    return {
      ...base,
      severity: 'warning',
      code: 'PLAN_UNKNOWN_UNTIL_APPLY',
      title: 'Planned allowlist known only after apply',
      message: `Whether ${gate} will allow ${who} is known only after apply: ${r.after.why}. It was not guessed.`,
      fix: {
        steps: [
          'Run the preflight again after apply (or on the next plan, once the value is known), or set the value from known inputs.'
        ]
      }
    }
  }
  if (r.after.state === 'refused') {
    const part = refusedPart(r.after)
    const partText = part !== r.subject.text ? ` (not covered: ${part})` : ''
    if (r.before.state === 'refused') {
      return {
        ...base,
        severity: 'error',
        code: 'PLAN_STILL_REFUSED',
        title: 'The plan leaves a required address refused',
        message: `${who} is refused by ${gate} today and would still be refused after apply${partText}.`,
        fix: { steps: [`Add ${part} to the list in ${r.gate} before applying.`] }
      }
    }
    const removed =
      r.removed.length > 0 ? ` The plan removes ${r.removed.map((e) => `"${e}"`).join(', ')}, which allowed it.` : ''
    const added =
      r.kind === 'rule' && r.before.state === 'allowed' && r.before.by.includes('(no such rule yet)')
        ? ' The plan adds this rule.'
        : ''
    return {
      ...base,
      severity: 'error',
      code: 'PLAN_LOCKS_OUT',
      title: 'The plan would lock CI out of Container Registry',
      message: `${who} is ${r.before.state === 'allowed' ? 'allowed today' : 'not known to be allowed today'} and would be refused by ${gate} after apply${partText}.${removed}${added}`,
      fix: {
        steps: [
          r.removed.length > 0
            ? `Keep ${r.removed.map((e) => `"${e}"`).join(', ')} in ${r.gate}, or add ${part} to it, before applying.`
            : `Add ${part} to ${r.gate} (or a network zone it names) before applying.`
        ]
      }
    }
  }
  if (r.before.state === 'refused') {
    return {
      ...base,
      severity: 'notice',
      code: 'PLAN_NEWLY_ALLOWED',
      title: 'The plan allows a required address',
      message: `${who} is refused by ${gate} today and would be allowed after apply (by ${r.after.by.join(', ')}).`
    }
  }
  return undefined
}
