/**
 * The registry's private-only setting of a region, read with the IAM token through the registry management API
 * (`IBM/container-registry-go-sdk`, docs/ibm-facts.md §8): `GET https://<region's domain>/api/v1/auth` with
 * `Authorization: Bearer <IAM token>` and `Account: <account id>` → `{iam_authz, private_only}`. Reading it
 * needs Manager on Container Registry; a push-only (Writer) key cannot, and that is "could not check", never a
 * failure.
 */
import type { HttpClient, HttpResponse } from '../http/http-client.js'
import { HttpError } from '../http/http-error.js'
import { bodyKind, clip, parseJsonObject } from '../iam/api.js'

/** The private-only setting of one registry region, or why it could not be read. */
export interface PrivateOnlyRead {
  region: string
  /** The region's public domain asked (`us.icr.io`). */
  host: string
  outcome: 'enabled' | 'disabled' | 'could-not-check'
  httpStatus?: number
  /** `iam_authz` as the registry reported it. */
  iamAuthz?: boolean
  /** Why it could not be read. */
  detail?: string
}

/** What the read needs: the region, its base URL (`https://us.icr.io`; loopback in tests), the token, the account. */
export interface PrivateOnlySpec {
  region: string
  host: string
  base: string
  iamToken: string
  accountId: string
}

/** Reads the setting; every failure is `could-not-check` with the reason. */
export async function readPrivateOnly(http: HttpClient, spec: PrivateOnlySpec): Promise<PrivateOnlyRead> {
  const read: PrivateOnlyRead = { region: spec.region, host: spec.host, outcome: 'could-not-check' }
  let res: HttpResponse
  try {
    res = await http.request('GET', `${spec.base}/api/v1/auth`, {
      headers: { Authorization: `Bearer ${spec.iamToken}`, Account: spec.accountId, Accept: 'application/json' }
    })
  } catch (err) {
    if (!(err instanceof HttpError)) throw err
    // The HTTP layer's message names the method, origin and fault only: never the token or the account header.
    return { ...read, detail: clip(`${err.kind}: ${err.message}`) }
  }
  read.httpStatus = res.status
  if (res.status === 401 || res.status === 403) {
    const who = 'reading it needs the Manager role on Container Registry (a Writer key can push but cannot read it)'
    return { ...read, detail: `HTTP ${res.status}: ${who}` }
  }
  if (res.status !== 200)
    return { ...read, detail: `HTTP ${res.status}${res.attempts > 1 ? ` after ${res.attempts} attempts` : ''}` }
  const json = parseJsonObject(res.body)
  if (json === undefined || typeof json.private_only !== 'boolean') {
    const what = json === undefined ? bodyKind(res.body) : 'JSON without a boolean private_only'
    return { ...read, detail: `HTTP 200 with ${what}` }
  }
  const out: PrivateOnlyRead = { ...read, outcome: json.private_only ? 'enabled' : 'disabled' }
  if (typeof json.iam_authz === 'boolean') out.iamAuthz = json.iam_authz
  return out
}
