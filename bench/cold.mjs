// Sections 1, 2 and 5: the bundled action started as the runner starts it (child processes, Node 24).
import { writeFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { OUT, DIST, build, ensureDir, median, readOutputs, runnerEnv, startFakes, stats, timeRun } from './lib.mjs'

const FLOOR = join(OUT, 'floor')

// The toolkit's floor: what any action built on @actions/core + @actions/http-client pays before doing
// anything. HttpClient is constructed so that its module graph is really loaded and kept by the bundler.
const FLOOR_SRC = `import * as core from '@actions/core'
import { HttpClient } from '@actions/http-client'

const client = new HttpClient('x')
core.info(\`floor: \${typeof client.get}\`)
`

/** Writes and bundles the floor the way the action is bundled (ncc, ESM, es2022). */
export function buildFloor() {
  rmSync(FLOOR, { recursive: true, force: true })
  ensureDir(join(FLOOR, 'src'))
  writeFileSync(join(FLOOR, 'package.json'), '{ "type": "module" }\n')
  writeFileSync(join(FLOOR, 'src/index.js'), FLOOR_SRC)
  const r = build('npx', ['ncc', 'build', join(FLOOR, 'src/index.js'), '-o', join(FLOOR, 'dist'), '--target', 'es2022'])
  if (!r.ok) throw new Error(`ncc build of the floor failed:\n${r.output}`)
  // dist/ needs its own "type": "module" like the action's dist/ (ncc writes one for ESM; make sure).
  writeFileSync(join(FLOOR, 'dist/package.json'), '{ "type": "module" }\n')
  return join(FLOOR, 'dist/index.js')
}

const OFFLINE_INPUTS = { 'egress-ip': '203.0.113.77', allowlist: '203.0.113.0/24' }

/**
 * Cold start: bare node, the floor and the action, interleaved so that drift of the machine (other load,
 * CPU frequency) hits all three alike. The order rotates each round so no one is always first after a pause.
 * One untimed round first fills the page cache (a runner has just downloaded the action, so it is warm).
 */
export async function coldStart(floorJs, runs, log) {
  const subjects = {
    bare: () => ({ args: ['-e', '0'], ...runnerEnv() }),
    floor: () => ({ args: [floorJs], ...runnerEnv() }),
    preflight: () => ({ args: [DIST], ...runnerEnv(OFFLINE_INPUTS) })
  }
  const names = Object.keys(subjects)
  const times = { bare: [], floor: [], preflight: [] }
  const odd = []
  for (let round = -1; round < runs; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + Math.max(round, 0)) % names.length]
      const { args, env, dir } = subjects[name]()
      const r = await timeRun(args, { env, cwd: dir })
      if (r.code !== 0)
        odd.push(`${name} exited ${r.code}${r.signal ? ` (${r.signal})` : ''}: ${r.stderr.slice(0, 300)}`)
      if (name === 'preflight') {
        const result = readOutputs(env.GITHUB_OUTPUT).result
        if (result !== 'pass') odd.push(`cold-start preflight run gave result=${result}`)
      }
      if (round >= 0) times[name].push(r.ms)
    }
  }
  const med = Object.fromEntries(names.map((n) => [n, median(times[n])]))
  log(
    `cold start medians: bare ${med.bare.toFixed(1)} ms, floor ${med.floor.toFixed(1)} ms, preflight ${med.preflight.toFixed(1)} ms`
  )
  return {
    raw: times,
    bare: stats(times.bare),
    floor: stats(times.floor),
    preflight: stats(times.preflight),
    ratioPreflightFloor: med.preflight / med.floor,
    ratioFloorBare: med.floor / med.bare,
    odd: [...new Set(odd)]
  }
}

/**
 * Time to verdict with discovery: four loopback sources answering after 50, 100 and 150 ms and one never.
 * Then every source hanging with timeout-seconds 2. Runs are sequential: concurrent child processes
 * would compete for the CPUs and inflate the very start-up time being measured.
 */
