// Section 4: the preflight's egress discovery against the usual alternative, in-process, same fakes.
//
// The alternative is what the most used public-IP action does, re-created with the very library it uses:
// `new HttpClient(ua, undefined, { allowRetries: true, maxRetries: 5 })` and
// `getJson('https://api.ipify.org?format=json')`. @actions/http-client retries only on 502/503/504,
// with a 10-160 ms backoff, and sets no timeout of its own beyond Node's 3-minute socket idle default, so a
// source that accepts the connection and never answers hangs the step. The bench stops waiting at CUTOFF_MS
// and counts that run as a failure. (The original also asks api64.ipify.org afterwards; only the IPv4
// lookup is re-created here, which can only flatter the alternative.)
import { HttpClient } from '@actions/http-client'
import { engineUrl } from './scale.mjs'
import { median, ms, startFakes, stats } from './lib.mjs'

const IP = '203.0.113.77'
/** How long the bench waits for an answer before it counts the run as failed. */
export const CUTOFF_MS = 10_000
const HEALTHY_MS = 50
const SLOW_MS = 2000

/** Waits for `p` at most CUTOFF_MS; a late settle is swallowed (its socket dies when the fakes stop). */
function capped(p) {
  let timer
  const cut = new Promise((resolve) => (timer = setTimeout(() => resolve({ cutOff: true }), CUTOFF_MS)))
  return Promise.race([
    p.then(
      (v) => ({ value: v }),
      (e) => ({ error: e })
    ),
    cut
  ]).finally(() => clearTimeout(timer))
}

async function alternativeOnce(url) {
  const t0 = process.hrtime.bigint()
  const http = new HttpClient('haythem/public-ip', undefined, { allowRetries: true, maxRetries: 5 })
  const r = await capped(http.getJson(`${url}?format=json`))
  const elapsed = ms(t0)
  const ok = !r.cutOff && !r.error && r.value?.result?.ip === IP
  return {
    ms: elapsed,
    ok,
    why: r.cutOff ? 'cut-off' : r.error ? String(r.error.message ?? r.error) : ok ? undefined : 'wrong answer'
  }
}

/**
 * The preflight's discovery as the action runs it with defaults: a fresh client per run whose deadline is
 * timeout-seconds (20) less the 400 ms the engine keeps for the report, default per-attempt timeout and
 * retries, ip-version 4 (the alternative looks up IPv4 too; `any` would add the wait for IPv6 sources).
 */
function preflightOnce(mod, urls) {
  return async () => {
    const t0 = process.hrtime.bigint()
    const http = mod.createHttpClient({ deadline: Date.now() + 20_000 - 400 })
    const r = await capped(mod.discoverEgress(http, urls, '4'))
    const elapsed = ms(t0)
    const ok = !r.cutOff && !r.error && r.value?.primary === IP
    return {
      ms: elapsed,
      ok,
      why: r.cutOff ? 'cut-off' : r.error ? String(r.error) : ok ? undefined : `primary=${r.value?.primary}`
    }
  }
}

/**
 * Runs `once` `runs` times, `batch` at a time. A batch runs concurrently on this event loop; since both
 * sides get the same batch size on the same fakes, neither is favoured, and the client work per run is
 * tiny next to the 50 ms answers. Batching is what keeps 50 runs of a 10 s cut-off to about a minute.
 */
async function batched(once, runs, batch) {
  const out = []
  while (out.length < runs) {
    const n = Math.min(batch, runs - out.length)
    out.push(...(await Promise.all(Array.from({ length: n }, () => once()))))
  }
  return out
}

function summarise(rs) {
  const times = rs.map((r) => (r.ok ? r.ms : CUTOFF_MS))
  const failures = rs.filter((r) => !r.ok)
  const answered = rs.filter((r) => r.ok).map((r) => r.ms)
  return {
    runs: rs.length,
    failureRate: failures.length / rs.length,
    // Failed runs count as the cut-off: a lower bound on what the user waits for a hung step.
    median: Math.round(median(times) * 10) / 10,
    answered: answered.length ? stats(answered) : undefined,
    why: [...new Set(failures.map((f) => f.why))],
    raw: rs.map((r) => Math.round(r.ms * 10) / 10)
  }
}

/** The three scenarios. The degraded source comes first in the preflight's list, as ipify is in its defaults. */
export async function alternatives(runs, batch, log) {
  const mod = {
    ...(await import(engineUrl('evidence/http/client.js'))),
    ...(await import(engineUrl('evidence/egress/discover.js')))
  }
  if (typeof mod.createHttpClient !== 'function' || typeof mod.discoverEgress !== 'function') {
    throw new Error('createHttpClient / discoverEgress not exported by the compiled engine')
  }
  const fakes = await startFakes([HEALTHY_MS, HEALTHY_MS, HEALTHY_MS, HEALTHY_MS, SLOW_MS, 'hang'])
  const [h1, h2, h3, h4, slow, hang] = fakes.urls
  const scenarios = {
    healthy: { alternative: h1, preflight: [h1, h2, h3, h4], note: `every source answers after ${HEALTHY_MS} ms` },
    slow: { alternative: slow, preflight: [slow, h1, h2, h3], note: `one source answers after ${SLOW_MS} ms` },
    hanging: { alternative: hang, preflight: [hang, h1, h2, h3], note: 'one source accepts and never answers' }
  }
  const res = {}
  try {
    // Warm both code paths once so the first batch does not pay JIT and module start-up alone.
    await alternativeOnce(h1)
    await preflightOnce(mod, [h1, h2, h3, h4])()
    for (const [name, s] of Object.entries(scenarios)) {
      const alt = summarise(await batched(() => alternativeOnce(s.alternative), runs, batch))
      const pf = summarise(await batched(preflightOnce(mod, s.preflight), runs, batch))
      res[name] = { note: s.note, alternative: alt, preflight: pf, speedup: alt.median / pf.median }
      log(
        `alternatives/${name}: alternative median ${alt.median} ms, ${(alt.failureRate * 100).toFixed(0)}% failed; ` +
          `preflight median ${pf.median} ms, ${(pf.failureRate * 100).toFixed(0)}% failed`
      )
    }
  } finally {
    await fakes.stop()
  }
  return res
}
