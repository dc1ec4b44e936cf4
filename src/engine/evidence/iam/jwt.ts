/**
 * Reads the claims of an IAM access token. The token is decoded, never verified: the preflight only
 * wants to know which account and identity IAM issued it for (`account.bss`, `iam_id`), and IAM is the
 * party that just handed it over on a TLS connection, so a signature check would prove nothing new.
 */
import { isObject, nonEmptyString } from './api.js'

/** The claims the preflight uses. Each is undefined when the token does not carry it as a string. */
interface TokenClaims {
  /** `account.bss`: the account id. */
  accountId?: string
  /** `iam_id`: `iam-ServiceId-…` for service IDs, `IBMid-…` for users. */
  iamId?: string
}

/** Prefix of `iam_id` for service IDs (docs/ibm-facts.md §3). */
const SERVICE_ID_PREFIX = 'iam-ServiceId-'

/** Largest token decoded: real IAM tokens are a few KiB; anything far bigger is not worth parsing. */
const MAX_TOKEN_CHARS = 64 * 1024

/**
 * Decodes the payload of a JWT. Returns undefined for anything that is not a three-part JWT with a JSON
 * object payload (opaque tokens, garbage, huge strings).
 */
export function decodeClaims(token: unknown): TokenClaims | undefined {
  const payload = decodePayload(token)
  if (payload === undefined) return undefined
  const account = payload.account
  return {
    accountId: nonEmptyString(isObject(account) ? account.bss : undefined),
    iamId: nonEmptyString(payload.iam_id)
  }
}

/**
 * The payload of a JWT as a JSON object, decoded and not verified (the registry login reads its own
 * tokens' claims with it too). Undefined for anything that is not a three-part JWT with a JSON object payload.
 */
export function decodePayload(token: unknown): Record<string, unknown> | undefined {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS) return undefined
  const parts = token.split('.')
  const body = parts[1]
  if (parts.length !== 3 || body === undefined || !/^[A-Za-z0-9_-]+={0,2}$/.test(body)) return undefined
  let payload: unknown
  try {
    // base64url, with or without padding; Buffer accepts both alphabets.
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err
    return undefined
  }
  return isObject(payload) && !Array.isArray(payload) ? payload : undefined
}

/** True when the IAM id names a service ID (service IDs have no user-level list). */
export function isServiceId(iamId: string | undefined): boolean {
  return iamId?.startsWith(SERVICE_ID_PREFIX) === true
}
