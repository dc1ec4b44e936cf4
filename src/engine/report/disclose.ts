/**
 * `disclose: minimal`: the report as a public log may show it. List contents never leave (counts per list
 * instead), the entry that allowed an address is "an entry of the account list", and every entry or zone
 * name left in a sentence is masked; the runner's own addresses and the addresses to add stay (that is the
 * point of the report). The account id is masked by the shells' redactor, which `accountIdOf` feeds.
 */
import type { ListEvidence } from '../evidence/lists.js'
import type { Report } from './schema.js'

/** What stands where a list entry was. */
const ENTRY_MASK = '[list entry]'

/** The account id a report names (the token's claim, else the input), for the redactor. */
export function accountIdOf(report: Report, given: string): string | undefined {
  return report.probe?.accountId ?? (given === '' ? undefined : given)
}

/** A list with its counts only: no raw text, no entries, no malformed entries. */
function countsOnly(l: ListEvidence): ListEvidence {
  const { raw: _raw, parsed, ...rest } = l
  if (!parsed) return rest
  return {
    ...rest,
    counts: { entries: parsed.entries.length, malformed: parsed.errors.length },
    parsed: { monitor: parsed.monitor, empty: parsed.empty, entries: [], errors: [] }
  }
}

/**
 * The report for `disclose: minimal`. Every string in it is then scanned for the lists' entries and zone
 * names (as whole words, so that an entry 1.2.3.4 does not eat into 1.2.3.45), except those equal to an
 * address the report must show; a fix whose command would carry one loses the command and says why.
 */
export function minimalReport(report: Report): Report {
  const shown = new Set([...report.egressIps, ...report.missing, ...report.subjects.map((s) => s.address)])
  const words = new Set<string>()
  for (const l of report.lists) {
    for (const e of l.parsed?.entries ?? []) words.add(e.raw)
    for (const e of l.parsed?.errors ?? []) words.add(e.raw)
    for (const e of l.raw?.replace(/^\s*\?/, '').split(/[,\n]/) ?? []) words.add(e.trim())
  }
  for (const z of report.cbr?.zones ?? []) if ('name' in z && typeof z.name === 'string') words.add(z.name)
  const secret = [...words].filter((w) => w !== '' && !shown.has(w)).sort((a, b) => b.length - a.length)
  const escaped = secret.map((w) => w.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
  const re = escaped.length ? new RegExp(`(?<![\\w.:/-])(?:${escaped.join('|')})(?![\\w.:/-])`, 'g') : undefined
  const mask = (text: string): string => (re ? text.replace(re, ENTRY_MASK) : text)
  const masked = maskStrings(
    {
      ...report,
      lists: report.lists.map(countsOnly),
      matches: report.matches.map((m) =>
        m.entry === undefined
          ? m
          : { ...m, entry: `an entry of the ${m.level === 'input' ? "'allowlist' input" : `${m.level} list`}` }
      ),
      cbr: undefined
    },
    mask
  )
  return {
    ...masked,
    findings: masked.findings.map((f) =>
      f.fix?.command?.includes(ENTRY_MASK) === true
        ? {
            ...f,
            fix: {
              steps: [
                ...f.fix.steps,
                'No command is shown: it would print the members of a list or zone (disclose: minimal); make the change in the IBM Cloud console.'
              ]
            }
          }
        : f
    )
  }
}

function maskStrings<T>(value: T, mask: (s: string) => string): T {
  if (typeof value === 'string') return mask(value) as T
  if (Array.isArray(value)) return value.map((v: unknown) => maskStrings(v, mask)) as T
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v, mask)])) as T
  }
  return value
}
