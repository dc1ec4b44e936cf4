/**
 * The one error the HTTP layer rejects with. Callers catch it by class (`err instanceof HttpError`) and read
 * its `kind`; anything else that reaches them is a bug and is left to propagate.
 */

/**
 * Why a request produced no response. `internal` is a fault of this program, not of the network: the
 * request logic itself threw something it should not have (see `createHttpClient`).
 */
export type HttpErrorKind = 'timeout' | 'network' | 'too-large' | 'aborted' | 'deadline' | 'insecure' | 'internal'

/** What an `HttpError` carries besides its kind and message. */
interface HttpErrorDetails {
  /** Attempts made (0 when none was started). Default 1. */
  attempts?: number
  /** Node's error code of a network fault (e.g. `ECONNRESET`): what the retry decision reads. */
  code?: string
  /** The original error of an `internal` fault, for the debug trail only: its text may name the request. */
  cause?: unknown
}

/**
 * A request that did not produce a response. The message names the method, origin and kind of fault only:
 * never headers, bodies, paths or query strings, which may carry the API key, a token or an account id.
 */
export class HttpError extends Error {
  /** Attempts made. */
  readonly attempts: number
  /** Node's error code, when the fault had one. */
  readonly code?: string

  constructor(
    readonly kind: HttpErrorKind,
    message: string,
    details: HttpErrorDetails = {}
  ) {
    // `cause` is a non-enumerable property (ES2022): it stays out of JSON and out of `stack`.
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'HttpError'
    this.attempts = details.attempts ?? 1
    if (details.code !== undefined) this.code = details.code
  }
}
