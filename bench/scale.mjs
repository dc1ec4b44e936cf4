// Section 3: the list engine at the scale of GitHub's Actions ranges: in-process, where the engine is
// compiled with tsc (not bundled) so the grammar and the matcher can be timed on their own, and end to end in
// fresh CLI processes, where the cold JIT and the garbage of each entry show.
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { performance } from 'node:perf_hooks'
import { CLI, ROOT, OUT, build, ensureDir, median, prng, stats, timeRun } from './lib.mjs'

/** Where `compileEngine` writes the compiled sources. */
export const LIB = join(OUT, 'lib')
const ENGINE = join(LIB, 'src/engine')

/**
 * Compiles src/ (and whatever else tsconfig includes) into bench/out/lib. Other developers edit src/ and
 * __tests__/ meanwhile, so a type error somewhere is tolerated as long as the modules the bench needs were
 * emitted (tsc emits despite type errors); it is reported as odd.
 */
export function compileEngine() {
  const r = build('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit', 'false', '--outDir', LIB])
  const needed = [
    'allowlist/grammar.js',
    'allowlist/matcher.js',
    'evidence/egress/discover.js',
    'evidence/http/client.js'
  ]
  const missing = needed.filter((f) => !existsSync(join(ENGINE, f)))
  if (missing.length) throw new Error(`tsc did not produce ${missing.join(', ')}:\n${r.output ?? ''}`)
  // JSON data imported by the engine: tsc copies imported JSON with resolveJsonModule; make sure anyway.
  ensureDir(join(ENGINE, 'registry'))
  for (const f of readdirSync(join(ROOT, 'src/engine/registry'))) {
    if (f.endsWith('.json') && !existsSync(join(ENGINE, 'registry', f)))
      copyFileSync(join(ROOT, 'src/engine/registry', f), join(ENGINE, 'registry', f))
  }
  // The test suite's fakes (everything.mjs runs them) read the TEST-ONLY TLS material next to their sources.
  ensureDir(join(LIB, '__fixtures__/tls'))
  for (const f of readdirSync(join(ROOT, '__fixtures__/tls'))) {
    if (f.endsWith('.pem')) copyFileSync(join(ROOT, '__fixtures__/tls', f), join(LIB, '__fixtures__/tls', f))
  }
  // The emitted files are ESM: say so next to them rather than relying on the repository's package.json.
  writeFileSync(join(LIB, 'package.json'), '{ "type": "module" }\n')
  return {
    typeErrors: r.ok
      ? undefined
      : r.output
          .split('\n')
          .filter((l) => /error TS/.test(l))
          .slice(0, 5)
  }
}

/** The import URL of a compiled engine module, `rel` being its path under src/engine with a .js suffix. */
export function engineUrl(rel) {
  return pathToFileURL(join(ENGINE, rel)).href
}

const ip4 = (n) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.')
const hex = (n) => n.toString(16)

/**
 * A seeded 5,500-entry list shaped like GitHub's published ranges: mostly IPv4 CIDRs from /20 to /28, some
 * IPv6 CIDRs, and some ranges of both families (IBM's `a - b` form), comma separated as IAM stores it.
 * Returns the list text and `addressCount` addresses to look up: half inside some entry, half random.
 */
