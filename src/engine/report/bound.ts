/**
 * Keeps the `report` output under GitHub's limit for a job output (1 MB), as valid JSON that says what was
 * left out. The parts a reader needs most stay: the verdict, the addresses to add, the refused matches, the
 * errors; the bulk goes first: list contents (the reader has the list), allowed matches, echo answers, then
 * the least severe findings.
 */
import type { Report } from './schema.js'

/** GitHub documents 1 MB per job output; keep room for the other outputs of the step. */
const REPORT_OUTPUT_BYTES = 900 * 1024

/** What a bounded report left out, by part: counts of items dropped. */
interface Omitted {
  /** Matches other than refusals. */
  matches?: number
  /** Entries and malformed entries of the lists (their counts stay in `listSizes`). */
  listEntries?: number
  /** Raw list texts replaced by their length. */
  listTexts?: number
  findings?: number
  subjects?: number
  echoAnswers?: number
  /** Addresses left out of `missing` and `egressIps` (the step's `missing` and `egress-ips` outputs keep them all). */
  addresses?: number
}

/** A report with `omitted` set when it had to be cut. */
export type BoundedReport = Report & {
  omitted?: Omitted
  listSizes?: Array<{ level: string; entries: number; errors: number }>
}

const size = (value: unknown): number => Buffer.byteLength(JSON.stringify(value))

/** The report, cut step by step until its JSON fits in `maxBytes`. */
export function boundReport(report: Report, maxBytes = REPORT_OUTPUT_BYTES): BoundedReport {
  let out: BoundedReport = report
  if (size(out) <= maxBytes) return out
  const omitted: Omitted = {}
  const listSizes = report.lists.map((l) => ({
    level: l.level,
    entries: l.parsed?.entries.length ?? 0,
    errors: l.parsed?.errors.length ?? 0
  }))
  omitted.listEntries = listSizes.reduce((n, l) => n + l.entries + l.errors, 0)
  omitted.listTexts = report.lists.filter((l) => l.raw !== undefined).length
  const lists = report.lists.map(({ raw, parsed, ...rest }) => ({
    ...rest,
    ...(raw !== undefined ? { raw: `(${String(raw.length)} characters, left out)` } : {}),
    ...(parsed ? { parsed: { ...parsed, entries: [], errors: [] } } : {})
  }))
  out = { ...out, lists, listSizes, omitted }
  if (size(out) <= maxBytes) return out

  const refused = report.matches.filter((m) => m.status === 'not-allowed')
  omitted.matches = report.matches.length - refused.length
  out = { ...out, matches: refused }
  if (size(out) <= maxBytes) return out

  out.egress = { ...report.egress, answers: [] }
  omitted.echoAnswers = report.egress.answers.length
  // Halve the least important arrays until it fits: findings keep their order (errors are made first).
  const order = { error: 0, warning: 1, notice: 2 }
  let findings = [...report.findings].sort((a, b) => order[a.severity] - order[b.severity])
  let subjects = report.subjects
  let matches = refused
  while (size(out) > maxBytes && (findings.length > 1 || subjects.length > 1 || matches.length > 1)) {
    findings = findings.slice(0, Math.ceil(findings.length / 2))
    subjects = subjects.slice(0, Math.ceil(subjects.length / 2))
    matches = matches.slice(0, Math.ceil(matches.length / 2))
    omitted.findings = report.findings.length - findings.length
    omitted.subjects = report.subjects.length - subjects.length
    omitted.matches = report.matches.length - matches.length
    out = { ...out, findings, subjects, matches }
  }
  // Last, the address lists themselves (the `missing` and `egress-ips` outputs still carry them whole).
  let missing = report.missing
  let egressIps = report.egressIps
  while (size(out) > maxBytes && (missing.length > 1 || egressIps.length > 1)) {
    missing = missing.slice(0, Math.ceil(missing.length / 2))
    egressIps = egressIps.slice(0, Math.ceil(egressIps.length / 2))
    omitted.addresses = report.missing.length - missing.length + report.egressIps.length - egressIps.length
    out = { ...out, missing, egressIps, egress: { ...out.egress, addresses: egressIps } }
  }
  return out
}
