/**
 * Small read-only helpers over the `yaml` library's document tree: key look-up that follows aliases, and line
 * numbers for nodes and for each line of a block scalar.
 *
 * Line numbers always come from the node as written: an alias resolves to its anchor's node, so it reports the
 * anchor's line, which is where the text actually is.
 */
import { isAlias, isMap, isScalar, isSeq, Scalar, visit } from 'yaml'
import type { Alias, Document, LineCounter, Node } from 'yaml'

/** One line of a scalar's text, with its 1-based line number in the file. */
export interface ScalarLine {
  text: string
  line: number
  /**
   * For a line folded from several source lines (`>`): where each later source line starts in `text`, so that a
   * word can be annotated on the line it is written on.
   */
  breaks?: LineBreak[]
}

/** A source line that starts at offset `at` of a joined text. */
export interface LineBreak {
  at: number
  line: number
}

/** The tree of one document and what is needed to turn offsets into lines. Made by {@link treeOf}. */
export interface Tree {
  doc: Document
  source: string
  lines: LineCounter
  /** Each alias's anchored node. */
  aliases: ReadonlyMap<Alias, Node>
}

/**
 * The tree of one parsed document. Aliases are resolved here, once: the library's `Alias.resolve` searches the
 * whole document on every call, which a workflow with thousands of aliased steps would pay thousands of times.
 */
export function treeOf(doc: Document, source: string, lines: LineCounter): Tree {
  const aliases = new Map<Alias, Node>()
  const anchors = new Map<string, Node>()
  // The library's rule: an alias is the last node before it, in document order, that carries its anchor.
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const anchored = anchors.get(node.source)
        if (anchored) aliases.set(node, anchored)
      } else if (node.anchor) anchors.set(node.anchor, node)
    }
  })
  return { doc, source, lines, aliases }
}

/** Follows an alias to its anchor's node (undefined for an alias without one). */
function deref(tree: Tree, node: unknown): Node | undefined {
  return isAlias(node) ? tree.aliases.get(node) : (node as Node | undefined)
}

/**
 * The value node of `key` in a mapping. A `<<` key is an ordinary key: GitHub Actions reads anchors and aliases
 * but not YAML merge keys, so a workflow that used one would never run.
 */
export function get(tree: Tree, map: unknown, key: string): Node | undefined {
  const m = deref(tree, map)
  if (!isMap(m)) return undefined
  for (const pair of m.items) {
    const k = deref(tree, pair.key)
    if (isScalar(k) && String(k.value) === key) return deref(tree, pair.value)
  }
  return undefined
}

/** Entries of a mapping as `[key, value node]`, aliases followed (the parser rejects repeated keys). */
export function entries(tree: Tree, map: unknown): Array<[string, Node]> {
  const m = deref(tree, map)
  if (!isMap(m)) return []
  const out: Array<[string, Node]> = []
  for (const pair of m.items) {
    const k = deref(tree, pair.key)
    const v = deref(tree, pair.value)
    if (isScalar(k) && v !== undefined) out.push([String(k.value), v])
  }
  return out
}

/** Items of a sequence (aliases followed); empty for anything else. */
export function items(tree: Tree, seq: unknown): Node[] {
  const s = deref(tree, seq)
  if (!isSeq(s)) return []
  return s.items.map((i) => deref(tree, i)).filter((i): i is Node => i !== undefined)
}

/** The text of a scalar node (numbers and booleans as written); undefined for collections. */
export function text(tree: Tree, node: unknown): string | undefined {
  const n = deref(tree, node)
  return isScalar(n) ? scalarText(n.value) : undefined
}

/**
 * A scalar's value as text. The parser gives strings, numbers, booleans (and, with YAML 1.1 tags, dates); `null`
 * and anything that is not a primitive are no text.
 */
function scalarText(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return undefined
}

/**
 * Every scalar under a node (the node itself, or the values of its maps and sequences at any depth), in document
 * order. Iterative, and each node is visited once: a deeply nested or aliased value costs no more than its size.
 */
export function scalarsUnder(tree: Tree, node: unknown): string[] {
  const out: string[] = []
  const seen = new Set<Node>()
  const stack: unknown[] = [node]
  while (stack.length > 0) {
    const n = deref(tree, stack.pop())
    if (n === undefined || seen.has(n)) continue
    seen.add(n)
    const value = text(tree, n)
    if (value !== undefined) out.push(value)
    else if (isMap(n)) stack.push(...n.items.map((p) => p.value).reverse())
    else if (isSeq(n)) stack.push(...[...n.items].reverse())
  }
  return out
}

/** 1-based line where a node starts. */
export function lineOf(tree: Tree, node: unknown): number {
  const n = deref(tree, node)
  const offset = n?.range?.[0] ?? 0
  return tree.lines.linePos(offset).line
}

/**
 * The lines of a scalar with their line numbers in the file. For block scalars (`|`, `>`) the lines are read
 * from the source after the header, so that line N of a script is line (header + N) of the file; other scalars
 * are one logical value starting on the node's line.
 */
export function scalarLines(tree: Tree, node: unknown): ScalarLine[] {
  const n = deref(tree, node)
  const value = isScalar(n) ? scalarText(n.value) : undefined
  if (!isScalar(n) || value === undefined) return []
  const start = lineOf(tree, n)
  if ((n.type === Scalar.BLOCK_LITERAL || n.type === Scalar.BLOCK_FOLDED) && n.range) {
    const raw = tree.source.slice(n.range[0], n.range[1]).split(/\r?\n/)
    const lines = raw.slice(1).map((t, i) => ({ text: t.trim(), line: start + 1 + i }))
    return n.type === Scalar.BLOCK_FOLDED ? fold(lines) : lines.filter((l) => l.text !== '')
  }
  return value
    .split(/\r?\n/)
    .map((t, i) => ({ text: t.trim(), line: start + i }))
    .filter((l) => l.text !== '')
}

/** Folded scalars (`>`) join adjacent lines into one; a blank line ends a logical line. */
function fold(lines: ScalarLine[]): ScalarLine[] {
  const out: ScalarLine[] = []
  let open = false
  for (const l of lines) {
    const last = out.at(-1)
    if (l.text === '') open = false
    else if (open && last) {
      last.breaks ??= []
      last.breaks.push({ at: last.text.length + 1, line: l.line })
      last.text += ` ${l.text}`
    } else {
      out.push({ ...l })
      open = true
    }
  }
  return out
}
