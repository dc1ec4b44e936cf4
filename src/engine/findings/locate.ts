/** Where in the workflow file a finding is annotated, so it shows on the pull request's diff. */
import type { RegistryTarget } from '../settings/registries.js'
import type { Subject } from '../verdict/subjects.js'
import type { Finding } from './finding.js'

/**
 * Gives findings about a subject the line of the registry it was checked for: a refused private source on
 * the private registry's line, an egress address on the public registry's line.
 */
export function locateFindings(
  findings: Finding[],
  registries: readonly RegistryTarget[],
  subjects: readonly Subject[]
): Finding[] {
  const privateSubjects = new Set(subjects.filter((s) => s.role === 'private-source').map((s) => s.address))
  const privateAt = registries.find((r) => r.private && r.location)?.location
  const publicAt = registries.find((r) => !r.private && r.location)?.location
  return findings.map((f) => {
    if (f.location || !f.subject) return f
    const at = privateSubjects.has(f.subject) ? privateAt : publicAt
    return at ? { ...f, location: at } : f
  })
}
