/**
 * The `env:` maps of a workflow, a job and a step, and which of their names the job refers to: that decides
 * whether an image name written in an `env:` map is a registry of the job.
 *
 * - Workflow `env:` counts for a job only for the names the job refers to on the runner (`${{ env.X }}`, `$X`,
 *   `${X}` in its steps' `with:` and `run:`, its `container:` and `services:`): the map is given to every job, so
 *   an image named there for one job says nothing about the others.
 * - Job and step `env:` count for the names referred to on the runner, and also for the names referred to nowhere:
 *   those maps are given to this job's (or step's) processes only, and a script or an action reads its
 *   environment without the workflow naming the variable (`make push` reading `$IMAGE`). Missing a registry the
 *   job uses would let the push fail later; an unused definition in a job's own map is rare and shows on its line.
 * - A name referred to only by commands that hand the image to IBM's side (Code Engine, Kubernetes) does not
 *   count in any scope: there, the reference says what the value is for, and it is not for the runner.
 */
import type { Side } from './commands.js'
import { EnvChain, type Resolved } from './expressions.js'
import { entries, lineOf, text, type Tree } from './yaml-nodes.js'

/** A definition in an `env:` map that counts as a registry source of the job. */
interface CountedDefinition {
  raw: string
  line: number
  resolved: Resolved
}

/** Where an `env:` map is written: the workflow's is shared by every job. */
type Level = 'workflow' | 'job' | 'step'

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g
const ENV_IN_EXPRESSION = /\benv(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g
const SHELL_VARIABLE = /\$\{?([A-Za-z_]\w*)/g
const NO_SHELL_VARS: ReadonlyMap<string, unknown> = new Map()

/** One `env:` map (workflow, job or step), linked to the enclosing one, with the names referred to. */
export class EnvScope {
  /** For resolving `${{ env.X }}` and `$X` against this scope and the enclosing ones. */
  readonly chain: EnvChain
  private readonly runnerUse = new Set<string>()
  private readonly ibmUse = new Set<string>()

  private constructor(
    private readonly level: Level,
    private readonly definitions: ReadonlyMap<string, { raw: string; line: number }>,
    private readonly parent?: EnvScope
  ) {
    const vars = new Map([...definitions].map(([name, d]) => [name, d.raw]))
    this.chain = parent ? parent.chain.child(vars) : new EnvChain(vars)
  }

  /** The workflow's own `env:` map (`node` may be absent). */
  static workflow(tree: Tree, node: unknown): EnvScope {
    return new EnvScope('workflow', definitionsOf(tree, node))
  }

  /** The `env:` map of a job in this workflow, or of a step in this job. */
  child(tree: Tree, node: unknown, level: 'job' | 'step'): EnvScope {
    return new EnvScope(level, definitionsOf(tree, node), this)
  }

  /**
   * Notes the variables that `value` refers to, each in the innermost scope that defines it. `shellVars` are the
   * names a script assigned itself, which hide the `env:` ones from that point on.
   */
  mention(value: string, side: Side, shellVars: ReadonlyMap<string, unknown> = NO_SHELL_VARS): void {
    for (const name of mentionedNames(value)) {
      const scope = shellVars.has(name) ? undefined : this.definer(name)
      if (scope) (side === 'runner' ? scope.runnerUse : scope.ibmUse).add(name)
    }
  }

  /** The innermost scope, this one or an enclosing one, that defines `name`. */
  private definer(name: string): EnvScope | undefined {
    return this.definitions.has(name) ? this : this.parent?.definer(name)
  }

  /**
   * The definitions that count as registry sources of the job walked since the last call (see the file comment),
   * and the scope forgets that job's references: the workflow scope is walked again for the next job.
   */
  takeCounted(): CountedDefinition[] {
    const names =
      this.level === 'workflow'
        ? [...this.runnerUse]
        : [...this.definitions.keys()].filter((n) => this.runnerUse.has(n) || !this.ibmUse.has(n))
    this.runnerUse.clear()
    this.ibmUse.clear()
    return names.flatMap((name) => {
      const d = this.definitions.get(name)
      const resolved = this.chain.lookup(name)
      return d && resolved ? [{ raw: d.raw, line: d.line, resolved }] : []
    })
  }
}

/** The `env:` map of a scope as name → raw value and line (collections are ignored). */
function definitionsOf(tree: Tree, node: unknown): Map<string, { raw: string; line: number }> {
  const definitions = new Map<string, { raw: string; line: number }>()
  for (const [name, value] of entries(tree, node)) {
    const raw = text(tree, value)
    if (raw !== undefined) definitions.set(name, { raw, line: lineOf(tree, value) })
  }
  return definitions
}

/** The variable names a value refers to: `env.X` / `env['X']` inside `${{ … }}`, `$X` and `${X…}` outside. */
function mentionedNames(value: string): string[] {
  const names: string[] = []
  const outside = value.replace(EXPRESSION, (_whole, inner: string) => {
    for (const m of inner.matchAll(ENV_IN_EXPRESSION)) names.push(m[1] ?? m[2] ?? '')
    return ' '
  })
  for (const m of outside.matchAll(SHELL_VARIABLE)) names.push(m[1] ?? '')
  return names
}
