/**
 * A loopback fake of the IBM services the preflight talks to: IAM (token, account settings), User Management
 * (user settings), context-based restrictions (zones; rules in `fake-cbr-rules.ts`). Three servers on 127.0.0.1,
 * port 0, so a client that mixes up endpoints gets 404s. Shapes are in `fake-ibm-shapes.ts`.
 *
 *   const ibm = await startFakeIbm({ keys: { KEY: { iamId: 'IBMid-1', accountId: 'acc1' } },
 *                                    accounts: { acc1: '203.0.113.0/24' } })
 *   ibm.failNext('account', { status: 500 })      // one 500, then the normal answer
 *   ibm.failAlways('token', 'hang')                // every token request hangs
 *   ibm.refuseAddresses({ allowed: ['203.0.113.7'] }) // token refused unless the client is allowed
 *   … ibm.iamUrl, ibm.umUrl, ibm.cbrUrl, ibm.requests, ibm.issuedTokens …
 *   await ibm.close()
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import * as S from './fake-ibm-shapes.js'
import {
  allowedBy,
  normalise,
  send,
  type Reply,
  type FakeEndpoint,
  type FaultMode,
  type FakeKey,
  type AddressRefusal
} from './fake-ibm-shapes.js'
import { addRule, answerRules, type FakeRule, type RulePaging, type StoredRule } from './fake-cbr-rules.js'

export type { FakeZone, FakeEndpoint, FaultMode, FakeKey, AddressRefusal } from './fake-ibm-shapes.js'
export { hugeList, DEFAULT_REFUSAL, SUSPENDED, INVALID_KEY } from './fake-ibm-shapes.js'
export { registryRule, type FakeRule, type RulePaging } from './fake-cbr-rules.js'

/** Initial state; everything can be changed later through the methods. */
export interface FakeIbmConfig {
  keys?: Record<string, FakeKey>
  /** accountId → `allowed_ip_addresses`. Accounts of keys exist with '' unless set. */
  accounts?: Record<string, string>
  /** User lists. Users of keys (non-service IDs) exist with '' unless set. */
  users?: Array<{ accountId: string; iamId: string; list: string }>
  zones?: S.FakeZone[]
  /** Context-based restrictions rules (any service); answered in one page unless `rulePaging` says otherwise. */
  rules?: FakeRule[]
  rulePaging?: RulePaging
  refusal?: AddressRefusal
  /** accountId → the enterprise settings template assigned to it. */
  templates?: Record<string, S.FakeTemplate>
  /** The address the fake believes the client has (default: the socket's peer address). */
  clientAddress?: string
  /**
   * Serve HTTPS with the TEST-ONLY certificate of `__fixtures__/tls/` (valid for iam.test, um.test, cbr.test,
   * localhost, 127.0.0.1, …): the URLs become `https://127.0.0.1:port`. Clients trust it through the test CA.
   */
  tls?: boolean
}

/** One request, as received. */
export interface RecordedRequest {
  service: 'iam' | 'um' | 'cbr'
  endpoint?: FakeEndpoint
  method: string
  /** Path and query. */
  path: string
  headers: Record<string, string | string[] | undefined>
  body: string
  clientAddress: string
}

/** A running fake. */
export interface FakeIbm {
  iamUrl: string
  umUrl: string
  cbrUrl: string
  /** Every request, in arrival order. */
  requests: RecordedRequest[]
  /** Every access token issued, for bearer checks and secret-leak greps. */
  issuedTokens: string[]
  addKey(apikey: string, key: FakeKey): void
  setAccountList(accountId: string, list: string): void
  setUserList(accountId: string, iamId: string, list: string): void
  addZone(zone: S.FakeZone): string
  /** Stores a rule; returns its id. */
  addRule(rule: FakeRule): string
  setRulePaging(paging: RulePaging): void
  refuseAddresses(refusal: AddressRefusal | undefined): void
  setClientAddress(address: string | undefined): void
  /** Queues faults: each request to the endpoint takes the next one; then the fixed mode or normal answers. */
  failNext(endpoint: FakeEndpoint, ...modes: FaultMode[]): void
  /** Sets (or clears, with undefined) a fault for every request to the endpoint. */
  failAlways(endpoint: FakeEndpoint, mode: FaultMode | undefined): void
  requestsTo(endpoint: FakeEndpoint): RecordedRequest[]
  close(): Promise<void>
}

