// Section 2b: time to verdict with everything on. The bundled action as the runner starts it, with a key, a
// public and a private registry (`us.icr.io`, `private.us.icr.io`, `private-ip` set), `probe-registry: true`,
// egress discovery on four loopback echo sources, and every loopback service answering after 50 ms (the test
// suite's fakes, in a process of their own: fakes-all.mjs). The registry names reach the TLS fake registry
// only through the CONNECT proxy (HTTPS_PROXY), its TEST-ONLY CA trusted with NODE_EXTRA_CA_CERTS.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { DIST, ROOT, NODE24, readOutputs, runnerEnv, stats, timeRun } from './lib.mjs'

/** Each service's delay before it answers. */
export const SERVICE_DELAY_MS = 50

/** Starts fakes-all.mjs; resolves with its URLs, a stop function that resolves with the request counts. */
async function startAll() {
  const child = spawn(NODE24, [join(ROOT, 'bench/fakes-all.mjs'), String(SERVICE_DELAY_MS)], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const lines = []
  let buf = ''
  let wake = () => undefined
  child.stdout.on('data', (d) => {
    buf += d
    let nl
    while ((nl = buf.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buf.slice(0, nl)))
      buf = buf.slice(nl + 1)
      wake()
    }
  })
  const line = (n) =>
    new Promise((resolve, reject) => {
      const check = () => (lines.length > n ? resolve(lines[n]) : undefined)
      wake = check
      child.once('exit', (code) =>
        lines.length > n ? resolve(lines[n]) : reject(new Error(`fakes-all exited (${code})`))
      )
      check()
    })
  const info = await line(0)
  return {
    info,
    stop: async () => {
      child.kill('SIGTERM')
      return line(1)
    }
  }
}

/**
 * `runs` runs (after one untimed one), sequential. Each gives the wall time from spawn to exit and the
 * report's own `elapsedMs` (settings parsed to report built): the difference is process start, module
 * loading, publishing and exit.
 */
export async function everythingOn(runs, log) {
  const fakes = await startAll()
  const odd = []
  const wall = []
  const inRun = []
  let sample
  let counts
  try {
    const f = fakes.info
    const inputs = {
      apikey: f.apikey,
      registry: 'us.icr.io/ns/app\nprivate.us.icr.io/ns/app',
      'private-ip': f.privateIp,
      'probe-registry': 'true',
      'ip-echo-urls': f.echoUrls.join('\n'),
      'ip-version': '4',
      'iam-endpoint': f.iamUrl,
      'user-management-endpoint': f.umUrl,
      'cbr-endpoint': f.cbrUrl
    }
    for (let i = -1; i < runs; i++) {
      const { env, dir } = runnerEnv(inputs)
      Object.assign(env, {
        HTTPS_PROXY: f.proxyUrl,
        NODE_EXTRA_CA_CERTS: f.caPath,
        RUNNER_ENVIRONMENT: 'self-hosted'
      })
      const r = await timeRun([DIST], { env, cwd: dir })
      const out = readOutputs(env.GITHUB_OUTPUT)
      const report = out.report ? JSON.parse(out.report) : undefined
      if (r.code !== 0 || out.result !== 'pass' || out['egress-ips'] !== f.egress) {
        odd.push(
          `everything-on run: exit ${r.code}, result=${out.result}, egress-ips=${out['egress-ips']}, ` +
            `findings ${report?.findings?.map((x) => `${x.severity} ${x.code}`).join(', ')} ${r.stderr.slice(0, 200)}`
        )
      }
      if (i < 0) {
        sample = {
          result: report?.result,
          findings: report?.findings?.map((x) => `${x.severity} ${x.code}`),
          logins: report?.registryProbes?.logins?.map((l) => `${l.host}: ${l.outcome}`),
          privateOnly: report?.registryProbes?.privateOnly?.map((p) => `${p.region}: ${p.outcome}`),
          lists: report?.lists?.map((l) => `${l.level}: ${l.parsed?.entries?.length ?? l.error}`),
          cbrRules: report?.cbr?.checks?.length
        }
        continue
      }
      wall.push(r.ms)
      if (typeof report?.elapsedMs === 'number') inRun.push(report.elapsedMs)
    }
  } finally {
    counts = await fakes.stop()
  }
  const outside = wall.map((w, i) => w - (inRun[i] ?? NaN))
  const res = {
    delayMs: SERVICE_DELAY_MS,
    raw: wall,
    rawElapsedMs: inRun,
    wall: stats(wall),
    elapsedMs: stats(inRun),
    outside: stats(outside),
    sample,
    requests: counts,
    odd: [...new Set(odd)]
  }
  log(
    `everything on: median ${res.wall.median} ms spawn to exit (p90 ${res.wall.p90}); report elapsedMs ` +
      `median ${res.elapsedMs.median} ms; outside the run ${res.outside.median} ms; requests ${JSON.stringify(counts)}`
  )
  return res
}
