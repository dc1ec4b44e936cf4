/**
 * Reads a response body with a bound: an echo service or a proxy's error page must not be able to make the
 * preflight buffer megabytes. `readBody()` of `@actions/http-client` reads without limit, so the stream is
 * read here.
 */
import type { IncomingMessage } from 'node:http'

/** Why a body could not be read. Carries no body text. */
export class BodyError extends Error {
  constructor(
    public readonly reason: 'too-large' | 'truncated' | 'aborted',
    /** Node error code of the underlying fault, when there is one. */
    public readonly code?: string
  ) {
    super(reason)
    this.name = 'BodyError'
  }
}

/**
 * Reads `message` whole as UTF-8 text. Rejects with `BodyError('too-large')` as soon as the announced
 * `Content-Length` or the bytes received exceed `maxBytes` (the connection is destroyed, nothing more is
 * read), `BodyError('aborted')` when `signal` aborts, and `BodyError('truncated')` when the connection ends
 * before the body does.
 */
export function readBoundedBody(message: IncomingMessage, maxBytes: number, signal?: AbortSignal): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = []
    let received = 0
    let settled = false

    const finish = (err: BodyError | undefined, text?: string): void => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      message.removeListener('data', onData)
      if (err) {
        // Destroying stops the download and frees the socket; later stream errors have no listener left
        // that matters, so keep a no-op one to avoid an unhandled 'error'.
        message.on('error', () => undefined)
        message.destroy()
        reject(err)
      } else {
        resolve(text ?? '')
      }
    }
    const onAbort = (): void => finish(new BodyError('aborted'))
    const onData = (chunk: Buffer | string): void => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      received += buf.length
      if (received > maxBytes) {
        finish(new BodyError('too-large'))
        return
      }
      chunks.push(buf)
    }

    if (signal?.aborted) {
      finish(new BodyError('aborted'))
      return
    }
    const announced = Number(message.headers['content-length'])
    if (Number.isFinite(announced) && announced > maxBytes) {
      finish(new BodyError('too-large'))
      return
    }

    signal?.addEventListener('abort', onAbort, { once: true })
    message.on('data', onData)
    message.once('end', () => finish(undefined, Buffer.concat(chunks).toString('utf8')))
    message.once('error', (err: NodeJS.ErrnoException) => finish(new BodyError('truncated', err.code)))
    // 'close' without 'end': the peer hung up mid-body (or the request was destroyed).
    message.once('close', () => {
      if (!message.complete) finish(new BodyError('truncated'))
    })
  })
}