export async function timeToVerdict(runs, hangRuns, log) {
  const odd = []
  const fakes = await startFakes([50, 100, 150, 'hang'])
  let verdict
  try {
    const inputs = { 'ip-echo-urls': fakes.urls.join('\n'), 'ip-version': '4', allowlist: '203.0.113.0/24' }
    const times = []
    for (let i = -1; i < runs; i++) {
      const { env, dir } = runnerEnv(inputs)
      const r = await timeRun([DIST], { env, cwd: dir })
      const out = readOutputs(env.GITHUB_OUTPUT)
      if (r.code !== 0 || out.result !== 'pass' || out['egress-ips'] !== '203.0.113.77') {
        odd.push(
          `verdict run: exit ${r.code}, result=${out.result}, egress-ips=${out['egress-ips']} ${r.stderr.slice(0, 200)}`
        )
      }
      if (i >= 0) times.push(r.ms)
    }
    verdict = { raw: times, ...stats(times) }
    log(`time to verdict median ${verdict.median} ms`)
    // The same with the default ip-version (any): after IPv4 agrees, discovery gives IPv6 a short grace.
    const anyTimes = []
    for (let i = 0; i < Math.min(runs, 10); i++) {
      const { env, dir } = runnerEnv({ ...inputs, 'ip-version': 'any' })
      anyTimes.push((await timeRun([DIST], { env, cwd: dir })).ms)
    }
    verdict.any = { raw: anyTimes, ...stats(anyTimes) }
    log(`time to verdict, ip-version any, median ${verdict.any.median} ms`)
  } finally {
    await fakes.stop()
  }

  const hangFakes = await startFakes(['hang', 'hang', 'hang', 'hang'])
  let hanging
  try {
    const inputs = {
      'ip-echo-urls': hangFakes.urls.join('\n'),
      'ip-version': '4',
      allowlist: '203.0.113.0/24',
      'timeout-seconds': '2'
    }
    const times = []
    const results = []
    for (let i = 0; i < hangRuns; i++) {
      const { env, dir } = runnerEnv(inputs)
      const r = await timeRun([DIST], { env, cwd: dir, killAfterMs: 15_000 })
      const out = readOutputs(env.GITHUB_OUTPUT)
      results.push({ ms: Math.round(r.ms), code: r.code, result: out.result, killed: r.killed })
      if (r.killed) odd.push(`all-hanging run did not end by itself within 15 s (killed)`)
      times.push(r.ms)
    }
    hanging = { raw: times, runs: results, ...stats(times), allWithin3s: times.every((t) => t <= 3000) }
    log(`all sources hanging (timeout-seconds 2): ${times.map((t) => Math.round(t)).join(', ')} ms`)
  } finally {
    await hangFakes.stop()
  }
  return { verdict, hanging, odd: [...new Set(odd)] }
}

/** The wrapper that reports a process's peak resident set (process.resourceUsage().maxRSS is in KiB). */
function rssWrapper(file) {
  return `process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'));await import(${JSON.stringify(pathToFileURL(file).href)})`
}

async function peakRss(file, inputs) {
  const { env, dir } = runnerEnv(inputs)
  const r = await timeRun(['--input-type=module', '-e', rssWrapper(file)], { env, cwd: dir })
  const m = /maxrss=(\d+)/.exec(r.stderr)
  return { kib: m ? Number(m[1]) : NaN, code: r.code, result: readOutputs(env.GITHUB_OUTPUT).result }
}

/** Memory peak of one run: median of 5, which smooths allocator noise; floor and bare node alongside. */
export async function memory(floorJs, log) {
  const fakes = await startFakes([50, 100, 150, 'hang'])
  try {
    const take = async (file, inputs) => {
      const rs = []
      for (let i = 0; i < 5; i++) rs.push(await peakRss(file, inputs))
      return { kib: median(rs.map((r) => r.kib)), codes: [...new Set(rs.map((r) => r.code))], result: rs[0].result }
    }
    const bareFile = join(OUT, 'tmp/empty.mjs')
    writeFileSync(bareFile, '')
    const res = {
      bare: await take(bareFile, {}),
      floor: await take(floorJs, {}),
      offline: await take(DIST, OFFLINE_INPUTS),
      discovery: await take(DIST, {
        'ip-echo-urls': fakes.urls.join('\n'),
        'ip-version': '4',
        allowlist: '203.0.113.0/24'
      })
    }
    log(
      `peak RSS (MiB): ${Object.entries(res)
        .map(([k, v]) => `${k} ${(v.kib / 1024).toFixed(1)}`)
        .join(', ')}`
    )
    return res
  } finally {
    await fakes.stop()
  }
}
