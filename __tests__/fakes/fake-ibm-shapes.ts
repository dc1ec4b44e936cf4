/**
 * Types, answer shapes and small helpers for the fake IBM services (see `fake-ibm.ts`). Shapes mirror IBM's as written in
 * /work/shared/docs/ibm-facts.md, section 3. Anything IBM does not document is marked INVENTED: tests
 * must not come to depend on it, and the code under test must not either.
 */
import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import ipaddr from 'ipaddr.js'

/** The endpoints faults can be set on. */
export type FakeEndpoint = 'token' | 'effective' | 'account' | 'user' | 'zones' | 'zone' | 'rules'

/**
 * A fault. `{status}` answers that status with an IAM-style error body (or `body`: a string is sent
 * raw, anything else as JSON), plus `Retry-After` when given. The rest:
 * - `hang`: never answer; `hang-after-headers`: send 200 headers and part of a body, then stall;
 * - `reset`: reset the connection (TCP RST); `malformed-json`: 200 with truncated JSON;
 * - `html`: 502 with an HTML page; `huge-list` (account, user): 200 with a 10,000-entry list;
 * - token only: `non-jwt-token` (opaque access_token), `jwt-without-account` (no `account.bss`),
 *   `suspended` (INVENTED IAM error, see `SUSPENDED`).
 */
export type FaultMode =
  | { status: number; retryAfter?: string | number; body?: unknown }
  | 'hang'
  | 'hang-after-headers'
  | 'reset'
  | 'malformed-json'
  | 'html'
  | 'huge-list'
  | 'non-jwt-token'
  | 'jwt-without-account'
  | 'suspended'

/** An API key the fake knows. */
export interface FakeKey {
  iamId: string
  accountId: string
}

/**
 * Address refusal of token requests (INVENTED answer: see `DEFAULT_REFUSAL`). A token is refused when
 * the client address is in none of `allowed` (addresses or CIDRs).
 */
export interface AddressRefusal {
  allowed: string[]
  status?: number
  errorCode?: string
  /** `{ip}` is replaced by the client address. */
  errorMessage?: string
  errorDetails?: string
}

/** Grant type of the API-key flow. */
export const APIKEY_GRANT = 'urn:ibm:params:oauth:grant-type:apikey'

/** Documented: HTTP 400 for an unknown key. */
export const INVALID_KEY = {
  status: 400,
  errorCode: 'BXNIM0415E',
  errorMessage: 'Provided API key could not be found.'
}

/**
 * INVENTED: IAM's refusal of a token because of the caller's address is undocumented (code, text and
 * status). `{ip}` in the message is replaced by the client address. Tests override all three to prove
 * the client does not depend on one code.
 */
export const DEFAULT_REFUSAL = {
  status: 403,
  errorCode: 'BXNIM9901E',
  errorMessage: 'The IP address {ip} is not allowed to create IAM tokens for this account.'
}

/** INVENTED: code, status and text for a suspended or disabled identity. */
export const SUSPENDED = {
  status: 400,
  errorCode: 'BXNIM9902E',
  errorMessage: 'The identity that owns the API key is disabled or suspended.'
}

/** An IAM-style error body. `context` carries the caller's address, as real IAM contexts have done (`clientIp`). */
export function iamError(
  errorCode: string,
  errorMessage: string,
  clientIp: string,
  errorDetails?: string
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    errorCode,
    errorMessage,
    context: {
      requestId: randomBytes(8).toString('hex'),
      requestType: 'incoming.Identity_Token',
      userAgent: 'fake',
      clientIp,
      url: 'https://iam.cloud.ibm.com',
      locale: 'en_US',
      clusterName: 'fake-iam'
    }
  }
  if (errorDetails !== undefined) body.errorDetails = errorDetails
  return body
}

/** What goes into an issued token. */
export interface TokenClaimsSpec {
  iamId: string
  accountId: string
  /** Leave `account.bss` out (fault: JWT without account). */
  withoutAccount?: boolean
}

/** A real-looking JWT: base64url header.payload.signature; the signature is random bytes. */
export function makeJwt(spec: TokenClaimsSpec, issuer: string): string {
  const now = Math.floor(Date.now() / 1000)
  const payload: Record<string, unknown> = {
    iam_id: spec.iamId,
    id: spec.iamId,
    realmid: spec.iamId.startsWith('iam-ServiceId-') ? 'iam' : 'IBMid',
    jti: randomBytes(16).toString('hex'),
    identifier: spec.iamId.replace(/^iam-/, ''),
    sub: spec.iamId.replace(/^iam-/, ''),
    sub_type: spec.iamId.startsWith('iam-ServiceId-') ? 'ServiceId' : 'IBMid',
    iat: now,
    exp: now + 3600,
    iss: `${issuer}/identity`,
    grant_type: APIKEY_GRANT,
    scope: 'ibm openid',
    client_id: 'default',
    acr: 1,
    amr: ['pwd']
  }
  if (!spec.withoutAccount) payload.account = { valid: true, bss: spec.accountId, frozen: true }
  const enc = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url')
  return `${enc({ kid: 'fake-20240101', alg: 'RS256' })}.${enc(payload)}.${randomBytes(256).toString('base64url')}`
}

