/** The subjects of a verdict: the addresses IAM will see, each once, with the role it plays. */
import type { Evidence } from '../evidence/gather.js'

/** A subject of the verdict: an address that IAM will see. */
export interface Subject {
  address: string
  role: 'egress-primary' | 'egress-secondary' | 'private-source'
}

/** The addresses IAM will see: the egress addresses for the public path, the private sources for the private one. */
export function subjectsOf(evidence: Pick<Evidence, 'needs' | 'egress' | 'privateSources'>): Subject[] {
  const { needs, egress, privateSources } = evidence
  const subjects = new Map<string, Subject>()
  if (needs.public && egress.primary) {
    subjects.set(egress.primary, { address: egress.primary, role: 'egress-primary' })
    for (const a of egress.addresses) if (!subjects.has(a)) subjects.set(a, { address: a, role: 'egress-secondary' })
  }
  if (needs.private) {
    for (const a of privateSources) if (!subjects.has(a)) subjects.set(a, { address: a, role: 'private-source' })
  }
  return [...subjects.values()]
}
