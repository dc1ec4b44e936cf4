/** The plan as evidence: read, parsed and its resources located, with every fault kept as data. */
import type { PlanPath } from '../settings/plan-inputs.js'
import type { SourceLocation } from '../settings/registries.js'
import { findResourceBlocks, readPlanFile } from './file.js'
import { readPlan, type PlanRead } from './read.js'

/** What the `plan` input yielded. */
export interface PlanEvidence {
  /** The path as given. */
  shown: string
  read: PlanRead
  /** The `.tf` block of each changed resource found in the workspace, by resource address. */
  blocks: Record<string, SourceLocation>
}

/** Reads the plan named by `plan`; never throws for a bad file (the findings say what is wrong). */
export async function readPlanEvidence(plan: PlanPath): Promise<PlanEvidence> {
  const file = await readPlanFile(plan)
  if ('error' in file) return { shown: plan.shown, read: { ok: false, error: file.error }, blocks: {} }
  const read = readPlan(file.text)
  const blocks = read.ok ? await findResourceBlocks(plan, read.plan) : {}
  return { shown: plan.shown, read, blocks }
}
