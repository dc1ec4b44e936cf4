/**
 * Reading `--allowlist-file`: bounded in size (a `/dev/zero` or a 10 GB file is refused, not read into
 * memory) and in time (a standard input left open ends with the run's time limit).
 */
import { createReadStream } from 'node:fs'
import { InputError } from '../engine/settings/input-error.js'

/** Largest allowlist file read: GitHub's 5,500 Actions ranges take about 100 KB, so 4 MiB is room to spare. */
const MAX_ALLOWLIST_BYTES = 4 * 1024 * 1024

/** Reads the file (`-` for standard input) as UTF-8, or throws an InputError naming the flag and the limit. */
export async function readAllowlistFile(path: string, timeoutMs: number): Promise<string> {
  const what = path === '-' ? 'standard input' : `"${path}"`
  const stream = path === '-' ? process.stdin : createReadStream(path)
  const chunks: Buffer[] = []
  let bytes = 0
  let timer: NodeJS.Timeout | undefined
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => {
        reject(
          new InputError(
            'allowlist-file',
            `--allowlist-file: ${what} sent no end of file within ${String(timeoutMs / 1000)} s; close it or give a file.`
          )
        )
      }, timeoutMs)
      stream.on('data', (chunk: Buffer | string) => {
        const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
        bytes += b.length
        if (bytes > MAX_ALLOWLIST_BYTES) {
          reject(
            new InputError(
              'allowlist-file',
              `--allowlist-file: ${what} is larger than ${String(MAX_ALLOWLIST_BYTES / 1024 / 1024)} MiB; an allowlist is a list of addresses, ranges and zone names, far smaller than that.`
            )
          )
          return
        }
        chunks.push(b)
      })
      stream.on('end', resolve)
      stream.on('error', (e: NodeJS.ErrnoException) => {
        reject(new InputError('allowlist-file', `--allowlist-file: cannot read ${what}: ${e.code ?? 'error'}.`))
      })
    })
  } finally {
    clearTimeout(timer)
    if (stream === process.stdin) stream.pause()
    else stream.destroy()
  }
  return Buffer.concat(chunks).toString('utf8')
}
