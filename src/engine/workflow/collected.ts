/**
 * What walking a workflow gathers (`walk.ts`, `with.ts`) for `resolve.ts` to turn into registries: every value
 * that may name a registry, with its line, its job and what the job does with it.
 */
import type { Use } from './commands.js'
import type { Resolved } from './expressions.js'
import type { JobRunner } from './runner.js'

/** A value that may name a registry. */
export interface Ref {
  /** As written in the file. */
  written: string
  resolved: Resolved
  line: number
  /** Whether an unknown host is worth a "not resolvable" note (a `docker tag` source is usually a local name). */
  reportUnknown: boolean
  /** `env`: a definition in an `env:` map that counts for the job (see `env-use.ts`); `use`: a line that uses it. */
  source: 'env' | 'use'
  /** What the job does with it, when the workflow shows it. */
  use?: Use
  /** The id of the job it belongs to. */
  job: string
}

/** An `ibmcloud cr region-set REGION` or `ibmcloud login -r REGION`, as resolved from the file. */
export interface RegionSetting {
  region: Resolved
  /** The command without its region (`ibmcloud cr region-set`, `ibmcloud login -r`), for `raw` and for notes. */
  command: string
  line: number
}

/** One `ibmcloud cr login`, with what decides its registry in its own job. */
export interface CrLogin {
  line: number
  job: string
  /** The `cr region-set` walked last before it in its job: the steps of a job share the CLI's configuration. */
  regionSet?: RegionSetting
  /** The `ibmcloud login -r` (or `target -r`) walked last before it in its job. */
  loginRegion?: RegionSetting
}

/** Everything `walkWorkflow` gathers, in the order walked. */
export interface Collected {
  refs: Ref[]
  /** Lines of `ibmcloud cr build` / `ibmcloud cr image-build`. */
  crBuildLines: number[]
  crLogins: CrLogin[]
  /** Values that decide a registry and that the walk already knows cannot be resolved. */
  notes: Array<{ expression: string; line: number }>
  /** The runner of each job whose registries were taken. */
  runners: Map<string, JobRunner>
  /** Steps that use this action; `inRegistryJob` when their job is one registries are taken from. */
  actionSteps: Array<{ line: number; inRegistryJob: boolean }>
  /** The line of the first job or step not walked because `outOfTime` said so. */
  stoppedAt?: number
}
