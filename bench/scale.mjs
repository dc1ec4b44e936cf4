// Section 3: the list engine at the scale of GitHub's Actions ranges, in-process. The engine is compiled
// with tsc (not bundled) so the grammar and the matcher can be imported and timed on their own.
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { performance } from 'node:perf_hooks'
import { ROOT, OUT, build, ensureDir, median, prng, stats } from './lib.mjs'

export const LIB = join(OUT, 'lib')
const ENGINE = join(LIB, 'src/engine')

/**
 * Compiles src/ (and whatever else tsconfig includes) into bench/out/lib. Other developers edit src/ and
 * __tests__/ meanwhile, so a type error somewhere is tolerated as long as the modules the bench needs were
 * emitted (tsc emits despite type errors); it is reported as odd.
 */
export function compileEngine() {
  const r = build('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit', 'false', '--outDir', LIB])
  const needed = ['allowlist/grammar.js', 'allowlist/matcher.js', 'evidence/egress/discover.js', 'evidence/http/client.js']
  const missing = needed.filter((f) => !existsSync(join(ENGINE, f)))
  if (missing.length) throw new Error(`tsc did not produce ${missing.join(', ')}:\n${r.output ?? ''}`)
  // JSON data imported by the engine: tsc copies imported JSON with resolveJsonModule; make sure anyway.
  ensureDir(join(ENGINE, 'registry'))
  for (const f of readdirSync(join(ROOT, 'src/engine/registry'))) {
    if (f.endsWith('.json') && !existsSync(join(ENGINE, 'registry', f))) copyFileSync(join(ROOT, 'src/engine/registry', f), join(ENGINE, 'registry', f))
  }
  // The emitted files are ESM: say so next to them rather than relying on the repository's package.json.
  writeFileSync(join(LIB, 'package.json'), '{ "type": "module" }\n')
  return { typeErrors: r.ok ? undefined : r.output.split('\n').filter((l) => /error TS/.test(l)).slice(0, 5) }
}

export function engineUrl(rel) {
  return pathToFileURL(join(ENGINE, rel)).href
}

const ip4 = (n) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.')
const hex = (n) => n.toString(16)

/**
 * A seeded 5,500-entry list shaped like GitHub's published ranges: mostly IPv4 CIDRs from /20 to /28, some
 * IPv6 CIDRs, and some ranges of both families (IBM's `a - b` form), comma separated as IAM stores it.
 * Returns the list text and 1,000 addresses to look up: half inside some entry, half random.
 */
export function generate(seed = 20240501) {
  const rnd = prng(seed)
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1))
  const g16 = () => int(0, 0xffff)
  const entries = []
  const inside = []
  for (let i = 0; i < 4700; i++) {
    const prefix = int(20, 28)
    const size = 2 ** (32 - prefix)
    const base = Math.floor((int(1, 223) * 2 ** 24 + int(0, 2 ** 24 - 1)) / size) * size
    entries.push(`${ip4(base)}/${prefix}`)
    if (i % 10 === 0) inside.push(ip4(base + int(0, size - 1)))
  }
  for (let i = 0; i < 500; i++) {
    const prefix = [32, 48, 56, 64][int(0, 3)]
    const groups = [0x2000 + int(0, 0xfff), g16(), g16(), g16()]
    if (prefix <= 48) groups[3] = 0
    if (prefix === 32) groups[2] = 0
    if (prefix === 56) groups[3] &= 0xff00
    entries.push(`${groups.map(hex).join(':')}::/${prefix}`)
    if (i % 10 === 0) inside.push(`${groups.map(hex).join(':')}::${hex(int(1, 0xffff))}`)
  }
  for (let i = 0; i < 150; i++) {
    const first = int(1, 223) * 2 ** 24 + int(0, 2 ** 24 - 3000)
    const last = first + int(1, 2000)
    entries.push(i % 2 ? `${ip4(first)} - ${ip4(last)}` : `${ip4(first)}-${ip4(last)}`)
    if (i % 3 === 0) inside.push(ip4(int(first, last)))
  }
  for (let i = 0; i < 150; i++) {
    const net = [0x2000 + int(0, 0xfff), g16(), g16(), g16()].map(hex).join(':')
    const a = int(0, 0xfff0)
    const b = a + int(1, 15)
    entries.push(`${net}::${hex(a)} - ${net}::${hex(b)}`)
    if (i % 3 === 0) inside.push(`${net}::${hex(int(a, b))}`)
  }
  // Shuffle so that families and kinds interleave as in a hand-kept list.
  for (let i = entries.length - 1; i > 0; i--) {
    const j = int(0, i)
    ;[entries[i], entries[j]] = [entries[j], entries[i]]
  }
  const addresses = inside.slice(0, 500)
  while (addresses.length < 900) addresses.push(ip4(int(1, 223) * 2 ** 24 + int(0, 2 ** 24 - 1)))
  while (addresses.length < 1000) addresses.push(`${[0x2000 + int(0, 0xfff), g16(), g16(), g16()].map(hex).join(':')}::${hex(g16())}`)
  return { text: entries.join(','), count: entries.length, addresses, insideCount: Math.min(inside.length, 500) }
}

