/**
 * The subjects of a verdict: the addresses IAM will see, with the role each plays. An address can play two
 * roles (a private source given equal to the egress address): it is then checked once for each path, since
 * a pass on the public path says nothing about the private one.
 */
import type { Evidence } from '../evidence/gather.js'

/** A subject of the verdict: an address that IAM will see. */
export interface Subject {
  address: string
  role: 'egress-primary' | 'egress-secondary' | 'private-source'
  /** A private source that is only one of several interface addresses: never fails the gate alone. */
  guessed?: boolean
}

/** The addresses IAM will see: the egress addresses for the public path, the private sources for the private one. */
export function subjectsOf(
  evidence: Pick<Evidence, 'needs' | 'egress' | 'privateSources' | 'privateSourceChoice'>
): Subject[] {
  const { needs, egress, privateSources } = evidence
  const egressSubjects = new Map<string, Subject>()
  if (needs.public && egress.primary) {
    egressSubjects.set(egress.primary, { address: egress.primary, role: 'egress-primary' })
    for (const a of egress.addresses)
      if (!egressSubjects.has(a)) egressSubjects.set(a, { address: a, role: 'egress-secondary' })
  }
  const guessed = evidence.privateSourceChoice?.guessed === true
  const privateSubjects = needs.private
    ? [...new Set(privateSources)].map((a): Subject =>
        guessed ? { address: a, role: 'private-source', guessed } : { address: a, role: 'private-source' }
      )
    : []
  return [...egressSubjects.values(), ...privateSubjects]
}
