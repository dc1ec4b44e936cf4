// Section 3b: the whole verdict at the hardening target's size, in-process on the compiled engine: settings
// with `egress-ip` holding 10,000 addresses and a 5,500-entry `allowlist`, runPreflight (no key, so no
// network), then what publishing costs: JSON.stringify of the bounded report (the `report` output) and the
// Markdown (the job summary). Timed on a fresh engine first (cold JIT, what one action run pays), then warm.
import { performance } from 'node:perf_hooks'
import { engineUrl, generate, LIB } from './scale.mjs'
import { median, stats } from './lib.mjs'
import { pathToFileURL } from 'node:url'
import { join } from 'node:path'

/** The compiled module at `rel` under bench/out/lib/src (e.g. 'render/markdown.js'). */
const srcUrl = (rel) => pathToFileURL(join(LIB, 'src', rel)).href

/**
 * Times each stage of `runs` + 1 runs (the first is the cold one): settings, runPreflight, bound + stringify,
 * Markdown. Returns medians of the warm runs, the cold run alone, and the output sizes.
 */
export async function wholeVerdict(runs, log) {
  const { parseSettings } = await import(engineUrl('settings/settings.js'))
  const { runPreflight } = await import(engineUrl('preflight.js'))
  const { boundReport } = await import(engineUrl('report/bound.js'))
  const { renderMarkdown } = await import(srcUrl('render/markdown.js'))
  const { text, count } = generate()
  const addresses = generate(20240501, 10_000).addresses
  const raw = { 'egress-ip': addresses.join('\n'), allowlist: text, 'fail-on': 'never' }
  const odd = []
  const t = { settings: [], verdict: [], json: [], markdown: [], total: [] }
  let sizes
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now()
    const settings = parseSettings(raw, {})
    const t1 = performance.now()
    const report = await runPreflight(settings, { machine: {} })
    const t2 = performance.now()
    const json = JSON.stringify(boundReport(report))
    const t3 = performance.now()
    const markdown = renderMarkdown(report)
    const t4 = performance.now()
    t.settings.push(t1 - t0)
    t.verdict.push(t2 - t1)
    t.json.push(t3 - t2)
    t.markdown.push(t4 - t3)
    t.total.push(t4 - t0)
    if (i === 0) {
      const bounded = JSON.parse(json)
      sizes = {
        egressIps: report.egressIps.length,
        subjects: report.subjects.length,
        matches: report.matches.length,
        missing: report.missing.length,
        findings: report.findings.length,
        entries: report.lists[0]?.parsed?.entries.length ?? 0,
        unboundedJsonBytes: Buffer.byteLength(JSON.stringify(report)),
        jsonBytes: Buffer.byteLength(json),
        markdownBytes: Buffer.byteLength(markdown),
        omitted: bounded.omitted ?? {},
        result: report.result
      }
      if (sizes.entries !== count) odd.push(`whole verdict: the list parsed to ${sizes.entries}/${count} entries`)
      if (sizes.egressIps !== addresses.length)
        odd.push(`whole verdict: ${sizes.egressIps}/${addresses.length} egress addresses in the report`)
    }
  }
  const part = (xs) => ({ first: Math.round(xs[0] * 10) / 10, ...stats(xs.slice(1)), medianAll: median(xs) })
  const res = {
    addresses: addresses.length,
    entries: count,
    settings: part(t.settings),
    verdict: part(t.verdict),
    json: part(t.json),
    markdown: part(t.markdown),
    total: part(t.total),
    sizes,
    odd
  }
  log(
    `whole verdict, ${addresses.length} addresses × ${count} entries: first ${res.total.first} ms ` +
      `(settings ${res.settings.first}, runPreflight ${res.verdict.first}, bound + JSON ${res.json.first}, ` +
      `Markdown ${res.markdown.first}); warm median ${res.total.median} ms; report ${sizes.jsonBytes} B ` +
      `(unbounded ${sizes.unboundedJsonBytes} B), Markdown ${sizes.markdownBytes} B`
  )
  return res
}
