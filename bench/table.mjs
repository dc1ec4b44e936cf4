// The Markdown table printed at the end of `npm run bench` (pasted into the README as is).
const f = (x, digits = x < 10 ? 1 : 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a')
const msText = (x) => `${f(x)} ms`
const pct = (x) => `${(x * 100).toFixed(0)} %`
const mib = (kib) => `${f(kib / 1024, 1)} MiB`

/** Builds the rows; `missed` lists every target not met, for the closing line. */
export function renderTable(r) {
  const rows = []
  const missed = []
  const row = (measure, figure, target = '', ok) => {
    let status = ''
    if (ok === true) status = 'ok'
    if (ok === false) {
      status = 'MISSED'
      missed.push(`${measure}: ${figure} (target ${target})`)
    }
    rows.push([measure, figure, target, status])
  }
  const crashed = (name) => row(name, 'bench section crashed', '', undefined)

  const c = r.coldStart
  if (c) {
    const n = `${c.preflight.n} runs`
    const spread = (x) => `${msText(x.median)} (min ${msText(x.min)}, p90 ${msText(x.p90)})`
    row(`Cold start: bare \`node -e 0\` (median, ${n})`, spread(c.bare))
    row('Cold start: toolkit floor (@actions/core + http-client, ncc)', spread(c.floor))
    row('Cold start: preflight, `egress-ip` + `allowlist`, no network', spread(c.preflight))
    row('Cold start: preflight ÷ floor', `${f(c.ratioPreflightFloor, 2)} ×`, '≤ 1.1 ×', c.ratioPreflightFloor <= 1.1)
    row('Cold start: floor ÷ bare node', `${f(c.ratioFloorBare, 2)} ×`)
  } else crashed('Cold start')

  const t = r.timeToVerdict
  if (t) {
    const budget = c ? c.preflight.median + 250 : NaN
    row(
      `Time to verdict: 4 echo sources (50, 100, 150 ms, never), \`ip-version: 4\`, median of ${t.verdict.n}`,
      `${msText(t.verdict.median)} (p90 ${msText(t.verdict.p90)})`,
      c ? `≤ cold start + 250 ms = ${msText(budget)}` : '≤ cold start + 250 ms',
      c ? t.verdict.median <= budget : undefined
    )
    if (t.verdict.any) {
      row(
        `Time to verdict, same sources, default \`ip-version: any\` (IPv6 grace), median of ${t.verdict.any.n}`,
        `${msText(t.verdict.any.median)} (p90 ${msText(t.verdict.any.p90)})`,
        c ? `≤ cold start + 250 ms = ${msText(budget)}` : '≤ cold start + 250 ms',
        c ? t.verdict.any.median <= budget : undefined
      )
    }
    row(
      'Every source hanging, `timeout-seconds: 2`: wall time of each run',
      `${t.hanging.raw.map((x) => f(x)).join(', ')} ms`,
      '≤ 3000 ms each',
      t.hanging.allWithin3s
    )
  } else crashed('Time to verdict')

  const e = r.everythingOn
  if (e) {
    const budget = c ? c.preflight.median + 400 : NaN
    row(
      `Time to verdict with everything on: key, \`us.icr.io\` + \`private.us.icr.io\` (\`private-ip\`), \`probe-registry: true\`, ` +
        `4 echo sources, every service (echo, IAM token, effective + user settings, CBR rules + zone, registry \`/v2/\` + token + ` +
        `\`/api/v1/auth\` through the CONNECT proxy) answering after ${e.delayMs} ms; median of ${e.wall.n}`,
      `${msText(e.wall.median)} (p90 ${msText(e.wall.p90)}): the run's own \`elapsedMs\` ${msText(e.elapsedMs.median)} + ` +
        `start, publish and exit ${msText(e.outside.median)}`,
      c ? `≤ cold start + 400 ms = ${msText(budget)}` : '≤ cold start + 400 ms',
      c ? e.wall.median <= budget : undefined
    )
  } else crashed('Time to verdict with everything on')

  const s = r.scale
  if (s) {
    row(
      `Parse a ${s.entries.toLocaleString('en')}-entry allowlist (median; first run)`,
      `${msText(s.parse.median)}; ${msText(s.parse.first)} (main-thread CPU ${msText(s.parseCpu.median)}; ${msText(s.parseCpu.first)})`,
      '< 10 ms',
      s.parse.median < 10
    )
    row(
      `Evaluate ${s.addresses.toLocaleString('en')} addresses against it: matcher + lookups (median; first run)`,
      `${msText(s.evaluate.median)}; ${msText(s.evaluate.first)}`,
      '< 50 ms',
      s.evaluate.median < 50
    )
    row(
      `${s.manyAddresses.toLocaleString('en')} addresses × ${s.entries.toLocaleString('en')} entries: match (matcher + lookups; median; first run)`,
      `${msText(s.many.median)}; ${msText(s.many.first)}`,
      '< 100 ms (a tenth of the 1 s for the whole verdict)',
      s.many.median < 100
    )
  } else crashed('Scale')

  const w = r.wholeVerdict
  if (w) {
    const kib = (b) => `${f(b / 1024, 0)} KiB`
    row(
      `${w.addresses.toLocaleString('en')} addresses (\`egress-ip\`) × ${w.entries.toLocaleString('en')} entries: settings + runPreflight + ` +
        `JSON.stringify(boundReport) + renderMarkdown, in-process (first run; warm median of ${w.total.n})`,
      `${msText(w.total.first)} (settings ${msText(w.settings.first)}, verdict ${msText(w.verdict.first)}, ` +
        `report JSON ${msText(w.json.first)}, Markdown ${msText(w.markdown.first)}); warm ${msText(w.total.median)}`,
      '< 1 s',
      w.total.first < 1000 && w.total.median < 1000
    )
    row(
      `The same: output sizes`,
      `report ${kib(w.sizes.jsonBytes)} bounded (of ${kib(w.sizes.unboundedJsonBytes)}), Markdown ${kib(w.sizes.markdownBytes)}; ` +
        `${w.sizes.egressIps.toLocaleString('en')} distinct addresses, ${w.sizes.findings.toLocaleString('en')} findings`,
      'report ≤ 900 KiB (the bound; GitHub: 1 MB per output), Markdown < 1 MiB (GitHub: summary cap)',
      w.sizes.jsonBytes <= 900 * 1024 && w.sizes.markdownBytes < 1024 * 1024
    )
  } else crashed('Whole verdict')

  const cli = r.freshCli
  if (cli) {
    row(
      `5,500-entry list, fresh CLI process: extra time over 1 entry (median of ${cli.big.n} runs each; 1 entry ${msText(cli.one.median)})`,
      `+${msText(cli.extraMs)} (main-thread CPU +${msText(cli.extraCpuMs)})`,
      '≤ 40 ms',
      cli.extraMs <= 40
    )
  } else crashed('Fresh CLI')

  const a = r.alternatives
  if (a) {
    const cut = r.config.altCutoffMs
    for (const [name, x] of Object.entries(a)) {
      const side = (y) =>
        `${y.median >= cut ? `≥ ${msText(cut)} (no answer)` : msText(y.median)}, ${pct(y.failureRate)} failed`
      row(
        `Egress discovery, ${name} (${x.note}): single-source alternative, ${x.alternative.runs} runs`,
        side(x.alternative)
      )
      row(`Egress discovery, ${name}: preflight (4 sources), ${x.preflight.runs} runs`, side(x.preflight))
      // A cut-off alternative has no answer time: the ratio is then only a lower bound.
      const bound = x.alternative.median >= cut ? '≥ ' : ''
      row(
        `Egress discovery, ${name}: alternative ÷ preflight, median time to an answer`,
        `${bound}${f(x.speedup, 1)} ×`
      )
    }
  } else crashed('Against the alternative')

  const m = r.memory
  if (m) {
    row('Memory peak (maxRSS), preflight run, no network', mib(m.offline.kib))
    row('Memory peak (maxRSS), preflight run with discovery', mib(m.discovery.kib))
    row('Memory peak (maxRSS), toolkit floor / bare node', `${mib(m.floor.kib)} / ${mib(m.bare.kib)}`)
  } else crashed('Memory peak')

  const head = ['Measure', 'Figure', 'Target', 'Status']
  const line = (cells) => `| ${cells.map((x) => String(x).replace(/\|/g, '\\|')).join(' | ')} |`
  const table = [
    `Node ${r.node} on ${r.cpu}, ${r.date.slice(0, 10)}, load average ${f(r.loadAverage.start, 1)} → ${f(r.loadAverage.end, 1)}. ` +
      'Wall times include process start; medians unless said.',
    '',
    line(head),
    line(head.map(() => '---')),
    ...rows.map(line)
  ].join('\n')
  return { table, missed }
}
