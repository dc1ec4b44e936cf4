/**
 * The registries a run checks: parsed from the `registry` input, or found in the workflow file and merged in
 * here before the engine starts.
 */
import { lookupRegistryHost, registryHostOf, REGISTRY_EXAMPLES, repositoryOf } from '../registry/hosts.js'
import { InputError } from './input-error.js'

/** A registry host the run will talk to, as parsed from the `registry` input (or found in a workflow). */
export interface RegistryTarget {
  /** What the user wrote (host or image reference). */
  raw: string
  /** Lower-cased host, e.g. `private.us.icr.io`. */
  host: string
  /** `private.*` domains are reached over IBM's private network: IAM sees the private source address. */
  private: boolean
  /** IBM region (`us-south`, `global`, …) when known. */
  region?: string
  /** A deprecated `registry.*.bluemix.net` domain: still accepted, but worth a warning. */
  deprecated?: boolean
  /** Where the registry was found (workflow file and line), when it came from a workflow. */
  location?: SourceLocation
  /** The repository an image reference names (`namespace/name`), for the registry login's scope. */
  repository?: string
  /** What the job does with it, when known: `push` (and pull) or `pull` only; absent: not known. */
  access?: 'push' | 'pull'
}

/** A place in a file, for annotations. */
export interface SourceLocation {
  file: string
  line: number
}

/**
 * Parses the `registry` input: hosts or image references separated by commas, spaces or newlines.
 * Deduplicates by host, keeping the first spelling. Throws `InputError('registry', …)` naming every value
 * that is not an IBM Cloud Container Registry domain.
 */
export function parseRegistries(input: string): RegistryTarget[] {
  const targets = new Map<string, RegistryTarget>()
  const bad: string[] = []
  for (const raw of input.split(/[\s,]+/)) {
    if (raw === '') continue
    const info = lookupRegistryHost(registryHostOf(raw))
    if (!info) {
      bad.push(raw)
      continue
    }
    if (targets.has(info.host)) continue
    const repository = repositoryOf(raw)
    targets.set(info.host, repository ? { raw, ...info, repository } : { raw, ...info })
  }
  if (bad.length > 0) {
    const values = bad.map((b) => `"${b}"`).join(', ')
    const verb =
      bad.length === 1
        ? 'is not an IBM Cloud Container Registry domain'
        : 'are not IBM Cloud Container Registry domains'
    throw new InputError(
      'registry',
      `registry: ${values} ${verb} (expected hosts or image references on a registry domain such as ${REGISTRY_EXAMPLES})`
    )
  }
  return [...targets.values()]
}
