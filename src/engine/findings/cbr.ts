/**
 * Findings about Container Registry's context-based restrictions (docs/ibm-facts.md §9): a rule that refuses
 * this runner (error when enforced, warning in report mode), a rule that may refuse it (its scope or a
 * condition cannot be checked), and rules that could not be read (a 403 names both causes). Each refusal
 * names the rule, says per context and attribute why none allows the address, and gives the fix.
 */
import type { Evidence } from '../evidence/gather.js'
import type { RegistryTarget } from '../settings/registries.js'
import { evaluateCbr, type CbrEvaluation, type RuleCheck } from '../verdict/cbr.js'
import { cbrFix } from './cbr-fix.js'
import type { Finding, Fix } from './finding.js'
import { GITHUB_HOSTED_FIX, withSteps } from './fixes.js'

/** Most rules named in one "could not be understood" finding. */
const MAX_NAMED = 5

/** The findings of the restrictions evidence, for the registries the run uses. */
export function cbrFindings(
  evidence: Evidence,
  registries: readonly RegistryTarget[],
  runnerEnvironment: string | undefined
): Finding[] {
  const evaluation = evaluateCbr(evidence, registries)
  if (evaluation === undefined || evaluation.status === 'not-read') return []
  const out = readFindings(evaluation)
  const zones = evidence.cbr?.status === 'read' ? evidence.cbr.zones : []
  for (const group of groupChecks(evaluation.checks)) {
    const finding = checkFinding(group)
    if (!finding) continue
    const fix = cbrFix(group.check, zones)
    const hosted =
      runnerEnvironment === 'github-hosted' &&
      group.check.endpointType === 'public' &&
      group.check.address !== undefined
    out.push({ ...finding, fix: hosted ? withSteps(fix, [GITHUB_HOSTED_FIX]) : fix })
  }
  return out
}

/** The rules could not be read, only partly, or some could not be understood. */
function readFindings(e: CbrEvaluation): Finding[] {
  const base = { severity: 'warning' as const, code: 'CBR_UNREADABLE' as const }
  if (e.status === 'unreadable') {
    const fix: Fix = e.forbidden
      ? {
          steps: [
            "Give the key's identity the Viewer role on the Context-based restrictions service (console: Manage > Access (IAM) > the user or service ID > Assign access).",
            "If it has that role, a context-based restrictions rule on the Context-based restrictions service itself refuses this runner's address: allow the address in that rule's network zone."
          ]
        }
      : { steps: ["Check 'cbr-endpoint' and the network path to it, then run again."] }
    return [
      {
        ...base,
        title: 'Context-based restrictions not checked',
        message: `Could not read Container Registry's context-based restrictions rules: ${e.error ?? 'unknown error'}. A rule may still refuse this runner at the registry; that gate is not checked.`,
        fix
      }
    ]
  }
  const out: Finding[] = []
  if (e.incomplete !== undefined) {
    out.push({
      ...base,
      title: 'Context-based restrictions only partly read',
      message: `Only part of Container Registry's context-based restrictions rules were read: ${e.incomplete}. Rules not read are not checked.`
    })
  }
  if (e.malformed.length > 0) {
    const named = e.malformed.slice(0, MAX_NAMED).join('; ')
    const more = e.malformed.length > MAX_NAMED ? `; and ${e.malformed.length - MAX_NAMED} more` : ''
    out.push({
      ...base,
      title: 'Context-based restrictions rules not understood',
      message: `${e.malformed.length} of Container Registry's context-based restrictions rules could not be understood and are not checked: ${named}${more}.`,
      fix: { steps: ['Look at them with `ibmcloud cbr rules --service-name container-registry`.'] }
    })
  }
  return out
}

/** Checks of one rule for one address and endpoint with the same outcome, with every host they cover. */
interface CheckGroup {
  check: RuleCheck
  hosts: string[]
}

function groupChecks(checks: readonly RuleCheck[]): CheckGroup[] {
  const groups = new Map<string, CheckGroup>()
  for (const c of checks) {
    if (c.outcome === 'allows') continue
    const key = [c.ruleId, c.address ?? '', c.endpointType, c.scope, c.outcome].join('\u0000')
    const group = groups.get(key)
    if (group) {
      if (c.host !== undefined && !group.hosts.includes(c.host)) group.hosts.push(c.host)
    } else groups.set(key, { check: c, hosts: c.host !== undefined ? [c.host] : [] })
  }
  return [...groups.values()]
}

/** The finding (without its fix) for one group, by scope, outcome and enforcement mode. */
function checkFinding({ check, hosts }: CheckGroup): Omit<Finding, 'fix'> | undefined {
  const rule = `rule ${check.ruleId}${check.description !== '' ? ` ("${check.description}")` : ''}`
  const where = hosts.length > 0 ? hosts.join(', ') : 'any registry of the account (none was named)'
  const who = check.address ?? 'this runner (its address is not known, so zone conditions cannot be checked)'
  const why = contextsWhy(check)
  const base = { subject: check.address, ...(check.location ? { location: check.location } : {}) }
  const mode = check.enforcementMode
  if (check.scope === 'applies' && check.outcome === 'denies' && (mode === 'enabled' || mode === 'report')) {
    if (mode === 'enabled') {
      return {
        ...base,
        severity: 'error',
        code: 'CBR_DENIED',
        title: 'A context-based restriction refuses this runner',
        message: `Context-based restrictions ${rule} on Container Registry is enforced and allows no request from ${who} to ${where} over the ${check.endpointType} endpoint: ${why}. The registry will refuse the login, push and pull even though IAM grants a token.`
      }
    }
    return {
      ...base,
      severity: 'warning',
      code: 'CBR_DENIED_REPORT',
      title: 'A context-based restriction would refuse this runner (report mode)',
      message: `Context-based restrictions ${rule} on Container Registry is in report mode and allows no request from ${who} to ${where} over the ${check.endpointType} endpoint: ${why}. Today the refusal is only logged; once the rule is enforced, the registry will refuse this runner.`
    }
  }
  const modeNote =
    mode === 'enabled'
      ? 'The rule is enforced.'
      : mode === 'report'
        ? 'The rule is in report mode: a refusal is only logged.'
        : `Its enforcement mode is "${mode}", which IBM does not document.`
  const scope =
    check.scope === 'may-apply'
      ? `may apply to ${where}: ${check.scopeReasons.join('; ')}. If it does, `
      : `applies to ${where}, but `
  const verdict =
    check.outcome === 'denies' ? `it allows no request from ${who}` : `it cannot be confirmed to allow ${who}`
  return {
    ...base,
    severity: 'warning',
    code: 'CBR_MAY_APPLY',
    title: 'A context-based restriction may refuse this runner',
    message: `Context-based restrictions ${rule} on Container Registry ${scope}${verdict} over the ${check.endpointType} endpoint: ${why}. ${modeNote}`
  }
}

/** Why no context allows: per context, the attributes that do not hold (or cannot be confirmed). */
function contextsWhy(check: RuleCheck): string {
  if (check.contexts.length === 0) return 'the rule has no contexts, so it allows nothing'
  return check.contexts
    .map((c, i) => {
      const failing = c.attributes.filter((a) => a.holds !== 'yes')
      const text = failing.map((a) => `${a.name} ${a.holds === 'no' ? 'fails' : 'unconfirmed'} (${a.why})`).join(', ')
      return `context ${i + 1}: ${text}`
    })
    .join('; ')
}
