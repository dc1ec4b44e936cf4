/**
 * The registry's own answer: the Docker Registry v2 login that `docker login -u iamapikey` performs, done
 * without Docker (docs/ibm-facts.md §8). `GET /v2/` answers 401 with a Bearer challenge; the token request to
 * its realm, with Basic `iamapikey:KEY`, the challenge's `service` and a `scope` for the repository, is where
 * the registry turns the key into an IAM token and applies its own gates. Every answer is kept as evidence in
 * the registry's own words; the key and the token never leave this module.
 */
import { secretSet, type Redactor } from '../../report/redact.js'
import type { RegistryTarget } from '../../settings/registries.js'
import type { HttpClient, HttpResponse } from '../http/http-client.js'
import { HttpError } from '../http/http-error.js'
import { isRetryableStatus } from '../http/retry.js'
import { describeOrigin } from '../http/url-policy.js'
import { bodyKind, clip, nonEmptyString, parseJsonObject } from '../iam/api.js'
import { refusalKind, registryWords } from './answer.js'
import { parseBearerChallenge, realmProblem, type BearerChallenge } from './challenge.js'
import { faultOutcome, grantedActions, loginOf, type RegistryLogin } from './outcome.js'

/** What one login needs. */
export interface LoginSpec {
  target: RegistryTarget
  /** Where the registry is asked: `https://HOST`, or a loopback origin in tests. */
  base: string
  apikey: string
  /** The debug trail: origins and outcomes only. */
  log: (line: string) => void
  /** Told of every registry token obtained, so the caller can mask it at once. */
  onSecret?: (secret: string) => void
}

/** The user name `docker login` takes for an API key. */
const API_KEY_USER = 'iamapikey'

/** The part of a login the steps fill in. */
type Step = Omit<RegistryLogin, keyof ReturnType<typeof loginOf>>

/**
 * Logs in to one registry host: the challenge, then the token request. A job whose use is not known asks
 * for `pull,push`; when the registry refuses that as not authorized, `pull` alone is asked next, so a
 * pull-only key of a job that only pulls is not reported as refused.
 */
export async function loginToRegistry(http: HttpClient, spec: LoginSpec): Promise<RegistryLogin> {
  const { target, log } = spec
  const secrets = secretSet([spec.apikey])
  const redact = secrets.redact
  const name = `registry ${target.host}`
  const challenge = await askChallenge(http, spec.base, redact)
  if ('outcome' in challenge) {
    log(`${name}: GET /v2/: ${challenge.outcome}${challenge.httpStatus ? ` (HTTP ${challenge.httpStatus})` : ''}`)
    return { ...loginOf(target), ...challenge }
  }
  log(
    `${name}: Bearer challenge, realm ${describeOrigin(new URL(challenge.realm))}, service ${challenge.service ?? '(none)'}`
  )
  const repository = target.repository
  const actions = target.access === 'pull' ? 'pull' : 'pull,push'
  const scope = repository ? `repository:${repository}:${actions}` : undefined
  const ask = (s: string | undefined): Promise<Step> =>
    askToken(http, challenge, s, {
      apikey: spec.apikey,
      repository,
      redact,
      keep: (t) => {
        secrets.add(t)
      },
      onSecret: spec.onSecret
    })
  let step = await ask(scope)
  log(
    `${name}: token request${scope ? ` (scope ${actions})` : ' (no repository known: no scope)'}: ${step.outcome}${step.httpStatus ? ` (HTTP ${step.httpStatus})` : ''}`
  )
  if (step.outcome === 'not-authorized' && repository && target.access === undefined) {
    const pullOnly = await ask(`repository:${repository}:pull`)
    log(`${name}: token request (scope pull, the job's use not known): ${pullOnly.outcome}`)
    if (pullOnly.outcome === 'granted')
      step = { ...pullOnly, narrowedToPull: true, scope: `repository:${repository}:pull` }
  }
  return { ...loginOf(target), ...step }
}

