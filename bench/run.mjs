// `npm run bench`: the performance figures (cold start, time to verdict, the list engine at scale, egress
// discovery against the usual alternative, memory). Prints a Markdown table for the README and writes
// bench/out/results.json. Exits non-zero only when the bench itself crashes; a missed target is printed as
// MISSED. Needs `npm run build` first: it runs the bundles in dist/.
//
// Knobs: BENCH_RUNS (cold start and time to verdict, default 30), BENCH_ALT_RUNS (per scenario and side,
// default 50), BENCH_ALT_BATCH (concurrent runs, default 10), BENCH_HANG_RUNS (default 5),
// BENCH_SCALE_RUNS (default 20), BENCH_CLI_RUNS (fresh CLI runs per list, default 21), BENCH_WHOLE_RUNS
// (warm runs of the 10,000 × 5,500 whole verdict after the cold one, default 10),
// BENCH_KEEP=1 (keep the compiled engine and the floor in bench/out).
import { spawnSync } from 'node:child_process'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CLI, DIST, NODE24, OUT, ROOT, ensureDir, envInt } from './lib.mjs'

// The action runs on Node 24 (`runs.using: node24`), but `npm run bench` starts whatever `node` is on PATH.
// The in-process parts (scale, discovery) must be timed on the runtime the action uses, so re-run this
// script with the Node 24 binary when needed.
if (Number(process.versions.node.split('.')[0]) < 24 && NODE24 !== process.execPath && !process.env.BENCH_REEXECUTED) {
  const r = spawnSync(NODE24, [fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_REEXECUTED: '1' }
  })
  process.exit(r.status ?? 1)
}

const { buildFloor, coldStart, timeToVerdict, memory } = await import('./cold.mjs')
const { compileEngine, freshCli, scale } = await import('./scale.mjs')
const { alternatives, CUTOFF_MS } = await import('./alt.mjs')
const { everythingOn } = await import('./everything.mjs')
const { wholeVerdict } = await import('./whole.mjs')
const { renderTable } = await import('./table.mjs')

// The fakes are loopback and must be reached directly; the bench's clients read these.
for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'NO_PROXY', 'no_proxy'])
  delete process.env[k]

const cfg = {
  runs: envInt('BENCH_RUNS', 30),
  altRuns: envInt('BENCH_ALT_RUNS', 50),
  altBatch: envInt('BENCH_ALT_BATCH', 10),
  hangRuns: envInt('BENCH_HANG_RUNS', 5),
  scaleRuns: envInt('BENCH_SCALE_RUNS', 20),
  cliRuns: envInt('BENCH_CLI_RUNS', 21),
  wholeRuns: envInt('BENCH_WHOLE_RUNS', 10)
}
const started = Date.now()
const log = (s) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}\n`)

ensureDir(OUT)
rmSync(join(OUT, 'tmp'), { recursive: true, force: true })
ensureDir(join(OUT, 'tmp'))

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
  config: { ...cfg, altCutoffMs: CUTOFF_MS },
  // Other work on the machine inflates absolute wall times (the ratios, measured interleaved, less so).
  loadAverage: { start: loadavg()[0] },
  errors: {}
}
const odd = []

/** Runs one section; a crash is recorded, the other sections still run, and the exit code says so. */
async function section(name, fn) {
  try {
    return await fn()
  } catch (e) {
    results.errors[name] = e instanceof Error ? (e.stack ?? e.message) : String(e)
    log(`${name} CRASHED: ${e instanceof Error ? e.message : e}`)
    return undefined
  }
}

if (!existsSync(DIST) || !existsSync(CLI)) {
  log('dist/index.js or dist/cli/index.js is missing: run `npm run build` first')
  process.exit(1)
}

log(
  `Node ${process.version}, ${results.cpu}; runs ${cfg.runs}, alternative runs ${cfg.altRuns} in batches of ${cfg.altBatch}`
)
log('bundling the toolkit floor (ncc) and compiling the engine (tsc)…')
const floorJs = await section('floor build', () => buildFloor())
const compiled = await section('engine compile', () => compileEngine())
if (compiled?.typeErrors) odd.push(`tsc reported type errors (files still emitted): ${compiled.typeErrors.join(' | ')}`)

if (floorJs) {
  log(`cold start: ${cfg.runs} interleaved runs each of bare node, floor, preflight…`)
  results.coldStart = await section('cold start', () => coldStart(floorJs, cfg.runs, log))
}
log(`time to verdict: ${cfg.runs} runs with loopback echo sources, then ${cfg.hangRuns} with every source hanging…`)
results.timeToVerdict = await section('time to verdict', () => timeToVerdict(cfg.runs, cfg.hangRuns, log))
if (compiled) {
  log(`time to verdict with everything on: ${cfg.runs} runs, every loopback service answering after 50 ms…`)
  results.everythingOn = await section('everything on', () => everythingOn(cfg.runs, log))
  log('scale: 5,500-entry list, 1,000 and 10,000 addresses…')
  results.scale = await section('scale', () => scale(cfg.scaleRuns, log))
  log(`whole verdict: 10,000 addresses × 5,500 entries, ${cfg.wholeRuns} runs after a cold one…`)
  results.wholeVerdict = await section('whole verdict', () => wholeVerdict(cfg.wholeRuns, log))
  log(`against the alternative: 3 scenarios × ${cfg.altRuns} runs per side…`)
  results.alternatives = await section('alternatives', () => alternatives(cfg.altRuns, cfg.altBatch, log))
}
log(`fresh CLI: ${cfg.cliRuns} interleaved runs each with a 1-entry and a 5,500-entry list…`)
results.freshCli = await section('fresh CLI', () => freshCli(cfg.cliRuns, log))
if (floorJs) {
  log('memory peak…')
  results.memory = await section('memory', () => memory(floorJs, log))
}

for (const s of [
  results.coldStart,
  results.timeToVerdict,
  results.everythingOn,
  results.scale,
  results.wholeVerdict,
  results.freshCli
])
  odd.push(...(s?.odd ?? []))
results.loadAverage.end = loadavg()[0]
const cores = cpus().length
if (Math.max(results.loadAverage.start, results.loadAverage.end) > cores * 0.75) {
  odd.push(
    `the machine was busy (1-min load average ${results.loadAverage.start.toFixed(1)} at start, ${results.loadAverage.end.toFixed(1)} at end, ${cores} CPUs): absolute times are inflated`
  )
}
results.odd = odd
results.elapsedSeconds = Math.round((Date.now() - started) / 1000)
rmSync(join(OUT, 'tmp'), { recursive: true, force: true })
// The build intermediates go too (BENCH_KEEP=1 keeps them): `eslint .` does not read .gitignore and its
// config ignores only dist/ and lib/, so a compiled copy of the sources left here would fail `npm run lint`.
if (!process.env.BENCH_KEEP) for (const d of ['lib', 'floor']) rmSync(join(OUT, d), { recursive: true, force: true })
writeFileSync(join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)

const { table, missed } = renderTable(results)
process.stdout.write(`\n${table}\n`)
if (odd.length) process.stdout.write(`\nOdd:\n${odd.map((o) => `- ${o}`).join('\n')}\n`)
const crashed = Object.keys(results.errors)
process.stdout.write(
  `\n${missed.length ? `MISSED targets: ${missed.join('; ')}` : 'All targets met.'} ` +
    `Bench took ${results.elapsedSeconds} s; raw figures in ${join(OUT, 'results.json').replace(ROOT, '')}.\n`
)
if (crashed.length) {
  process.stdout.write(`CRASHED sections: ${crashed.join(', ')} (see results.json "errors")\n`)
  process.exit(1)
}