/** Times parse, matcher build and 1,000 lookups: the first (cold JIT) run and the median of the rest. */
export async function scale(runs, log) {
  const { parseAllowlist } = await import(engineUrl('allowlist/grammar.js'))
  const { buildMatcher } = await import(engineUrl('allowlist/matcher.js'))
  const { text, count, addresses, insideCount } = generate()
  const odd = []
  const t = { parse: [], build: [], match: [], evaluate: [] }
  let parsed
  let matched = 0
  for (let i = 0; i <= runs; i++) {
    let t0 = performance.now()
    parsed = parseAllowlist(text)
    t.parse.push(performance.now() - t0)
    t0 = performance.now()
    const matcher = buildMatcher(parsed)
    const t1 = performance.now()
    matched = 0
    for (const a of addresses) if (matcher.match(a) !== undefined) matched++
    const t2 = performance.now()
    t.build.push(t1 - t0)
    t.match.push(t2 - t1)
    t.evaluate.push(t2 - t0)
  }
  if (parsed.entries.length !== count || parsed.errors.length) {
    odd.push(`parsed ${parsed.entries.length}/${count} entries, ${parsed.errors.length} errors (first: ${parsed.errors[0]?.raw} → ${parsed.errors[0]?.reason})`)
  }
  // Every "inside" address was drawn from some entry, so each must match.
  let insideMatched = 0
  const matcher = buildMatcher(parsed)
  for (const a of addresses.slice(0, insideCount)) if (matcher.match(a) !== undefined) insideMatched++
  if (insideMatched !== insideCount) odd.push(`only ${insideMatched}/${insideCount} addresses drawn from entries matched`)
  // The action parses each list once, cold: say so when that first run is over the budget.
  if (t.parse[0] >= 50) odd.push(`first (cold JIT) parse took ${t.parse[0].toFixed(1)} ms; the target is judged on the median`)
  if (t.evaluate[0] >= 50) odd.push(`first (cold JIT) evaluation took ${t.evaluate[0].toFixed(1)} ms; the target is judged on the median`)
  const summarise = (xs) => ({ first: Math.round(xs[0] * 100) / 100, ...stats(xs.slice(1)), medianAll: median(xs) })
  const res = {
    entries: count,
    addresses: addresses.length,
    matched,
    parse: summarise(t.parse),
    build: summarise(t.build),
    match: summarise(t.match),
    evaluate: summarise(t.evaluate),
    odd
  }
  log(`scale: parse median ${res.parse.median} ms (first ${res.parse.first}), build+1000 lookups median ${res.evaluate.median} ms (first ${res.evaluate.first})`)
  return res
}
