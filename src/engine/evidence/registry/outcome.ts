/**
 * The outcome of one registry login (the evidence type), and the small readers that turn what came back
 * (an HTTP fault, a granted token) into it. Pure: no I/O.
 */
import type { RegistryTarget, SourceLocation } from '../../settings/registries.js'
import type { HttpError, HttpErrorKind } from '../http/http-error.js'
import { decodePayload } from '../iam/jwt.js'
import { isObject } from '../iam/api.js'
import type { RefusalKind } from './answer.js'

/**
 * How a login ended. `connection-refused`: reset, refused or a TLS failure once the HTTP layer's retries were
 * spent; `unreachable`: a timeout, the run's time limit, a name that does not resolve, a proxy that would not
 * connect, or 429 / 5xx to the end; `unexpected`: an answer that is none of the documented ones (no Bearer
 * challenge, a realm the key may not go to, HTML where JSON was expected); `skipped`: not asked, with why.
 */
export type RegistryOutcome = 'granted' | RefusalKind | 'connection-refused' | 'unreachable' | 'unexpected' | 'skipped'

/** One registry host's login, as `docker login -u iamapikey` does it. Never holds the key or a token. */
export interface RegistryLogin {
  host: string
  region?: string
  private: boolean
  /** The repository the scope named (`namespace/name`), when the job names one. */
  repository?: string
  /** What the job does with it (`push` or `pull`); absent when not known. */
  access?: 'push' | 'pull'
  /** Where the registry is named in the workflow. */
  location?: SourceLocation
  outcome: RegistryOutcome
  /** The request the outcome came from: the anonymous `GET /v2/` or the token request to the realm. */
  step?: 'challenge' | 'token'
  /** The scope asked for (`repository:ns/app:pull,push`); absent when no repository is known. */
  scope?: string
  /** The status of the registry's last answer; absent when none came. */
  httpStatus?: number
  /** Requests made for the step, retries included. */
  attempts?: number
  /** The registry's own error code (`UNAUTHORIZED`, `DENIED`), redacted. */
  registryCode?: string
  /** The registry's own words, redacted, then clipped. */
  registryMessage?: string
  /** What happened, in this program's words, when the registry's are not the whole story. */
  detail?: string
  /** The HTTP layer's fault kind and Node's error code, when no answer came. */
  transportError?: HttpErrorKind
  networkCode?: string
  /**
   * The actions the granted token names for the repository (Docker's `access` claim of a JWT token);
   * absent when the token does not say (not a JWT, no claim) or no repository was asked for.
   */
  grantedActions?: string[]
  /** `pull,push` was refused and `pull` alone granted: asked again because the job's use was not known. */
  narrowedToPull?: boolean
}

/** A login's fields that come from its target. */
export function loginOf(
  target: RegistryTarget
): Pick<RegistryLogin, 'host' | 'region' | 'private' | 'repository' | 'access' | 'location'> {
  const out: ReturnType<typeof loginOf> = { host: target.host, private: target.private }
  if (target.region !== undefined) out.region = target.region
  if (target.repository !== undefined) out.repository = target.repository
  if (target.access !== undefined) out.access = target.access
  if (target.location !== undefined) out.location = target.location
  return out
}

/** Node error codes of a TLS failure (as the HTTP layer names them). */
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|^EPROTO$/

/** Codes of a connection the other side (or something on the path) ended or turned away. */
const REFUSED_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ECONNABORTED'])

/**
 * The outcome of a request that got no answer. A proxy that would not open the tunnel is no answer of the
 * registry: `tunnel` reports it with the code ECONNRESET, so it is told apart by the HTTP layer's "(proxy)"
 * mark before the code is read.
 */
export function faultOutcome(
  err: HttpError
): Extract<RegistryOutcome, 'connection-refused' | 'unreachable' | 'unexpected'> {
  if (err.kind === 'timeout' || err.kind === 'deadline' || err.kind === 'aborted') return 'unreachable'
  if (err.kind !== 'network') return 'unexpected'
  if (err.message.includes('(proxy)')) return 'unreachable'
  const code = err.code ?? ''
  return REFUSED_CODES.has(code) || TLS_CODE.test(code) ? 'connection-refused' : 'unreachable'
}

/**
 * The actions a registry token grants on `repository`, from Docker's `access` claim
 * (`[{type: "repository", name, actions}]`); `[]` when the claim names other repositories only. Undefined when
 * the token is not a JWT or has no `access` claim: IBM does not document its tokens, so silence is not "no".
 */
export function grantedActions(token: string, repository: string): string[] | undefined {
  const access = decodePayload(token)?.access
  if (!Array.isArray(access)) return undefined
  const actions = new Set<string>()
  for (const entry of access) {
    if (!isObject(entry) || entry.type !== 'repository' || entry.name !== repository || !Array.isArray(entry.actions))
      continue
    for (const a of entry.actions) if (typeof a === 'string') actions.add(a)
  }
  return [...actions]
}