/** Starts the three fake services. */
export async function startFakeIbm(config: FakeIbmConfig = {}): Promise<FakeIbm> {
  const keys = new Map(Object.entries(config.keys ?? {}))
  const accounts = new Map(Object.entries(config.accounts ?? {}))
  const users = new Map((config.users ?? []).map((u) => [`${u.accountId}/${u.iamId}`, u.list]))
  const zones: Array<Required<S.FakeZone>> = []
  const tokens = new Map<string, S.TokenClaimsSpec>()
  const queued = new Map<FakeEndpoint, FaultMode[]>()
  const fixed = new Map<FakeEndpoint, FaultMode>()
  let refusal = config.refusal
  let pretend = config.clientAddress
  const requests: RecordedRequest[] = []
  const issuedTokens: string[] = []
  const servers: Server[] = []
  const urls: Record<'iam' | 'um' | 'cbr', string> = { iam: '', um: '', cbr: '' }

  const addZone = (zone: S.FakeZone): string => {
    const full = {
      ...zone,
      id: zone.id ?? randomBytes(16).toString('hex'),
      excluded: zone.excluded ?? [],
      description: zone.description ?? ''
    }
    zones.push(full)
    return full.id
  }
  for (const zone of config.zones ?? []) addZone(zone)
  const rules: StoredRule[] = []
  for (const rule of config.rules ?? []) addRule(rules, rule)
  let rulePaging: RulePaging = config.rulePaging ?? { style: 'none' }

  /** The account of a valid bearer token, or a 401 reply. */
  const bearer = (req: IncomingMessage): S.TokenClaimsSpec | Reply => {
    const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')
    const spec = m ? tokens.get(m[1]!) : undefined
    // INVENTED error code: the 401 text of these APIs is not in the facts.
    return spec ?? { status: 401, body: S.iamError('FAKE-UNAUTHORIZED', 'Missing or invalid bearer token.', '') }
  }
  const forbidden = (): Reply => ({
    status: 403,
    body: S.iamError('FAKE-FORBIDDEN', 'You are not authorized to access this account.', '')
  })
  const notFound = (what: string): Reply => ({
    status: 404,
    body: S.iamError('FAKE-NOT-FOUND', `${what} not found.`, '')
  })

  const accountOf = (id: string): string | undefined =>
    accounts.get(id) ?? ([...keys.values()].some((k) => k.accountId === id) ? '' : undefined)
  const userOf = (accountId: string, iamId: string): string | undefined =>
    users.get(`${accountId}/${iamId}`) ??
    ([...keys.values()].some(
      (k) => k.accountId === accountId && k.iamId === iamId && !k.iamId.startsWith('iam-ServiceId-')
    )
      ? ''
      : undefined)

  const issue = (spec: S.TokenClaimsSpec, opaque: boolean): Reply => {
    const token = opaque ? S.makeOpaqueToken() : S.makeJwt(spec, urls.iam)
    tokens.set(token, spec)
    issuedTokens.push(token)
    return { status: 200, body: S.tokenBody(token) }
  }

  const handleToken = (body: string, client: string, fault: FaultMode | undefined): Reply => {
    const form = new URLSearchParams(body)
    if (form.get('grant_type') !== S.APIKEY_GRANT || !form.get('apikey')) {
      return { status: 400, body: S.iamError('FAKE-BAD-REQUEST', 'grant_type or apikey missing.', client) } // INVENTED
    }
    const key = keys.get(form.get('apikey') as string)
    if (!key)
      return {
        status: S.INVALID_KEY.status,
        body: S.iamError(S.INVALID_KEY.errorCode, S.INVALID_KEY.errorMessage, client)
      }
    if (fault === 'suspended')
      return { status: S.SUSPENDED.status, body: S.iamError(S.SUSPENDED.errorCode, S.SUSPENDED.errorMessage, client) }
    if (refusal && !allowedBy(client, refusal.allowed)) {
      const r = { ...S.DEFAULT_REFUSAL, ...refusal }
      return {
        status: r.status,
        body: S.iamError(r.errorCode, r.errorMessage.split('{ip}').join(client), client, refusal.errorDetails)
      }
    }
    return issue({ ...key, withoutAccount: fault === 'jwt-without-account' }, fault === 'non-jwt-token')
  }

  const route = (service: RecordedRequest['service'], method: string, url: URL): FakeEndpoint | undefined => {
    const p = url.pathname
    if (service === 'iam' && method === 'POST' && p === '/identity/token') return 'token'
    if (service === 'iam' && method === 'GET' && /^\/v1\/accounts\/[^/]+\/settings\/identity$/.test(p)) return 'account'
    if (service === 'iam' && method === 'GET' && /^\/v1\/accounts\/[^/]+\/effective_settings\/identity$/.test(p))
      return 'effective'
    if (service === 'um' && method === 'GET' && /^\/v2\/accounts\/[^/]+\/users\/[^/]+\/settings$/.test(p)) return 'user'
    if (service === 'cbr' && method === 'GET' && p === '/v1/zones') return 'zones'
    if (service === 'cbr' && method === 'GET' && /^\/v1\/zones\/[^/]+$/.test(p)) return 'zone'
    if (service === 'cbr' && method === 'GET' && p === '/v1/rules') return 'rules'
    return undefined
  }

  const answer = (
    endpoint: FakeEndpoint,
    req: IncomingMessage,
    url: URL,
    body: string,
    client: string,
    fault?: FaultMode
  ): Reply => {
    if (endpoint === 'token') return handleToken(body, client, fault)
    const who = bearer(req)
    if ('status' in who) return who
    const seg = url.pathname.split('/').map(decodeURIComponent)
    if (endpoint === 'effective') {
      const accountId = seg[3]!
      if (who.accountId !== accountId) return forbidden()
      const own = accountOf(accountId)
      if (own === undefined) return notFound('Account')
      const raw = fault === 'huge-list' ? S.hugeList() : own
      return { status: 200, body: S.effectiveSettingsBody(accountId, raw, config.templates?.[accountId]) }
    }
    if (endpoint === 'rules') return answerRules(url, who.accountId, rules, rulePaging, urls.cbr)
    if (endpoint === 'account' || endpoint === 'user') {
      const accountId = seg[3]
      if (who.accountId !== accountId) return forbidden()
      const list = endpoint === 'account' ? accountOf(accountId) : userOf(accountId, seg[5]!)
      if (list === undefined) return notFound(endpoint === 'account' ? 'Account' : 'User')
      const raw = fault === 'huge-list' ? S.hugeList() : list
      return {
        status: 200,
        body: endpoint === 'account' ? S.accountSettingsBody(accountId, raw) : S.userSettingsBody(raw)
      }
    }
    if (endpoint === 'zones') {
      const accountId = url.searchParams.get('account_id')
      if (!accountId) return { status: 400, body: S.iamError('FAKE-BAD-REQUEST', 'account_id is required.', client) } // INVENTED
      if (who.accountId !== accountId) return forbidden()
      const name = url.searchParams.get('name')
      const found = zones.filter((z) => z.accountId === accountId && (name === null || z.name === name))
      return { status: 200, body: { count: found.length, zones: found.map((z) => S.zoneSummary(z, urls.cbr)) } }
    }
    const zone = zones.find((z) => z.id === seg[3])
    if (!zone) return notFound('Zone')
    if (zone.accountId !== who.accountId) return forbidden()
    return { status: 200, body: S.zoneBody(zone, urls.cbr) }
  }

  const handle = (
    service: RecordedRequest['service'],
    req: IncomingMessage,
    res: ServerResponse,
    body: string
  ): void => {
    const url = new URL(req.url ?? '/', 'http://fake')
    const client = pretend ?? normalise(req.socket.remoteAddress ?? '')
    const endpoint = route(service, req.method ?? 'GET', url)
    requests.push({
      service,
      endpoint,
      method: req.method ?? '',
      path: req.url ?? '',
      headers: { ...req.headers },
      body,
      clientAddress: client
    })
    if (!endpoint) return send(res, { status: 404, body: { message: 'no such path on the fake' } })
    // The effective settings are the account's too: a fault set for good on the account list breaks both reads
    // (the fallback read of the account's own list meets it as well); one-off faults go to the endpoint named.
    const fault =
      queued.get(endpoint)?.shift() ??
      fixed.get(endpoint) ??
      (endpoint === 'effective' ? fixed.get('account') : undefined)
    if (fault === 'hang') return
    if (fault === 'reset') return void req.socket.resetAndDestroy()
    if (fault === 'hang-after-headers') {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write('{"partial":')
      return
    }
    if (fault === 'malformed-json')
      return send(res, { status: 200, body: '{"access_token": "abc", "allowed_ip_addresses": "1.2.3.4' })
    if (fault === 'html') return send(res, { status: 502, body: S.HTML_PAGE })
    if (typeof fault === 'object') {
      const headers = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : undefined
      const errBody =
        fault.body ?? S.iamError(`FAKE-HTTP-${fault.status}`, `Fake failure with HTTP ${fault.status}.`, client)
      return send(res, { status: fault.status, body: errBody, headers })
    }
    send(res, answer(endpoint, req, url, body, client, fault))
  }

  const tls = config.tls ? readTlsMaterial() : undefined
  for (const service of ['iam', 'um', 'cbr'] as const) {
    const listener = (req: IncomingMessage, res: ServerResponse): void => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => handle(service, req, res, Buffer.concat(chunks).toString('utf8')))
    }
    const server: Server = tls ? createTlsServer(tls, listener) : createServer(listener)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    urls[service] = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`
    servers.push(server)
  }

  return {
    iamUrl: urls.iam,
    umUrl: urls.um,
    cbrUrl: urls.cbr,
    requests,
    issuedTokens,
    addKey: (apikey, key) => void keys.set(apikey, key),
    setAccountList: (accountId, list) => void accounts.set(accountId, list),
    setUserList: (accountId, iamId, list) => void users.set(`${accountId}/${iamId}`, list),
    addZone,
    addRule: (rule) => addRule(rules, rule),
    setRulePaging: (paging) => void (rulePaging = paging),
    refuseAddresses: (r) => void (refusal = r),
    setClientAddress: (a) => {
      pretend = a
    },
    failNext: (endpoint, ...modes) => void queued.set(endpoint, [...(queued.get(endpoint) ?? []), ...modes]),
    failAlways: (endpoint, mode) => {
      if (mode === undefined) fixed.delete(endpoint)
      else fixed.set(endpoint, mode)
    },
    requestsTo: (endpoint) => requests.filter((r) => r.endpoint === endpoint),
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve())
              s.closeAllConnections() // hung requests would keep close() waiting forever
            })
        )
      )
    }
  }
}

/** The TEST-ONLY certificate and key (see `__fixtures__/tls/README.md`). */
function readTlsMaterial(): { cert: string; key: string } {
  const dir = new URL('../../__fixtures__/tls/', import.meta.url)
  return {
    cert: readFileSync(new URL('server.pem', dir), 'utf8'),
    key: readFileSync(new URL('server-key.pem', dir), 'utf8')
  }
}
