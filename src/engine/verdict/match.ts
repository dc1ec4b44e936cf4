/**
 * Matching: every subject against every list, which entry allows it, and which addresses must be added.
 * Linear in subjects × lists (each look-up is a binary search in the list's matcher).
 */
import type { Evidence } from '../evidence/gather.js'
import type { CheckedList, ListLevel } from '../evidence/lists.js'
import { subjectsOf, type Subject } from './subjects.js'

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

/** The subjects one list does not allow. */
export interface Refusal {
  list: CheckedList
  subjects: Subject[]
}

/** Subjects, their matches, the refusals per list, and the addresses to add (enforced refusals and IAM's). */
export interface Matched {
  subjects: Subject[]
  matches: Match[]
  refusals: Refusal[]
  missing: string[]
}

function matchOne(list: CheckedList, subject: string): Match {
  const { evidence } = list
  const base = { subject, level: evidence.level, monitor: evidence.parsed?.monitor || undefined }
  if (!evidence.parsed) return { ...base, status: 'unknown' }
  if (evidence.parsed.empty) return { ...base, status: 'unrestricted' }
  const entry = list.match(subject)
  return entry !== undefined ? { ...base, status: 'allowed', entry } : { ...base, status: 'not-allowed' }
}

/** Matches every subject against every list. */
export function matchSubjects(evidence: Evidence): Matched {
  const subjects = subjectsOf(evidence)
  const matches: Match[] = []
  const refusals: Refusal[] = []
  const missing = new Set<string>()
  // IAM's own refusal names the primary address first: it is the one the fix is about.
  if (evidence.probe?.outcome === 'refused-address' && evidence.egress.primary) missing.add(evidence.egress.primary)
  for (const list of evidence.lists) {
    const refused: Subject[] = []
    for (const s of subjects) {
      const m = matchOne(list, s.address)
      matches.push(m)
      if (m.status !== 'not-allowed') continue
      refused.push(s)
      // Monitor-mode lists, secondary addresses and guessed private sources warn; only enforced refusals of
      // addresses IAM will surely see must be added.
      if (!m.monitor && s.role !== 'egress-secondary' && s.guessed !== true) missing.add(s.address)
    }
    if (refused.length > 0) refusals.push({ list, subjects: refused })
  }
  return { subjects, matches, refusals, missing: [...missing] }
}