/** An opaque token (fault: non-JWT token). */
export function makeOpaqueToken(): string {
  return `opaque-${randomBytes(24).toString('hex')}`
}

/** The documented 200 answer of `POST /identity/token`. */
export function tokenBody(accessToken: string): Record<string, unknown> {
  return {
    access_token: accessToken,
    refresh_token: 'not_supported',
    token_type: 'Bearer',
    expires_in: 3600,
    expiration: Math.floor(Date.now() / 1000) + 3600,
    scope: 'ibm openid'
  }
}

/** `GET /v1/accounts/{id}/settings/identity` (fields beyond the documented ones are plausible filler). */
export function accountSettingsBody(accountId: string, list: string): Record<string, unknown> {
  return {
    account_id: accountId,
    entity_tag: '1-' + randomBytes(4).toString('hex'),
    allowed_ip_addresses: list,
    mfa: 'NONE',
    restrict_create_service_id: 'NOT_SET',
    restrict_create_platform_apikey: 'NOT_SET',
    session_expiration_in_seconds: 'NOT_SET',
    session_invalidation_in_seconds: 'NOT_SET'
  }
}

/** An enterprise settings template assigned to an account, with the list it imposes. */
export interface FakeTemplate {
  id: string
  name: string
  version: number
  list: string
}

/**
 * `GET /v1/accounts/{id}/effective_settings/identity` (docs/ibm-facts.md §10): the list IAM applies, the
 * account's own settings, and the templates assigned. With a template, its list is the effective one here
 * (how IBM computes `effective` is not documented; the fake only needs to make the two differ).
 */
export function effectiveSettingsBody(
  accountId: string,
  own: string,
  template?: FakeTemplate
): Record<string, unknown> {
  return {
    account_id: accountId,
    effective: { allowed_ip_addresses: template ? template.list : own, mfa: 'NONE' },
    account: accountSettingsBody(accountId, own),
    ...(template
      ? {
          assigned_templates: [
            {
              template_id: template.id,
              template_version: template.version,
              template_name: template.name,
              allowed_ip_addresses: template.list
            }
          ]
        }
      : {})
  }
}

/** `GET /v2/accounts/{id}/users/{iam_id}/settings`. */
export function userSettingsBody(list: string): Record<string, unknown> {
  return { language: '', notification_language: '', allowed_ip_addresses: list, self_manage: false }
}

/** A stored zone. Members are kept as given, so tests can put odd members in. */
export interface FakeZone {
  accountId: string
  name: string
  /** Generated (32 hex digits) when absent. */
  id?: string
  addresses: unknown[]
  excluded?: unknown[]
  description?: string
}

/** A zone summary, as `GET /v1/zones` lists it (a preview of the addresses only). */
export function zoneSummary(zone: Required<FakeZone>, base: string): Record<string, unknown> {
  return {
    id: zone.id,
    crn: `crn:v1:bluemix:public:context-based-restrictions::a/${zone.accountId}::zone:${zone.id}`,
    name: zone.name,
    description: zone.description,
    addresses_preview: zone.addresses.slice(0, 5),
    address_count: zone.addresses.length,
    excluded_count: zone.excluded.length,
    href: `${base}/v1/zones/${zone.id}`
  }
}

/** A whole zone, as `GET /v1/zones/{id}` returns it. */
export function zoneBody(zone: Required<FakeZone>, base: string): Record<string, unknown> {
  const { addresses_preview: _preview, ...summary } = zoneSummary(zone, base)
  return { ...summary, account_id: zone.accountId, addresses: zone.addresses, excluded: zone.excluded }
}

/** A list of `n` distinct addresses (198.18.0.0/15, the benchmarking range), comma-separated. */
export function hugeList(n = 10_000): string {
  return Array.from({ length: n }, (_, i) => `198.18.${i >> 8}.${i & 255}`).join(',')
}

/** An HTML error page as a proxy or load balancer would send. */
export const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>'

/** A fake's answer. */
export interface Reply {
  status: number
  body: unknown
  headers?: Record<string, string>
}

/** Writes a reply (a string body is sent raw, HTML typed as such; anything else as JSON). */
export function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
  const type = typeof reply.body === 'string' && text.trimStart().startsWith('<') ? 'text/html' : 'application/json'
  res.writeHead(reply.status, { 'Content-Type': type, ...reply.headers })
  res.end(text)
}

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
export function normalise(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.)/, '')
}

/** Whether an address is one of, or inside one of, the given addresses or CIDRs. */
export function allowedBy(client: string, allowed: string[]): boolean {
  if (!ipaddr.isValid(client)) return false
  const addr = ipaddr.process(client)
  return allowed.some((entry) => {
    try {
      if (entry.includes('/')) {
        const [net, bits] = ipaddr.parseCIDR(entry)
        return net.kind() === addr.kind() && addr.match(net, bits)
      }
      return ipaddr.process(entry).toString() === addr.toString()
    } catch {
      return false
    }
  })
}
