/**
 * Deciding: which addresses IAM will see (subjects), whether every enforced list allows each of them, and
 * what the run's result and gate are. Pure: evidence in, findings out; nothing here prints or connects.
 */
import { LIST_NAME } from '../findings/evidence.js'
import { GITHUB_HOSTED_FIX, listFix, VPE_NOTE } from '../findings/fixes.js'
import { EgressResult } from '../evidence/egress/discover.js'
import { FailOn } from '../settings/settings.js'
import { Finding } from '../findings/finding.js'
import { ListEvidence } from '../evidence/lists.js'
import { ProbeResult } from '../evidence/iam/token.js'
import type { ListLevel } from '../evidence/lists.js'

/** A list that was read (or given) and can answer "which entry allows this address?". */
export interface EvaluatedList {
  evidence: ListEvidence
  /** The entry that allows `address`, or undefined. Only called when the list was read and is not empty. */
  match(address: string): string | undefined
}

/** The evidence the verdict is made from, gathered by `runPreflight`. */
export interface VerdictInput {
  failOn: FailOn
  runnerEnvironment?: string
  /** A public registry is used, or none was named: the primary egress address is a subject. */
  publicNeeded: boolean
  /** A `private.*` registry is used: the private source addresses are subjects. */
  privateNeeded: boolean
  egress: EgressResult
  privateSources: string[]
  probe?: ProbeResult
  lists: EvaluatedList[]
  /** Findings already made from the evidence (list parsing, echo answers, probe, workflow). */
  findings: Finding[]
}

/** The decision: result and gate, the subjects and their matches, every finding, and the addresses to add. */
export interface Verdict {
  result: Result
  gatePassed: boolean
  subjects: Subject[]
  matches: Match[]
  findings: Finding[]
  missing: string[]
}

/** The addresses IAM will see, with their roles. */
export function subjectsOf(input: Pick<VerdictInput, 'publicNeeded' | 'privateNeeded' | 'egress' | 'privateSources'>): Subject[] {
  const subjects: Subject[] = []
  if (input.publicNeeded && input.egress.primary) {
    subjects.push({ address: input.egress.primary, role: 'egress-primary' })
    for (const a of input.egress.addresses) {
      if (a !== input.egress.primary) subjects.push({ address: a, role: 'egress-secondary' })
    }
  }
  if (input.privateNeeded) {
    for (const a of input.privateSources) {
      if (!subjects.some((s) => s.address === a)) subjects.push({ address: a, role: 'private-source' })
    }
  }
  return subjects
}

function matchOne(list: EvaluatedList, subject: string): Match {
  const { evidence } = list
  const base = { subject, level: evidence.level, monitor: evidence.parsed?.monitor || undefined }
  if (!evidence.parsed) return { ...base, status: 'unknown' }
  if (evidence.parsed.empty) return { ...base, status: 'unrestricted' }
  const entry = list.match(subject)
  return entry !== undefined ? { ...base, status: 'allowed', entry } : { ...base, status: 'not-allowed' }
}

function addressFinding(subject: Subject, list: EvaluatedList, input: VerdictInput, missingForList: string[]): Finding {
  const { level, raw, parsed } = list.evidence
  const granted = input.probe?.outcome === 'granted'
  const who = subject.role === 'private-source' ? 'Private source address' : subject.role === 'egress-primary' ? 'Runner address' : 'Secondary egress address'
  const base = { subject: subject.address, list: level }
  let fix = listFix(level, raw, missingForList)
  if (subject.role !== 'private-source' && input.runnerEnvironment === 'github-hosted') fix = `${GITHUB_HOSTED_FIX}\n${fix}`
  if (subject.role === 'private-source') fix = `${fix}\n${VPE_NOTE}`
  if (parsed?.monitor) {
    return {
      ...base,
      severity: 'warning',
      code: 'ADDRESS_NOT_ALLOWED_MONITOR',
      title: `${who} not in a monitor-mode list`,
      message: `${who} ${subject.address} is not in ${LIST_NAME[level]}, which is in monitor mode ("?" prefix): IAM logs the request but lets it through. Once the list is enforced, this runner will be refused.`,
      fix
    }
  }
  if (subject.role === 'egress-secondary') {
    return {
      ...base,
      severity: 'warning',
      code: 'SECONDARY_NOT_ALLOWED',
      title: 'Secondary egress address not allowed',
      message: `Secondary egress address ${subject.address} is not in ${LIST_NAME[level]}. IAM sees the primary address ${input.egress.primary} from most networks, but a request that leaves by this address would be refused.`,
      fix
    }
  }
  if (subject.role === 'egress-primary' && granted) {
    return {
      ...base,
      severity: 'warning',
      code: 'TOKEN_GRANTED_LIST_DISAGREES',
      title: 'IAM granted a token, but the list does not allow this address',
      message: `IAM granted a token to this runner, yet ${subject.address} is not in ${LIST_NAME[level]}. IAM's own answer wins: it probably sees another address (for example through a proxy or NAT). Check the address IAM sees before relying on this list.`,
      fix
    }
  }
  return {
    ...base,
    severity: 'error',
    code: 'ADDRESS_NOT_ALLOWED',
    title: `${who} not allowed`,
    message: `${who} ${subject.address} is not in ${LIST_NAME[level]}: IAM will refuse to create a token, and docker login / push / pull to the registry will fail (often as "connection reset" or "unauthorized").`,
    fix
  }
}

