/**
 * Resolution of `${{ … }}` expressions and shell `$VAR` references found in a workflow, using only what the
 * workflow file itself says (its `env:` maps and simple assignments in the same script).
 *
 * Anything else (secrets, vars, inputs, matrix, step outputs, `$(…)`) is left unknown: the caller reports it as
 * "not resolvable" instead of guessing a registry.
 */

/**
 * Stands in for an unknown part of a value. Private: callers ask {@link knownPart} whether the part they need
 * (usually the host) is known, so the marker never leaks into text shown to anyone.
 */
const UNKNOWN = '\u0000'

/** A value with its unknown parts marked, and the expressions that could not be resolved. */
export interface Resolved {
  /** Read it through {@link knownPart}: unknown parts are marked inside it. */
  value: string
  unresolved: string[]
}

/**
 * `part(value)` when that part of a resolved value holds nothing unknown, else undefined: the host of
 * `us.icr.io/app:${{ github.sha }}` is known, the host of `${{ secrets.REGISTRY }}/app` is not.
 */
export function knownPart(resolved: Resolved, part: (value: string) => string = (value) => value): string | undefined {
  const known = part(resolved.value)
  return known.includes(UNKNOWN) ? undefined : known
}

/**
 * One `env:` scope (workflow, job or step) with a link to the enclosing one.
 *
 * An `env:` value can refer to `env.X` of the enclosing scopes only (GitHub does not expose siblings of the same
 * map), so each value is resolved against its parent.
 */
export class EnvChain {
  private readonly cache = new Map<string, Resolved>()

  constructor(
    private readonly vars: ReadonlyMap<string, string>,
    private readonly parent?: EnvChain
  ) {}

  /** The resolved value of `name` in this scope or an enclosing one; undefined when no scope defines it. */
  lookup(name: string): Resolved | undefined {
    const raw = this.vars.get(name)
    if (raw === undefined) return this.parent?.lookup(name)
    const cached = this.cache.get(name)
    if (cached) return cached
    // Resolving against the parent only also makes cycles impossible (`X: ${{ env.X }}` means the outer X).
    const resolved = resolveExpressions(raw, this.parent ?? EMPTY)
    this.cache.set(name, resolved)
    return resolved
  }

  /** A child scope (job inside workflow, step inside job). */
  child(vars: ReadonlyMap<string, string>): EnvChain {
    return new EnvChain(vars, this)
  }
}

const EMPTY = new EnvChain(new Map())

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g
const ENV_REF = /^env(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])$/
const STRING_LITERAL = /^'((?:[^']|'')*)'$/

/**
 * Replaces every match of `pattern` in `text` with what `resolve` finds for it; a match it cannot resolve
 * is marked unknown and is listed as unresolved, with whatever the found values left unresolved.
 */
function substitute(
  text: string,
  pattern: RegExp,
  resolve: (whole: string, groups: Array<string | undefined>) => Resolved | undefined
): Resolved {
  const unresolved: string[] = []
  const value = text.replace(pattern, (whole: string, ...rest: unknown[]) => {
    // replace() passes the capture groups, then the match's offset (a number) and the whole text.
    const groups = rest.slice(
      0,
      rest.findIndex((g) => typeof g === 'number')
    ) as Array<string | undefined>
    const found = resolve(whole, groups)
    if (found) {
      unresolved.push(...found.unresolved)
      return found.value
    }
    unresolved.push(whole)
    return UNKNOWN
  })
  return { value, unresolved }
}

/** Substitutes `${{ env.X }}` (and string literals) from `env`; every other expression is marked unknown. */
export function resolveExpressions(text: string, env: EnvChain): Resolved {
  return substitute(text, EXPRESSION, (_whole, [inner]) => {
    const expr = (inner ?? '').trim()
    const literal = STRING_LITERAL.exec(expr)
    if (literal) return { value: (literal[1] ?? '').replace(/''/g, "'"), unresolved: [] }
    const ref = ENV_REF.exec(expr)
    return ref ? env.lookup(ref[1] ?? ref[2] ?? '') : undefined
  })
}

const SHELL_VAR = /\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))|\$\{[^}]*\}|\$\([^)]*\)?|`[^`]*`?/g

/**
 * Substitutes shell variables in one word of a `run:` script: first variables assigned earlier in the same script,
 * then the step's environment (`env:` maps). Command substitution and parameter expansion with operators stay
 * unknown.
 */
export function resolveShell(word: string, env: EnvChain, shellVars: ReadonlyMap<string, Resolved>): Resolved {
  const first = resolveExpressions(word, env)
  const second = substitute(first.value, SHELL_VAR, (_whole, [braced, bare]) => {
    const name = braced ?? bare
    return name === undefined ? undefined : (shellVars.get(name) ?? env.lookup(name))
  })
  return { value: second.value, unresolved: [...first.unresolved, ...second.unresolved] }
}
