/**
 * Findings about the registries named: deprecated domains, and the contradiction in IBM's docs about
 * private addresses (docs/ibm-facts.md §1), which users of private domains must know about.
 */
import { Finding } from './finding.js'
import { RegistryTarget } from '../settings/registries.js'

/** Findings for the registries the run will use. */
export function registryFindings(registries: RegistryTarget[]): Finding[] {
  const out: Finding[] = []
  for (const r of registries) {
    if (!r.deprecated) continue
    out.push({
      severity: 'warning',
      code: 'DEPRECATED_REGISTRY_DOMAIN',
      title: 'Deprecated registry domain',
      message: `${r.host} is a deprecated Container Registry domain.`,
      fix: {
        steps: [
          `Use the icr.io domain of the same region instead (e.g. ${r.region ? `the ${r.region} domain` : 'us.icr.io'}).`
        ]
      },
      location: r.location
    })
  }
  if (registries.some((r) => r.private)) {
    out.push({
      severity: 'notice',
      code: 'PRIVATE_DOCS_CONTRADICTION',
      title: 'Private registry domains and IAM allowlists',
      message:
        "For private.* domains Container Registry passes IAM the machine's private address, so that address must be allowed (Registry docs). " +
        'The IAM docs say "Currently, only public IP addresses are supported"; the two pages contradict each other. ' +
        'This check follows the Registry docs and tests the private source address.'
    })
  }
  return out
}
