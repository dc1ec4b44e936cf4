/**
 * Reads a `run:` script one command at a time; `commands.ts` picks out what each command says about registries.
 *
 * This is deliberately a small tokenizer, not a shell: it understands quotes, comments, `\` line continuations
 * and the usual command separators, which is what registry commands in CI scripts use. Anything fancier
 * (heredocs, functions, loops) simply yields no events. Every word keeps the line it is written on, so that a
 * command continued over several lines is annotated on the line that names the registry.
 */
import { commandEvents, type ShellEvent, type Word } from './commands.js'
import type { LineBreak, ScalarLine } from './yaml-nodes.js'

/** Registry-related events of a whole script, in order. */
export function scriptEvents(lines: ScalarLine[]): ShellEvent[] {
  const events: ShellEvent[] = []
  for (const words of splitCommands(lines)) events.push(...commandEvents(words))
  return events
}

/** A logical line: physical lines joined by `\` continuations, with where each one starts. */
interface Logical {
  text: string
  breaks: LineBreak[]
}

/** Splits script lines into commands: joins `\` continuations, drops comments, splits on `;`, `&&`, `||`, `|`, `&`. */
function splitCommands(lines: ScalarLine[]): Word[][] {
  const commands: Word[][] = []
  let pending: Logical | undefined
  for (const line of lines) {
    const logical = pending ?? { text: '', breaks: [] }
    // Parts are appended, never copied: a script continued over thousands of lines stays linear.
    const continued = /\\\s*$/.test(line.text)
    append(logical, line, continued ? line.text.replace(/\\\s*$/, ' ') : line.text)
    if (continued) {
      pending = logical
      continue
    }
    commands.push(...tokenize(logical))
    pending = undefined
  }
  if (pending) commands.push(...tokenize(pending))
  return commands
}

function append(logical: Logical, line: ScalarLine, text: string): void {
  const at = logical.text.length
  logical.breaks.push({ at, line: line.line })
  for (const b of line.breaks ?? []) logical.breaks.push({ at: at + b.at, line: b.line })
  logical.text += text
}

function tokenize({ text, breaks }: Logical): Word[][] {
  const commands: Word[][] = []
  let words: Word[] = []
  let word: string | undefined
  let wordLine = 0
  let nextBreak = 0
  // Words start at increasing offsets, so their lines are found by walking the breaks once.
  const lineAt = (offset: number): number => {
    while (nextBreak + 1 < breaks.length && (breaks[nextBreak + 1]?.at ?? Infinity) <= offset) nextBreak++
    return breaks[nextBreak]?.line ?? 0
  }
  const startWord = (offset: number): string => {
    if (word === undefined) wordLine = lineAt(offset)
    return word ?? ''
  }
  const flushWord = (): void => {
    if (word !== undefined) words.push({ text: word, line: wordLine })
    word = undefined
  }
  const flushCommand = (): void => {
    flushWord()
    if (words.length > 0) commands.push(words)
    words = []
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i)
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1)
      const stop = end < 0 ? text.length : end
      word = startWord(i) + text.slice(i + 1, stop)
      i = stop
    } else if (c === '$' && text.startsWith('{{', i + 1)) {
      // A GitHub expression is substituted before the shell runs: keep `${{ … }}` one word, spaces and all.
      const end = text.indexOf('}}', i + 3)
      const stop = end < 0 ? text.length - 1 : end + 1
      word = startWord(i) + text.slice(i, stop + 1)
      i = stop
    } else if ((c === '$' && text[i + 1] === '(') || c === '`') {
      // Command substitution stays one word (left unknown later), even though it holds separators.
      const stop = substitutionEnd(text, i)
      word = startWord(i) + text.slice(i, stop + 1)
      i = stop
    } else if (c === '#' && word === undefined) {
      break
    } else if (/\s/.test(c)) {
      flushWord()
    } else if (';&|()'.includes(c)) {
      flushCommand()
    } else {
      word = startWord(i) + c
    }
  }
  flushCommand()
  return commands
}

/** Index of the character closing the `$(…)` or backtick substitution starting at `start`. */
function substitutionEnd(text: string, start: number): number {
  if (text[start] === '`') {
    const end = text.indexOf('`', start + 1)
    return end < 0 ? text.length - 1 : end
  }
  let depth = 0
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '(') depth++
    else if (text[i] === ')' && --depth === 0) return i
  }
  return text.length - 1
}