export function generate(seed = 20240501, addressCount = 1000) {
  const rnd = prng(seed)
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1))
  const g16 = () => int(0, 0xffff)
  const entries = []
  // One per entry: draws an address inside it.
  const inside = []
  for (let i = 0; i < 4700; i++) {
    const prefix = int(20, 28)
    const size = 2 ** (32 - prefix)
    const base = Math.floor((int(1, 223) * 2 ** 24 + int(0, 2 ** 24 - 1)) / size) * size
    entries.push(`${ip4(base)}/${prefix}`)
    inside.push(() => ip4(base + int(0, size - 1)))
  }
  for (let i = 0; i < 500; i++) {
    const prefix = [32, 48, 56, 64][int(0, 3)]
    const groups = [0x2000 + int(0, 0xfff), g16(), g16(), g16()]
    if (prefix <= 48) groups[3] = 0
    if (prefix === 32) groups[2] = 0
    if (prefix === 56) groups[3] &= 0xff00
    entries.push(`${groups.map(hex).join(':')}::/${prefix}`)
    inside.push(() => `${groups.map(hex).join(':')}::${hex(int(1, 0xffff))}`)
  }
  for (let i = 0; i < 150; i++) {
    const first = int(1, 223) * 2 ** 24 + int(0, 2 ** 24 - 3000)
    const last = first + int(1, 2000)
    entries.push(i % 2 ? `${ip4(first)} - ${ip4(last)}` : `${ip4(first)}-${ip4(last)}`)
    inside.push(() => ip4(int(first, last)))
  }
  for (let i = 0; i < 150; i++) {
    const net = [0x2000 + int(0, 0xfff), g16(), g16(), g16()].map(hex).join(':')
    const a = int(0, 0xfff0)
    const b = a + int(1, 15)
    entries.push(`${net}::${hex(a)} - ${net}::${hex(b)}`)
    inside.push(() => `${net}::${hex(int(a, b))}`)
  }
  // Shuffle so that families and kinds interleave as in a hand-kept list.
  for (let i = entries.length - 1; i > 0; i--) {
    const j = int(0, i)
    ;[entries[i], entries[j]] = [entries[j], entries[i]]
  }
  const insideCount = addressCount / 2
  const addresses = Array.from({ length: insideCount }, () => inside[int(0, inside.length - 1)]())
  while (addresses.length < addressCount * 0.9) addresses.push(ip4(int(1, 223) * 2 ** 24 + int(0, 2 ** 24 - 1)))
  while (addresses.length < addressCount)
    addresses.push(`${[0x2000 + int(0, 0xfff), g16(), g16(), g16()].map(hex).join(':')}::${hex(g16())}`)
  return { text: entries.join(','), count: entries.length, entries, addresses, insideCount }
}

/**
 * Times, in this process: parsing the list, then a matcher with 1,000 lookups, then another with 10,000 (the
 * hardening target's size). The first run meets a cold JIT; targets are judged on the median of the rest.
 * The parse is also timed in this thread's CPU time, which other load on the machine changes far less.
 */
