/**
 * A loopback fake of IBM Cloud Container Registry's login (docs/ibm-facts.md §8) and of its management API's
 * `GET /api/v1/auth`. One server on 127.0.0.1 answers for every registry host: the `Host` header says which
 * one was asked (through the test proxy, `us.icr.io`; directly, `127.0.0.1:PORT`), and each host can be set
 * to behave its own way.
 *
 *   const registry = await startFakeRegistry({ keys: [KEY], tls: true })
 *   registry.setHost('us.icr.io', { token: 'private-only' })
 *   … registry.port, registry.url, registry.requests, registry.issuedTokens …
 *
 * IBM's WORDING is from the facts; the STATUSES and JSON ENVELOPES of the refusals are INVENTED (IBM does not
 * document them): the code under test must match the words, not these.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'

/** IBM's words per refusal (docs/ibm-facts.md §8). */
export const WORDS = {
  privateOnly:
    'Private-only access is enabled on this account, but this request was over the public network. You must access this account over the private network',
  credentials: 'The login credentials are not valid, or your IBM Cloud account is not active.',
  notAuthorized: 'You are not authorized to access the specified resource.',
  insufficientScope: 'Insufficient scope',
  quotaTraffic: 'Your account has exceeded its pull traffic quota for the current month.',
  quotaStorage: 'Your account has exceeded its image storage quota.',
  v2: 'Authorization required. See https://cloud.ibm.com/docs/Registry?topic=Registry-troubleshoot-auth-req'
} as const

/** How a host answers `GET /v2/`. */
export type ChallengeMode =
  'quoted' | 'unquoted' | 'no-bearer' | 'foreign-realm' | 'http-realm' | 'reset' | 'hang' | 'html' | 'private-only'

/** How a host answers the token request (a key it does not know is always refused as not valid). */
export type TokenMode =
  | 'grant' // a JWT granting the actions asked for
  | 'grant-pull-only' // a JWT granting pull alone, whatever was asked
  | 'refuse-push' // "Insufficient scope" when push is asked, pull alone granted otherwise
  | 'grant-opaque' // a token that is not a JWT (`access_token` only)
  | 'private-only'
  | 'credentials'
  | 'not-authorized'
  | 'quota-traffic'
  | 'quota-storage'
  | 'plain-text-denied' // Docker's `denied: …` line as text/plain
  | 'echo-key' // refuses, quoting the key it was sent (a misbehaving server: the words must come back redacted)
  | 'reset'
  | 'hang'
  | 'html'
  | 'busy'

/** How one host behaves. */
export interface HostBehaviour {
  challenge?: ChallengeMode
  token?: TokenMode
  /** `/api/v1/auth`: the private_only value, or a status to answer instead (401, 403, 500). */
  privateOnly?: boolean | number
}

export interface FakeRegistryConfig {
  /** API keys the registry takes (Basic `iamapikey:KEY`). */
  keys: string[]
  /** Serve HTTPS with the TEST-ONLY registry certificate (`__fixtures__/tls/registry.pem`). */
  tls?: boolean
  /** The behaviour of hosts not set otherwise. Default: quoted challenge, grant, private_only false. */
  defaults?: HostBehaviour
  /** `/api/v1/auth`: the account of an IAM token, or undefined when it is not one. */
  iamAccount?: (token: string) => string | undefined
}

/** One request as received. */
export interface RegistryRequest {
  host: string
  method: string
  path: string
  query: URLSearchParams
  authorization?: string
  account?: string
}

export interface FakeRegistry {
  port: number
  /** `http(s)://127.0.0.1:PORT`. */
  url: string
  requests: RegistryRequest[]
  /** Every registry token issued, for leak checks. */
  issuedTokens: string[]
  setHost(host: string, behaviour: HostBehaviour): void
  requestsTo(host: string): RegistryRequest[]
  close(): Promise<void>
}

