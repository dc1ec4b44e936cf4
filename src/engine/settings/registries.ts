/**
 * The registries a run checks: parsed from the `registry` input, or found in the workflow file and merged in
 * here before the engine starts.
 */
import { lookupRegistryHost, registryHostOf, REGISTRY_EXAMPLES } from '../registry/hosts.js'
import { InputError } from './input-error.js'
import type { Finding, FindingCode } from '../findings/finding.js'
import type { Settings } from './settings.js'

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
    if (!targets.has(info.host)) targets.set(info.host, { raw, ...info })
  }
  if (bad.length > 0) {
    const values = bad.map((b) => `"${b}"`).join(', ')
    const verb = bad.length === 1 ? 'is not an IBM Cloud Container Registry domain' : 'are not IBM Cloud Container Registry domains'
    throw new InputError(
      'registry',
      `registry: ${values} ${verb} (expected hosts or image references on a registry domain such as ${REGISTRY_EXAMPLES})`
    )
  }
  return [...targets.values()]
}


/** What reading the running workflow gave: its registries (with their lines) and its findings. */
export interface WorkflowRead {
  registries: RegistryTarget[]
  findings: Finding[]
}

/**
 * Merges what the workflow file says into the settings, before the engine starts. Registries the user
 * named win (the workflow only gives them their lines); with none named, the workflow's registries are used.
 * Registries the user named also make the workflow's notices about registries it could not resolve moot.
 */
export function withWorkflowRegistries(settings: Settings, workflow: WorkflowRead): Settings {
  const named = settings.registries.length > 0
  const registries = named
    ? settings.registries.map((r) => ({ ...r, location: workflow.registries.find((w) => w.host === r.host)?.location }))
    : workflow.registries
  const findings = named ? workflow.findings.filter((f) => !MOOT_WHEN_NAMED.has(f.code)) : workflow.findings
  return { ...settings, registries, workflow: { findings } }
}

/** Workflow findings that only matter when the registries come from the workflow. */
const MOOT_WHEN_NAMED: ReadonlySet<FindingCode> = new Set(['WORKFLOW_UNRESOLVABLE', 'WORKFLOW_NOT_FOUND'])
