// Loopback echo fakes for the bench, run as a process of their own (see startFakes in lib.mjs).
//   node bench/fakes.mjs 50 100 150 hang
// starts one plain-HTTP server on 127.0.0.1 (port 0) per argument and prints their ports as one JSON line.
// A number is the delay before the answer, in ms; 'hang' accepts the request and never answers.
// The answer is `203.0.113.77\n` as text/plain, or `{"ip":"203.0.113.77"}` when the query asks
// `format=json` (the ipify form the single-source alternative uses).
import http from 'node:http'

const IP = '203.0.113.77'

function serve(behaviour) {
  const server = http.createServer((req, res) => {
    if (behaviour === 'hang') return // the socket stays open until the client gives up or we exit
    const json = /[?&]format=json\b/.test(req.url ?? '')
    setTimeout(() => {
      const body = json ? JSON.stringify({ ip: IP }) : `${IP}\n`
      res.writeHead(200, {
        'content-type': json ? 'application/json' : 'text/plain',
        'content-length': Buffer.byteLength(body)
      })
      res.end(body)
    }, Number(behaviour))
  })
  // The defaults (5 s keep-alive, 300 s request timeout) must not cut a hanging request short, nor keep
  // idle sockets of finished runs around: the bench decides when a run is over.
  server.requestTimeout = 0
  server.headersTimeout = 0
  server.keepAliveTimeout = 1000
  server.maxConnections = 10_000
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)))
}

const behaviours = process.argv.slice(2)
for (const b of behaviours) {
  if (b !== 'hang' && !Number.isFinite(Number(b))) {
    process.stderr.write(`fakes: unknown behaviour ${b}\n`)
    process.exit(2)
  }
}
const ports = await Promise.all(behaviours.map(serve))
process.stdout.write(`${JSON.stringify(ports)}\n`)
process.on('SIGTERM', () => process.exit(0))
