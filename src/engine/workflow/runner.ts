/**
 * The kind of runner a job runs on: `RUNNER_ENVIRONMENT` for the job that runs the preflight, else the job's
 * `runs-on:` labels. It decides two things about registries (docs/ibm-facts.md §6, §12): a GitHub-hosted runner is
 * a fresh machine, so `ibmcloud login -r REGION` alone decides where `ibmcloud cr login` logs in; and it is not on
 * IBM Cloud's private network, so a `private.*` registry host can almost never be reached from it.
 */
import type { Node } from 'yaml'
import { get, items, text, type Tree } from './yaml-nodes.js'

/** `unknown`: custom labels, runner groups without labels, expressions (`${{ matrix.os }}`). */
type RunnerKind = 'github-hosted' | 'self-hosted' | 'unknown'

/** A job's runner kind and how it is known. */
export interface JobRunner {
  kind: RunnerKind
  /** For messages: `runs-on: ubuntu-latest`, `RUNNER_ENVIRONMENT=github-hosted`. */
  evidence: string
}

/** GitHub's own images (`ubuntu-latest`, `ubuntu-24.04-arm`, `windows-2025`, `macos-15`). */
const HOSTED_LABEL = /^(ubuntu|windows|macos)-[\w.-]+$/i

/**
 * The runner of `job`. `runnerEnvironment` is `RUNNER_ENVIRONMENT` when `job` is the one running the preflight:
 * what the runner says of itself is surer than labels (a larger runner's or a group's name says nothing).
 */
export function jobRunner(tree: Tree, job: Node, runnerEnvironment: string | undefined): JobRunner {
  if (runnerEnvironment === 'github-hosted' || runnerEnvironment === 'self-hosted') {
    return { kind: runnerEnvironment, evidence: `RUNNER_ENVIRONMENT=${runnerEnvironment}` }
  }
  const runsOn = get(tree, job, 'runs-on')
  const single = text(tree, runsOn)
  const labelsNode = single === undefined && items(tree, runsOn).length === 0 ? get(tree, runsOn, 'labels') : runsOn
  const labelText = text(tree, labelsNode)
  const labels = labelText !== undefined ? [labelText] : items(tree, labelsNode).map((n) => text(tree, n) ?? '')
  const evidence = `runs-on: ${labels.length === 1 ? (labels[0] ?? '') : `[${labels.join(', ')}]`}`
  if (labels.some((l) => l.trim().toLowerCase() === 'self-hosted')) return { kind: 'self-hosted', evidence }
  if (labels.length > 0 && labels.every((l) => HOSTED_LABEL.test(l.trim()))) return { kind: 'github-hosted', evidence }
  return { kind: 'unknown', evidence }
}
