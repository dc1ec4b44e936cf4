/**
 * Reads a `run:` script one command at a time and picks out the commands that talk to a registry.
 *
 * This is deliberately a small tokenizer, not a shell: it understands quotes, comments, `\` line continuations
 * and the usual command separators, which is what registry commands in CI scripts use. Anything fancier
 * (heredocs, functions, loops) simply yields no events.
 */
import type { ScalarLine } from './yaml-nodes.js'

/** What a command says about registries. Words are raw (quotes removed, variables not yet substituted). */
type ShellEvent =
  | { kind: 'image'; word: string; line: number; reportUnknown: boolean } // an image (push, pull, tag, build -t)
  | { kind: 'registry'; word: string; line: number } // a registry host (docker login SERVER)
  | { kind: 'cr-login'; line: number }
  | { kind: 'region-set'; word: string; line: number }
  | { kind: 'cr-build'; line: number }
  | { kind: 'assign'; name: string; word: string; line: number }

interface Command {
  words: string[]
  line: number
}

/** Splits script lines into commands: joins `\` continuations, drops comments, splits on `;`, `&&`, `||`, `|`, `&`. */
function splitCommands(lines: ScalarLine[]): Command[] {
  const commands: Command[] = []
  let pending = ''
  let pendingLine = 0
  for (const { text, line } of lines) {
    if (pending === '') pendingLine = line
    if (/\\\s*$/.test(text)) {
      pending += text.replace(/\\\s*$/, ' ')
      continue
    }
    commands.push(...tokenize(pending + text, pendingLine))
    pending = ''
  }
  if (pending !== '') commands.push(...tokenize(pending, pendingLine))
  return commands
}

function tokenize(text: string, line: number): Command[] {
  const commands: Command[] = []
  let words: string[] = []
  let word: string | undefined
  const flushWord = (): void => {
    if (word !== undefined) words.push(word)
    word = undefined
  }
  const flushCommand = (): void => {
    flushWord()
    if (words.length > 0) commands.push({ words, line })
    words = []
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i)
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1)
      const stop = end < 0 ? text.length : end
      word = (word ?? '') + text.slice(i + 1, stop)
      i = stop
    } else if (c === '$' && text.startsWith('{{', i + 1)) {
      // A GitHub expression is substituted before the shell runs: keep `${{ … }}` one word, spaces and all.
      const end = text.indexOf('}}', i + 3)
      const stop = end < 0 ? text.length - 1 : end + 1
      word = (word ?? '') + text.slice(i, stop + 1)
      i = stop
    } else if ((c === '$' && text[i + 1] === '(') || c === '`') {
      // Command substitution stays one word (left unknown later), even though it holds separators.
      const stop = substitutionEnd(text, i)
      word = (word ?? '') + text.slice(i, stop + 1)
      i = stop
    } else if (c === '#' && word === undefined) {
      break
    } else if (/\s/.test(c)) {
      flushWord()
    } else if (';&|()'.includes(c)) {
      flushCommand()
    } else {
      word = (word ?? '') + c
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

const ASSIGNMENT = /^([A-Za-z_]\w*)=(.*)$/s
const DOCKER_GLOBAL_WITH_VALUE = new Set(['--config', '-c', '--context', '-H', '--host', '-l', '--log-level'])
const WITH_VALUE = new Set(['--platform', '-u', '--username', '-p', '--password'])

/** Registry-related events of a whole script, in order. */
export function scriptEvents(lines: ScalarLine[]): ShellEvent[] {
  const events: ShellEvent[] = []
  for (const { words, line } of splitCommands(lines)) events.push(...commandEvents(words, line))
  return events
}

function commandEvents(all: string[], line: number): ShellEvent[] {
  let words = all[0] === 'export' || all[0] === 'sudo' ? all.slice(1) : all
  const assignments: ShellEvent[] = []
  for (let m = ASSIGNMENT.exec(words[0] ?? ''); m !== null; m = ASSIGNMENT.exec(words[0] ?? '')) {
    const [, name = '', word = ''] = m
    assignments.push({ kind: 'assign', name, word, line })
    words = words.slice(1)
  }
  // `A=b cmd` sets A for cmd only; `A=b` alone (or `export A=b`) sets it for the rest of the script.
  const [tool, ...args] = words
  if (tool === undefined) return assignments
  if (tool === 'docker' || tool === 'podman') return dockerEvents(args, line)
  if (tool === 'ibmcloud' || tool === 'ic') return ibmcloudEvents(args, line)
  return []
}

function dockerEvents(args: string[], line: number): ShellEvent[] {
  let i = 0
  for (let a = args[0]; a?.startsWith('-'); a = args[i]) i += DOCKER_GLOBAL_WITH_VALUE.has(a) ? 2 : 1
  let [sub, ...rest] = args.slice(i)
  if ((sub === 'image' || sub === 'buildx') && rest.length > 0) [sub, ...rest] = rest
  const positionals = positional(rest)
  switch (sub) {
    case 'push':
    case 'pull':
      return positionals.slice(0, 1).map((word) => ({ kind: 'image', word, line, reportUnknown: true }))
    case 'tag':
      // The source of `docker tag` is usually a local name: only the target is worth a "not resolvable" note.
      return positionals.slice(0, 2).map((word, n) => ({ kind: 'image', word, line, reportUnknown: n === 1 }))
    case 'login':
      return positionals.slice(0, 1).map((word) => ({ kind: 'registry', word, line }))
    case 'build':
      return buildTags(rest).map((word) => ({ kind: 'image', word, line, reportUnknown: false }))
    default:
      return []
  }
}

/** Positional arguments, skipping options (and the values of the options that take one). */
function positional(args: string[]): string[] {
  const out: string[] = []
  const rest = args[Symbol.iterator]()
  for (const a of rest) {
    if (a === '--') return out.concat([...rest])
    if (!a.startsWith('-')) out.push(a)
    else if (WITH_VALUE.has(a)) rest.next()
  }
  return out
}

/** `-t X`, `--tag X`, `--tag=X`, `-tX` of `docker build` / `docker buildx build`. */
function buildTags(args: string[]): string[] {
  const tags: string[] = []
  const rest = args[Symbol.iterator]()
  for (const a of rest) {
    if (a === '-t' || a === '--tag') {
      const value = rest.next()
      if (!value.done) tags.push(value.value)
    } else if (a.startsWith('--tag=')) tags.push(a.slice(6))
    else if (a.startsWith('-t') && a.length > 2 && !a.startsWith('--')) tags.push(a.slice(2))
  }
  return tags
}

function ibmcloudEvents(args: string[], line: number): ShellEvent[] {
  if (args[0] !== 'cr') return []
  const sub = args[1]
  if (sub === 'login') return [{ kind: 'cr-login', line }]
  if (sub === 'region-set') {
    const [word] = positional(args.slice(2))
    return word === undefined ? [] : [{ kind: 'region-set', word, line }]
  }
  if (sub === 'build' || sub === 'image-build') return [{ kind: 'cr-build', line }]
  return []
}