const TLS_DIR = new URL('../../__fixtures__/tls/', import.meta.url)
/** Path of the TEST-ONLY registry CA, for `NODE_EXTRA_CA_CERTS`. */
export const REGISTRY_CA_PATH = new URL('registry-ca.pem', TLS_DIR).pathname
/** The TEST-ONLY registry CA (PEM), for `createHttpClient({ ca })`. */
export const REGISTRY_CA = readFileSync(REGISTRY_CA_PATH, 'utf8')

const enc = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url')

/** A JWT shaped like a Docker registry token, with Docker's `access` claim. */
function registryJwt(host: string, repository: string | undefined, actions: string[]): string {
  const now = Math.floor(Date.now() / 1000)
  const access = repository ? [{ type: 'repository', name: repository, actions }] : []
  const payload = {
    iss: `${host} token service`,
    sub: 'iamapikey',
    aud: 'registry',
    iat: now,
    exp: now + 300,
    jti: randomBytes(8).toString('hex'),
    access
  }
  return `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(payload)}.${randomBytes(64).toString('base64url')}`
}

/** Docker's error envelope (INVENTED for the token endpoint: IBM does not document it). */
const dockerError = (code: string, message: string): string =>
  JSON.stringify({ errors: [{ code, message, detail: null }] })
const HTML = '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Portal</body></html>'

