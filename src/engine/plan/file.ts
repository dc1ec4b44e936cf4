/**
 * Reading the `plan` file and finding the `.tf` blocks of the resources it changes. The only I/O of the plan
 * check: bounded in size (a plan of a large estate is a few MB; anything far larger is not a plan) and kept
 * inside the workspace.
 */
import { open, readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { PlanPath } from '../settings/plan-inputs.js'
import type { SourceLocation } from '../settings/registries.js'
import type { PlanContent } from './read.js'

/** Largest plan read: 64 MiB, far above the JSON of any plan that touches a few IAM settings. */
const MAX_PLAN_BYTES = 64 * 1024 * 1024

/** The plan file's text, or why it could not be read (a sentence naming the file). */
export async function readPlanFile(plan: PlanPath): Promise<{ text: string } | { error: string }> {
  let handle
  try {
    handle = await open(plan.full, 'r')
    const stat = await handle.stat()
    if (!stat.isFile()) return { error: `"${plan.shown}" is not a file` }
    if (stat.size > MAX_PLAN_BYTES) {
      return {
        error: `"${plan.shown}" is larger than ${String(MAX_PLAN_BYTES / 1024 / 1024)} MiB, far more than any plan's JSON`
      }
    }
    return { text: await handle.readFile('utf8') }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return {
        error: `"${plan.shown}" does not exist in the workspace: write it before this step with 'terraform show -json plan.tfplan > ${plan.shown}'`
      }
    }
    if (typeof code === 'string') return { error: `"${plan.shown}" could not be read (${code})` }
    throw err
  } finally {
    await handle?.close()
  }
}

/**
 * Where each changed resource is declared: `resource "TYPE" "NAME"` in the `.tf` files of its module's
 * directory (the root module is taken to be the plan file's directory, then the workspace). Keys are
 * resource addresses; locations are workspace-relative, for annotations. Local module sources only.
 */
export async function findResourceBlocks(
  plan: PlanPath,
  content: PlanContent
): Promise<Record<string, SourceLocation>> {
  const out: Record<string, SourceLocation> = {}
  const roots = [...new Set([path.dirname(plan.full), plan.workspace])]
  for (const r of [...content.lists, ...content.zones, ...content.rules]) {
    const sources = r.moduleAddress ? content.moduleSources[r.moduleAddress] : []
    if (!sources || sources.some((s) => !s.startsWith('./') && !s.startsWith('../'))) continue
    for (const root of roots) {
      const dir = path.resolve(root, ...sources)
      if (dir !== plan.workspace && !dir.startsWith(plan.workspace + path.sep)) continue
      const found = await findBlock(dir, r.type, r.name)
      if (found) {
        out[r.address] = { file: path.relative(plan.workspace, found.file).split(path.sep).join('/'), line: found.line }
        break
      }
    }
  }
  return out
}

async function findBlock(dir: string, type: string, name: string): Promise<{ file: string; line: number } | undefined> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.tf')).sort()
  } catch {
    return undefined
  }
  const block = new RegExp(`^\\s*resource\\s+"${type}"\\s+"${name.replace(/[^\w-]/g, '')}"\\s*\\{`)
  for (const n of names) {
    const file = path.join(dir, n)
    const text = await readFile(file, 'utf8').catch(() => '')
    const index = text.split('\n').findIndex((l) => block.test(l))
    if (index >= 0) return { file, line: index + 1 }
  }
  return undefined
}
