// Every loopback fake of the test suite in one process of its own, each answering after a delay, for the
// "everything on" time to verdict (see everything.mjs):
//   node bench/fakes-all.mjs 50
// The fakes are the test suite's own (__tests__/fakes/, compiled by compileEngine into bench/out/lib): IBM's
// IAM / User Management / CBR (token, effective and account settings, user settings, zones, rules), the TLS
// registry (`/v2/`, the token realm, `/api/v1/auth`, TEST-ONLY registry CA) behind the CONNECT proxy that maps
// us.icr.io and private.us.icr.io to it, and four plain-HTTP echo sources. Prints one JSON line with the URLs;
// on SIGTERM prints the request counts per service as a second line, then exits.
import http from 'node:http'
import https from 'node:https'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { LIB } from './scale.mjs'

const DELAY_MS = Number(process.argv[2] ?? 50)
const ACCOUNT = 'c0ffee00c0ffee00c0ffee00c0ffee00'
const KEY = 'bench-everything-key-0123456789abcdefghijklmn'
const EGRESS = '203.0.113.77'
const PRIVATE = '10.240.0.5'
const fake = (name) => import(pathToFileURL(join(LIB, '__tests__/fakes', name)).href)

// The delay: every HTTP(S) server of this process hands each request to its handler DELAY_MS late. The
// proxy alone is left as it is (it is the one with a `connect` listener): a tunnel is not a service, and what
// passes through it is delayed by the registry.
for (const Server of [http.Server, https.Server]) {
  const emit = Server.prototype.emit
  Server.prototype.emit = function (event, ...args) {
    if (event !== 'request' || this.listenerCount('connect') > 0) return emit.call(this, event, ...args)
    setTimeout(() => emit.call(this, event, ...args), DELAY_MS)
    return true
  }
}

/** A plain-HTTP echo source answering `203.0.113.77`. */
function echo() {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.end(`${EGRESS}\n`)
  })
  server.keepAliveTimeout = 1000
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)))
}

const { startFakeIbm, registryRule } = await fake('fake-ibm.js')
const { startFakeRegistry, REGISTRY_CA_PATH } = await fake('fake-registry.js')
const { startProxy } = await fake('proxy.js')

const ibm = await startFakeIbm({
  // A user's key (not a service ID's), so the user list is read too.
  keys: { [KEY]: { iamId: 'IBMid-bench0000', accountId: ACCOUNT } },
  accounts: { [ACCOUNT]: `${EGRESS}/32, 10.240.0.0/16` },
  users: [{ accountId: ACCOUNT, iamId: 'IBMid-bench0000', list: '203.0.113.0/24, 10.240.0.0/16' }]
})
const zone = ibm.addZone({
  accountId: ACCOUNT,
  name: 'ci runners',
  addresses: [
    { type: 'subnet', value: '203.0.113.0/24' },
    { type: 'subnet', value: '10.240.0.0/16' }
  ]
})
ibm.addRule(registryRule(ACCOUNT, { id: 'bench-rule', description: 'CI runners only', zones: [zone] }))
const registry = await startFakeRegistry({
  keys: [KEY],
  tls: true,
  iamAccount: (t) => (ibm.issuedTokens.includes(t) ? ACCOUNT : undefined)
})
const proxy = await startProxy({ 'us.icr.io': registry.port, 'private.us.icr.io': registry.port })
const echoes = await Promise.all([echo(), echo(), echo(), echo()])

process.stdout.write(
  `${JSON.stringify({
    iamUrl: ibm.iamUrl,
    umUrl: ibm.umUrl,
    cbrUrl: ibm.cbrUrl,
    proxyUrl: proxy.url,
    caPath: REGISTRY_CA_PATH,
    echoUrls: echoes.map((p) => `http://127.0.0.1:${p}/`),
    apikey: KEY,
    egress: EGRESS,
    privateIp: PRIVATE
  })}\n`
)
process.on('SIGTERM', () => {
  const count = {}
  for (const r of ibm.requests) count[r.endpoint ?? 'other'] = (count[r.endpoint ?? 'other'] ?? 0) + 1
  for (const r of registry.requests) {
    const k = `registry ${r.host} ${r.path}`
    count[k] = (count[k] ?? 0) + 1
  }
  count.tunnels = proxy.seen.length
  process.stdout.write(`${JSON.stringify(count)}\n`, () => process.exit(0))
})
