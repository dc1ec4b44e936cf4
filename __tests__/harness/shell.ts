/**
 * Pastes a fix's command into bash the way a user would, with `ibmcloud` (and any other program named)
 * replaced by a stub that prints its arguments, so a test sees the exact argv the shell built. A canary
 * directory is the working directory and HOME: anything that expanded and ran (`$(touch x)`) leaves a file.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** One stubbed program call: its name and arguments, as bash passed them. */
export interface Call {
  program: string
  args: string[]
}

/** What bash did with a pasted command. */
export interface Pasted {
  calls: Call[]
  /** Files that appeared in the canary directory: any is an expansion that ran. */
  created: string[]
  code: number | null
  stderr: string
}

/**
 * Runs `command` in `bash -c` with each of `stubs` defined as a function printing its name and arguments
 * NUL-separated (arguments may hold newlines). `prelude` defines further functions (a stub that answers).
 */
export function paste(command: string, stubs: readonly string[] = ['ibmcloud'], prelude = ''): Pasted {
  const dir = mkdtempSync(join(tmpdir(), 'paste-'))
  const fns = stubs.map((s) => `${s}() { printf '%s\\0' '<call>' ${s} "$@"; }`).join('\n')
  const r = spawnSync('bash', ['-c', `${fns}\n${prelude}\n${command}`], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, CANARY: dir },
    encoding: 'utf8'
  })
  const created = readdirSync(dir)
  rmSync(dir, { recursive: true, force: true })
  const calls: Call[] = []
  for (const word of r.stdout.split('\0').slice(0, -1)) {
    if (word === '<call>') calls.push({ program: '', args: [] })
    else {
      const call = calls[calls.length - 1]
      if (call?.program === '') call.program = word
      else call?.args.push(word)
    }
  }
  return { calls, created, code: r.status, stderr: r.stderr }
}

/**
 * The argv a command means when read literally: plain words, single-quoted parts (with `'\''` for a quote)
 * and `&&` between calls. Anything else the shell would interpret (`$`, backticks, `"`, `(`, `;`, a glob)
 * outside single quotes throws: a fix must never leave it unquoted.
 */
export function literalCalls(command: string): Call[] {
  const calls: Call[] = []
  let words: string[] = []
  let word: string | undefined
  const end = (): void => {
    if (word !== undefined) words.push(word)
    word = undefined
  }
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!
    if (ch === "'") {
      const close = command.indexOf("'", i + 1)
      if (close < 0) throw new Error(`unclosed quote in: ${command}`)
      word = (word ?? '') + command.slice(i + 1, close)
      i = close
    } else if (ch === '\\' && command[i + 1] === "'") {
      word = (word ?? '') + "'"
      i++
    } else if (ch === ' ') end()
    else if (ch === '&' && command[i + 1] === '&' && word === undefined) {
      calls.push({ program: words[0] ?? '', args: words.slice(1) })
      words = []
      i++
    } else if (/[A-Za-z0-9_.,:/@%+=-]/.test(ch)) word = (word ?? '') + ch
    else throw new Error(`unquoted ${JSON.stringify(ch)} in: ${command}`)
  }
  end()
  calls.push({ program: words[0] ?? '', args: words.slice(1) })
  return calls
}

/** Throws unless bash runs `command` as exactly the calls its literal reading says, expanding nothing. */
export function assertPastesLiterally(command: string): void {
  const want = literalCalls(command)
  const got = paste(command, [...new Set(want.map((c) => c.program))])
  const same = JSON.stringify(got.calls) === JSON.stringify(want)
  if (!same || got.created.length > 0 || got.code !== 0) {
    throw new Error(
      `pasting ${JSON.stringify(command)} ran ${JSON.stringify(got.calls)} (want ${JSON.stringify(want)}), ` +
        `created ${JSON.stringify(got.created)}, exit ${String(got.code)}: ${got.stderr}`
    )
  }
}
