/**
 * Global setup of the e2e Jest project: rebuilds dist/ (`npm run build`, ncc) once before the e2e tests, so
 * that they never run a stale bundle. With E2E_SKIP_BUILD=1 it uses dist/ as it is (.ci/run has just checked
 * it against a fresh build and wants the committed bundle tested), but still requires both entry points.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const ENTRIES = ['dist/index.js', 'dist/cli/index.js']

export default function buildDist(_globalConfig: unknown, projectConfig: { rootDir: string }): void {
  const root = projectConfig.rootDir
  if (process.env.E2E_SKIP_BUILD === '1') {
    const missing = ENTRIES.filter((f) => !existsSync(join(root, f)))
    if (missing.length > 0) {
      const are = missing.length === 1 ? 'is' : 'are'
      throw new Error(`E2E_SKIP_BUILD=1 but ${missing.join(' and ')} ${are} missing: run 'npm run build' first.`)
    }
    process.stdout.write('\ne2e: testing dist/ as it is (E2E_SKIP_BUILD=1)\n')
    return
  }
  const started = Date.now()
  process.stdout.write('\ne2e: building dist/ (npm run build) ...')
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8', shell: false })
  if (r.error !== undefined || r.status !== 0) {
    const why = r.error ? r.error.message : `exit code ${String(r.status ?? r.signal)}`
    throw new Error(
      `\ne2e: 'npm run build' failed (${why}); the e2e tests run the bundle and cannot run without a fresh one.\n` +
        `${r.stdout}${r.stderr}`
    )
  }
  process.stdout.write(` done in ${String(Math.round((Date.now() - started) / 1000))} s\n`)
}