export async function scale(runs, log) {
  const { parseAllowlist } = await import(engineUrl('allowlist/grammar.js'))
  const { buildMatcher } = await import(engineUrl('allowlist/matcher.js'))
  const { text, count, addresses, insideCount } = generate()
  const many = generate(20240501, 10_000).addresses
  const odd = []
  const t = { parse: [], parseCpu: [], evaluate: [], many: [] }
  const lookups = (list, subjects) => {
    const t0 = performance.now()
    const matcher = buildMatcher(list)
    let matched = 0
    for (const a of subjects) if (matcher.match(a) !== undefined) matched++
    return { ms: performance.now() - t0, matched }
  }
  let parsed
  let matched = 0
  const cpuMs = () => {
    const u = process.threadCpuUsage ? process.threadCpuUsage() : process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  for (let i = 0; i <= runs; i++) {
    const [t0, c0] = [performance.now(), cpuMs()]
    parsed = parseAllowlist(text)
    t.parse.push(performance.now() - t0)
    t.parseCpu.push(cpuMs() - c0)
    const few = lookups(parsed, addresses)
    t.evaluate.push(few.ms)
    matched = few.matched
    t.many.push(lookups(parsed, many).ms)
  }
  if (parsed.entries.length !== count || parsed.errors.length) {
    odd.push(
      `parsed ${parsed.entries.length}/${count} entries, ${parsed.errors.length} errors (first: ${parsed.errors[0]?.raw} → ${parsed.errors[0]?.reason})`
    )
  }
  // Every "inside" address was drawn from some entry, so each must match.
  const insideMatched = lookups(parsed, addresses.slice(0, insideCount)).matched
  if (insideMatched !== insideCount)
    odd.push(`only ${insideMatched}/${insideCount} addresses drawn from entries matched`)
  const manyInside = lookups(parsed, many.slice(0, many.length / 2)).matched
  if (manyInside !== many.length / 2)
    odd.push(`only ${manyInside}/${many.length / 2} of the 10,000 addresses drawn from entries matched`)
  // The action parses each list once, cold: say so when that first run is far over the budget.
  if (t.parse[0] >= 25)
    odd.push(`first (cold JIT) parse took ${t.parse[0].toFixed(1)} ms; the target is judged on the median`)
  if (t.evaluate[0] >= 50)
    odd.push(`first (cold JIT) evaluation took ${t.evaluate[0].toFixed(1)} ms; the target is judged on the median`)
  const summarise = (xs) => ({ first: Math.round(xs[0] * 100) / 100, ...stats(xs.slice(1)), medianAll: median(xs) })
  const res = {
    entries: count,
    addresses: addresses.length,
    manyAddresses: many.length,
    matched,
    parse: summarise(t.parse),
    parseCpu: summarise(t.parseCpu),
    evaluate: summarise(t.evaluate),
    many: summarise(t.many),
    odd
  }
  log(
    `scale: parse median ${res.parse.median} ms (first ${res.parse.first}), matcher + 1,000 lookups ${res.evaluate.median} ms, ` +
      `matcher + 10,000 lookups ${res.many.median} ms (first ${res.many.first})`
  )
  return res
}

// Loaded with --import into a CLI run: reports the main thread's CPU time at exit (GC and compiler threads
// excluded), which other load on the machine changes far less than wall time.
const CPU_HOOK = `process.on('exit', () => {
  const u = process.threadCpuUsage ? process.threadCpuUsage() : process.cpuUsage()
  process.stderr.write('\\ncpu-ms=' + (u.user + u.system) / 1000 + '\\n')
})
`

/**
 * The list's cost in a fresh CLI process, as a user meets it: `dist/cli/index.js` with the 5,500-entry list
 * against the same command with a 1-entry list (the list's first entry), interleaved so drift of the machine
 * hits both alike, after one untimed round. Neither list allows the address, so both runs report and print a
 * fix line with the list; the difference is what the list's size costs (read, parse, match, report). The
 * target is judged on wall time; a second series reports the main thread's CPU time, for busy machines.
 */
export async function freshCli(runs, log) {
  const dir = ensureDir(join(OUT, 'tmp/cli'))
  const { text, entries } = generate()
  const files = { one: join(dir, 'one.txt'), big: join(dir, 'big.txt') }
  writeFileSync(files.one, entries[0])
  writeFileSync(files.big, text)
  const hook = join(dir, 'cpu-hook.mjs')
  writeFileSync(hook, CPU_HOOK)
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir }
  const args = (file) => [CLI, '--egress-ip', '203.0.113.77', '--allowlist-file', file, '--fail-on', 'never']
  const wall = { one: [], big: [] }
  const cpu = { one: [], big: [] }
  const odd = []
  const once = async (name, withHook) => {
    const r = await timeRun([...(withHook ? ['--import', pathToFileURL(hook).href] : []), ...args(files[name])], {
      env,
      cwd: dir
    })
    if (r.code !== 0 || !r.stdout.includes('203.0.113.77')) {
      odd.push(`CLI run (${name}) exited ${r.code}: ${r.stderr.slice(0, 300)}`)
    }
    return withHook ? Number(/cpu-ms=([\d.]+)/.exec(r.stderr)?.[1]) : r.ms
  }
  for (const [series, withHook] of [
    [wall, false],
    [cpu, true]
  ]) {
    for (let round = -1; round < runs; round++) {
      for (const name of round % 2 ? ['one', 'big'] : ['big', 'one']) {
        const x = await once(name, withHook)
        if (round >= 0) series[name].push(x)
      }
    }
  }
  const extra = median(wall.big) - median(wall.one)
  const extraCpu = median(cpu.big) - median(cpu.one)
  log(
    `fresh CLI: 1 entry ${median(wall.one).toFixed(1)} ms, 5,500 entries ${median(wall.big).toFixed(1)} ms: ` +
      `+${extra.toFixed(1)} ms (main-thread CPU +${extraCpu.toFixed(1)} ms)`
  )
  return {
    raw: wall,
    rawCpu: cpu,
    one: stats(wall.one),
    big: stats(wall.big),
    extraMs: Math.round(extra * 10) / 10,
    extraCpuMs: Math.round(extraCpu * 10) / 10,
    odd: [...new Set(odd)]
  }
}
