/**
 * The contract of the one HTTP layer. Every connection the engine opens (egress discovery, IAM, User
 * Management, network zones) goes through an `HttpClient`, so timeouts, retries, body bounds and proxy
 * settings apply everywhere alike. It rejects only with an `HttpError` (./http-error.ts).
 */

/** Options of one request. */
export interface RequestOptions {
  headers?: Record<string, string>
  /** Request body (already encoded). */
  body?: string
  /** Per-attempt timeout; clipped to what is left of the run's deadline. */
  timeoutMs?: number
  /** Retries after the first attempt (timeouts, resets, 429, 5xx). Default: the client's. */
  retries?: number
  /** Largest body read; more is an error of kind `too-large`. Default: the client's. */
  maxBodyBytes?: number
  /** Aborts the request (and its retry waits), e.g. once egress discovery has its answer. */
  signal?: AbortSignal
  /**
   * Address family used to resolve and connect to the host (Node's `family` lookup option). Unset: Node
   * chooses (both families, happy eyeballs). Has no effect through a proxy: the proxy connects.
   */
  family?: 4 | 6
}

/** A response that arrived whole. Non-2xx statuses are responses, not errors, once retries are spent. */
export interface HttpResponse {
  status: number
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>
  body: string
  /** Attempts made (1 when the first succeeded). */
  attempts: number
  /** From the first attempt's start to the last byte, retry waits included. */
  elapsedMs: number
}

/** The client the engine is given. */
export interface HttpClient {
  /** One request, retried as its options say. Rejects only with an `HttpError`. */
  request(method: 'GET' | 'POST', url: string, options?: RequestOptions): Promise<HttpResponse>
  /** Milliseconds left before the run's deadline (never negative). */
  remainingMs(): number
}