export async function startFakeRegistry(config: FakeRegistryConfig): Promise<FakeRegistry> {
  const hosts = new Map<string, HostBehaviour>()
  const requests: RegistryRequest[] = []
  const issuedTokens: string[] = []
  const behaviour = (host: string): Required<HostBehaviour> => ({
    challenge: 'quoted',
    token: 'grant',
    privateOnly: false,
    ...config.defaults,
    ...hosts.get(host)
  })
  const proto = config.tls ? 'https' : 'http'

  const reply = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void => {
    const type = body.startsWith('<') ? 'text/html' : body.startsWith('{') ? 'application/json' : 'text/plain'
    res.writeHead(status, { 'Content-Type': type, ...headers })
    res.end(body)
  }

  const challenge = (res: ServerResponse, authority: string, mode: ChallengeMode): void => {
    const realm = `${proto}://${authority}/oauth/token`
    const header: Record<ChallengeMode, string> = {
      quoted: `Bearer realm="${realm}",service="registry"`,
      unquoted: `Bearer realm=${realm}, service=registry`,
      'no-bearer': 'Basic realm="registry"',
      'foreign-realm': 'Bearer realm="https://auth.example.com/token",service="registry"',
      'http-realm': `Bearer realm="http://${authority.replace(/:\d+$/, '')}:80/oauth/token",service="registry"`,
      reset: '',
      hang: '',
      html: '',
      'private-only': ''
    }
    if (mode === 'html') return reply(res, 200, HTML)
    if (mode === 'private-only') return reply(res, 403, dockerError('DENIED', WORDS.privateOnly))
    reply(res, 401, dockerError('UNAUTHORIZED', WORDS.v2), { 'WWW-Authenticate': header[mode] })
  }

  const token = (req: IncomingMessage, res: ServerResponse, host: string, url: URL, mode: TokenMode): void => {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const [user, key] = Buffer.from(basic ?? '', 'base64')
      .toString('utf8')
      .split(/:(.*)/s)
    if (user !== 'iamapikey' || key === undefined || !config.keys.includes(key))
      return reply(res, 401, dockerError('UNAUTHORIZED', WORDS.credentials))
    const scope = /^repository:([^:]+):(.+)$/.exec(url.searchParams.get('scope') ?? '')
    const repository = scope?.[1]
    const asked = scope?.[2]?.split(',') ?? []
    const grant = (actions: string[], field: 'token' | 'access_token' = 'token'): void => {
      const t = registryJwt(host, repository, actions)
      issuedTokens.push(t)
      reply(res, 200, JSON.stringify({ [field]: t, expires_in: 300, issued_at: new Date().toISOString() }))
    }
    switch (mode) {
      case 'grant':
        return grant(asked)
      case 'grant-pull-only':
        return grant(
          asked.filter((a) => a === 'pull'),
          'access_token'
        )
      case 'refuse-push':
        return asked.includes('push')
          ? reply(res, 401, dockerError('UNAUTHORIZED', WORDS.insufficientScope))
          : grant(asked)
      case 'grant-opaque': {
        const t = `opaque-${randomBytes(24).toString('hex')}`
        issuedTokens.push(t)
        return reply(res, 200, JSON.stringify({ access_token: t }))
      }
      case 'private-only':
        return reply(res, 403, dockerError('DENIED', WORDS.privateOnly))
      case 'credentials':
        return reply(res, 401, dockerError('UNAUTHORIZED', WORDS.credentials))
      case 'not-authorized':
        return reply(res, 403, dockerError('DENIED', WORDS.notAuthorized))
      case 'quota-traffic':
        return reply(res, 403, dockerError('DENIED', WORDS.quotaTraffic))
      case 'quota-storage':
        return reply(res, 403, JSON.stringify({ code: 'DENIED', message: WORDS.quotaStorage }))
      case 'echo-key':
        return reply(res, 401, dockerError('UNAUTHORIZED', `${WORDS.credentials} (key ${key}, ${basic ?? ''})`))
      case 'plain-text-denied':
        return reply(res, 403, `denied: ${WORDS.notAuthorized}\n`)
      case 'html':
        return reply(res, 200, HTML)
      case 'busy':
        return reply(res, 503, dockerError('UNAVAILABLE', 'Service unavailable'))
      case 'reset':
      case 'hang':
        return // handled before
    }
  }

  const auth = (req: IncomingMessage, res: ServerResponse, mode: boolean | number): void => {
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]
    const account = bearer === undefined ? undefined : config.iamAccount?.(bearer)
    if (account === undefined || req.headers.account !== account)
      return reply(res, 401, JSON.stringify({ code: 'CRG0003E', message: 'You are not authorized.' })) // INVENTED
    if (typeof mode === 'number') return reply(res, mode, JSON.stringify({ code: 'CRG0003E', message: `HTTP ${mode}` })) // INVENTED
    reply(res, 200, JSON.stringify({ iam_authz: true, private_only: mode }))
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const authority = req.headers.host ?? ''
    const host = authority.replace(/:\d+$/, '').toLowerCase()
    const url = new URL(req.url ?? '/', 'http://fake')
    requests.push({
      host,
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      account: req.headers.account as string | undefined
    })
    const b = behaviour(host)
    const step = url.pathname === '/v2/' ? b.challenge : url.pathname === '/oauth/token' ? b.token : undefined
    if (step === 'hang') return
    if (step === 'reset') return void (raw.get(req.socket.remotePort ?? -1) ?? req.socket).resetAndDestroy()
    if (url.pathname === '/v2/') return challenge(res, authority, b.challenge)
    if (url.pathname === '/oauth/token') return token(req, res, host, url, b.token)
    if (url.pathname === '/api/v1/auth') return auth(req, res, b.privateOnly)
    reply(res, 404, dockerError('NOT_FOUND', 'no such path on the fake'))
  }

  const tls = config.tls
    ? {
        cert: readFileSync(new URL('registry.pem', TLS_DIR), 'utf8'),
        key: readFileSync(new URL('registry-key.pem', TLS_DIR), 'utf8')
      }
    : undefined
  const server: Server = tls ? createTlsServer(tls, listener) : createServer(listener)
  // A TLS socket cannot be reset itself: its TCP socket (by the peer's port, one per connection) can.
  const raw = new Map<number, Socket>()
  server.on('connection', (socket: Socket) => {
    const port = socket.remotePort ?? -1
    raw.set(port, socket)
    socket.on('close', () => raw.delete(port))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    url: `${proto}://127.0.0.1:${port}`,
    requests,
    issuedTokens,
    setHost: (host, b) => void hosts.set(host, b),
    requestsTo: (host) => requests.filter((r) => r.host === host),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections() // hung requests would keep close() waiting forever
      })
  }
}