/** Whether the gate passes for `failOn`. */
export function gatePasses(failOn: FailOn, findings: Finding[]): boolean {
  if (failOn === 'never') return true
  if (failOn === 'warning') return !findings.some((f) => f.severity === 'error' || f.severity === 'warning')
  return !findings.some((f) => f.severity === 'error')
}

/** Decides the run. */
export function decide(input: VerdictInput): Verdict {
  const subjects = subjectsOf(input)
  const matches: Match[] = []
  const findings: Finding[] = [...input.findings]
  const missing: string[] = []
  for (const list of input.lists) {
    const rows = subjects.map((s) => matchOne(list, s.address))
    matches.push(...rows)
    const refused = subjects.filter((_, i) => rows[i].status === 'not-allowed')
    const needed = refused.map((s) => s.address)
    for (const s of refused) findings.push(addressFinding(s, list, input, needed))
    for (const s of refused) {
      const enforcedError = !list.evidence.parsed?.monitor && s.role !== 'egress-secondary'
      if (enforcedError && !missing.includes(s.address)) missing.push(s.address)
    }
  }
  const refusedByIam = input.probe?.outcome === 'refused-address' ? input.egress.primary : undefined
  if (refusedByIam && !missing.includes(refusedByIam)) missing.unshift(refusedByIam)

  const hasError = findings.some((f) => f.severity === 'error')
  // Secondary egress addresses are reported (warnings) but are not subjects of the result (the contract).
  const secondary = new Set(subjects.filter((s) => s.role === 'egress-secondary').map((s) => s.address))
  const evaluated = input.lists.some((l) => l.evidence.parsed !== undefined)
  let result: Result = 'unknown'
  if (hasError) result = 'fail'
  else if (input.probe?.outcome === 'granted') result = 'pass'
  else if (subjects.length > 0 && evaluated && matches.every((m) => m.status !== 'not-allowed' || m.monitor || secondary.has(m.subject)))
    result = 'pass'
  // Every subject needed must exist: a private registry with no private source cannot pass on lists alone.
  if (result === 'pass' && input.probe?.outcome !== 'granted') {
    if ((input.publicNeeded && !input.egress.primary) || (input.privateNeeded && input.privateSources.length === 0)) result = 'unknown'
  }
  return { result, gatePassed: gatePasses(input.failOn, findings), subjects, matches, findings, missing }
}

/** Whether one subject address is allowed by one list, and by which entry. */
export interface Match {
  subject: string
  level: ListLevel
  /** `allowed`, `not-allowed`, or `unrestricted` (empty list) / `unknown` (list unreadable). */
  status: 'allowed' | 'not-allowed' | 'unrestricted' | 'unknown'
  /** The raw entry (or `zone:name`) that allowed it. */
  entry?: string
  monitor?: boolean
}

/** A subject of the verdict: an address that IAM will see. */
export interface Subject {
  address: string
  role: 'egress-primary' | 'egress-secondary' | 'private-source'
}

export type Result = 'pass' | 'fail' | 'unknown'
