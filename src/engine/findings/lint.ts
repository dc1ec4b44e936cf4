/**
 * List lint: what a list holds that does nothing or says nothing, for every list the run sees (live, the
 * `allowlist` input, and each list a plan leaves). Warnings and notices only: a tidy-up never fails a gate.
 * Malformed entries and the retired registry addresses have their own findings (list.ts) and are not repeated
 * here, but the cleaned list given as the fix leaves them out too.
 */
import type { ParsedList } from '../allowlist/grammar.js'
import type { Evidence } from '../evidence/gather.js'
import type { ListLevel, ZoneOutcome } from '../evidence/lists.js'
import { classifyAddress, parseAddressValue } from '../net/address.js'
import { parseAllowlist } from '../allowlist/grammar.js'
import { legacyRegistryAddresses } from '../registry/legacy.js'
import type { Settings } from '../settings/settings.js'
import { plannedLists } from '../verdict/plan.js'
import type { Finding, Severity } from './finding.js'
import { LIST_NAME } from './wording.js'

/** One list as lint sees it. */
interface LintedList {
  name: string
  level?: ListLevel
  parsed: ParsedList
  zones: ZoneOutcome[]
}

const MAX: Record<4 | 6, bigint> = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n }

/** Lint findings for every list of the run. */
export function lintFindings(
  settings: Pick<Settings, 'mustAllow' | 'runnerEnvironment'>,
  evidence: Evidence
): Finding[] {
  const lists: LintedList[] = evidence.lists.flatMap((l) =>
    l.evidence.parsed
      ? [{ name: LIST_NAME[l.evidence.level], level: l.evidence.level, parsed: l.evidence.parsed, zones: l.zones }]
      : []
  )
  const read = evidence.plan?.read
  if (read?.ok) {
    for (const { list, text } of plannedLists(read.plan))
      lists.push({ name: `the planned list of ${list.address}`, parsed: parseAllowlist(text), zones: [] })
  }
  const ipv4Only =
    settings.runnerEnvironment === 'github-hosted' &&
    !evidence.egress.addresses.some((a) => a.includes(':')) &&
    !(settings.mustAllow ?? []).some((m) => m.family === 6)
  return lists.flatMap((l) => lintList(l, { ipv4Only, privateUsed: evidence.needs.private }))
}

function lintList(l: LintedList, ctx: { ipv4Only: boolean; privateUsed: boolean }): Finding[] {
  const drop = new Set<string>()
  const found: Array<Omit<Finding, 'fix'>> = []
  const add = (severity: Severity, code: Finding['code'], title: string, message: string, remove?: string): void => {
    if (remove !== undefined) drop.add(remove)
    found.push({ severity, code, title, message, ...(l.level ? { list: l.level } : {}) })
  }
  const entries = l.parsed.entries.flatMap((e) => {
    if (e.kind === 'zone') return []
    const first = parseAddressValue(e.first)
    const last = parseAddressValue(e.last)
    return first && last ? [{ raw: e.raw, family: e.family, first: first.value, last: last.value }] : []
  })
  // Sorted by first address, widest first: an entry is covered when an earlier one reaches past its end.
  for (const family of [4, 6] as const) {
    const mine = entries
      .filter((e) => e.family === family)
      .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.last > b.last ? -1 : a.last < b.last ? 1 : 0))
    let widest: (typeof mine)[number] | undefined
    for (const e of mine) {
      if (widest && e.last <= widest.last) {
        const same = e.first === widest.first && e.last === widest.last
        add(
          same ? 'warning' : 'notice',
          same ? 'LIST_LINT_DUPLICATE' : 'LIST_LINT_COVERED',
          same ? 'Allowlist entry written twice' : 'Allowlist entry inside another entry',
          same
            ? `Entry "${e.raw}" in ${l.name} allows the same addresses as "${widest.raw}": one of them can go.`
            : `Entry "${e.raw}" in ${l.name} lies inside "${widest.raw}": it allows nothing more and can go.`,
          // The same text twice is dropped by the cleaned list's de-duplication; dropping the text would drop both.
          e.raw === widest.raw ? undefined : e.raw
        )
      } else widest = e
      if (e.first === 0n && e.last === MAX[family]) {
        add(
          'warning',
          'LIST_LINT_ANYWHERE',
          'Allowlist entry allows every address',
          `Entry "${e.raw}" in ${l.name} allows every IPv${family} address: the restriction means nothing.`
        )
      }
    }
  }
  const v6 = entries.filter((e) => e.family === 6 && !(e.first === 0n && e.last === MAX[6]))
  if (ctx.ipv4Only && v6.length > 0) {
    add(
      'notice',
      'LIST_LINT_IPV6_UNUSED',
      'IPv6 allowlist entries no runner here uses',
      `${l.name} holds IPv6 entries (${v6.map((e) => `"${e.raw}"`).join(', ')}), but this runner is GitHub-hosted, which has no IPv6 egress, and no must-allow address is IPv6. They are not needed for CI; keep them only if other machines use them.`
    )
  }
  // Classified only where the finding can apply: classifying each entry of a long list is not free.
  const privates =
    l.level === 'account' && !ctx.privateUsed
      ? entries.filter((e) => classifyAddress(e.raw.split(/[/-]/)[0]?.trim() ?? '') === 'private')
      : []
  if (privates.length > 0) {
    add(
      'notice',
      'LIST_LINT_PRIVATE_UNUSED',
      'Private-range allowlist entries with no private registry used',
      `${l.name} holds private-range entries (${privates.map((e) => `"${e.raw}"`).join(', ')}), and this run uses no private.* registry. They matter only to machines that reach IBM Cloud over its private network; keep them only for those.`
    )
  }
  for (const z of l.zones) {
    if (z.status === 'error' && z.error.startsWith('no network zone named')) {
      add(
        'warning',
        'LIST_LINT_UNKNOWN_ZONE',
        'Allowlist entry names no network zone',
        `Entry "${z.raw}" in ${l.name} names no network zone of the account: it allows nothing.`,
        z.raw
      )
    }
  }
  if (found.length === 0) return []
  const legacy = legacyRegistryAddresses()
  const kept = l.parsed.entries.filter((e) => !drop.has(e.raw) && !(e.kind === 'address' && legacy.has(e.first)))
  const cleaned = (l.parsed.monitor ? '?' : '') + [...new Set(kept.map((e) => e.raw))].join(',')
  const fix = {
    steps: [`The list without redundant, unknown, malformed and retired entries (review before use):`],
    command: cleaned
  }
  return found.map((f) => ({ ...f, fix }))
}