/** `GET /v2/`: the usable Bearer challenge, or how the login ended there. */
async function askChallenge(http: HttpClient, base: string, redact: Redactor): Promise<BearerChallenge | Step> {
  let res: HttpResponse
  try {
    res = await http.request('GET', `${base}/v2/`, { headers: { Accept: 'application/json' } })
  } catch (err) {
    if (!(err instanceof HttpError)) throw err
    return fault('challenge', err, redact)
  }
  if (res.status === 401) {
    const challenge = parseBearerChallenge(res.headers['www-authenticate'])
    if ('problem' in challenge) {
      const why = {
        missing: 'no WWW-Authenticate challenge',
        'not-bearer': 'a challenge that is not Bearer',
        'no-realm': 'a Bearer challenge without a realm'
      }
      return answered(
        'challenge',
        res,
        redact,
        `GET /v2/ answered 401 with ${why[challenge.problem]}: the key was not sent`
      )
    }
    const problem = realmProblem(challenge.realm, new URL(base).origin)
    if (problem)
      return {
        step: 'challenge',
        outcome: 'unexpected',
        httpStatus: 401,
        detail: redact(`${problem}: the key was not sent there`)
      }
    return challenge
  }
  if (res.status >= 200 && res.status < 300) {
    return {
      step: 'challenge',
      outcome: 'unexpected',
      httpStatus: res.status,
      detail: `GET /v2/ answered ${res.status} without asking for credentials`
    }
  }
  return answered(
    'challenge',
    res,
    redact,
    `GET /v2/ answered HTTP ${res.status} instead of 401 with a Bearer challenge`
  )
}

/** What the token request needs besides the challenge and the scope. */
interface TokenAsk {
  apikey: string
  repository?: string
  redact: Redactor
  /** Adds a token to the secrets this login redacts. */
  keep: (token: string) => void
  onSecret?: (secret: string) => void
}

/** `GET <realm>?service=…&scope=…` with Basic `iamapikey:KEY`. */
async function askToken(
  http: HttpClient,
  challenge: BearerChallenge,
  scope: string | undefined,
  ask: TokenAsk
): Promise<Step> {
  const url = new URL(challenge.realm)
  if (challenge.service !== undefined) url.searchParams.set('service', challenge.service)
  if (scope !== undefined) url.searchParams.append('scope', scope)
  const basic = Buffer.from(`${API_KEY_USER}:${ask.apikey}`, 'utf8').toString('base64')
  let res: HttpResponse
  try {
    res = await http.request('GET', url.href, {
      headers: { Authorization: `Basic ${basic}`, Accept: 'application/json' }
    })
  } catch (err) {
    if (!(err instanceof HttpError)) throw err
    return { ...fault('token', err, ask.redact), ...(scope ? { scope } : {}) }
  }
  const step: Step = { step: 'token', outcome: 'unexpected', httpStatus: res.status, attempts: res.attempts }
  if (scope !== undefined) step.scope = scope
  if (res.status < 200 || res.status >= 300) return { ...step, ...answered('token', res, ask.redact) }
  const json = parseJsonObject(res.body)
  // Clients read either field (docs/ibm-facts.md §8); `token` first, as Docker does.
  const token = nonEmptyString(json?.token) ?? nonEmptyString(json?.access_token)
  if (token === undefined) {
    const what =
      json === undefined ? `${bodyKind(res.body)} where JSON was expected` : 'JSON without a token or access_token'
    return { ...step, detail: `the token request answered HTTP ${res.status} with ${what}` }
  }
  ask.keep(token)
  ask.onSecret?.(token)
  step.outcome = 'granted'
  const actions = ask.repository === undefined ? undefined : grantedActions(token, ask.repository)
  if (actions !== undefined) step.grantedActions = actions
  return step
}

/** Reads a non-2xx answer: a refusal in the registry's words, a busy registry, or an answer none expects. */
function answered(step: 'challenge' | 'token', res: HttpResponse, redact: Redactor, unexpected?: string): Step {
  const words = registryWords(res.body)
  const out: Step = { step, outcome: 'unexpected', httpStatus: res.status, attempts: res.attempts }
  // Redacted first, clipped after: a cut could otherwise leave the start of a secret the redactor no longer sees whole.
  if (words.code !== undefined) out.registryCode = clip(redact(words.code))
  if (words.message !== undefined) out.registryMessage = clip(redact(words.message))
  const kind = refusalKind(res.status, words, step === 'token')
  if (kind) return { ...out, outcome: kind }
  const tries = res.attempts > 1 ? ` after ${res.attempts} attempts` : ''
  if (isRetryableStatus(res.status))
    return { ...out, outcome: 'unreachable', detail: `HTTP ${res.status}${tries}: the registry was busy or failing` }
  const body = words.nonJson === undefined ? '' : ` (${words.nonJson})`
  return { ...out, detail: `${unexpected ?? `the token request answered HTTP ${res.status}`}${body}` }
}

/** A request that got no answer. */
function fault(step: 'challenge' | 'token', err: HttpError, redact: Redactor): Step {
  const out: Step = {
    step,
    outcome: faultOutcome(err),
    transportError: err.kind,
    attempts: err.attempts,
    detail: clip(redact(err.message))
  }
  if (err.code !== undefined) out.networkCode = err.code
  return out
}
