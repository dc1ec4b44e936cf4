/**
 * A second, independent way to run the bundle: GitHub's own local runner for JavaScript actions
 * (`@github/local-action`), which imports dist/index.js and calls its `run()`. It has no `core.ExitCode` of its
 * own making; a failing run must still end non-zero, and the action must run once.
 */
import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../harness/runner.js'

const BIN = join(ROOT, 'node_modules/.bin')
const installed = existsSync(join(BIN, 'local-action')) && existsSync(join(BIN, 'tsx'))

/** Runs `local-action run DIR dist/index.js .env` with `env` lines in the .env file. */
async function localAction(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'local-action-'))
  cpSync(join(ROOT, 'action.yml'), join(dir, 'action.yml'))
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'))
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true })
  writeFileSync(
    join(dir, '.env'),
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}\n`)
      .join('')
  )
  // What its `local-action` bin does, without `npm exec` (which may look for tsx on the network): tsx runs its sources.
  const cli = join(ROOT, 'node_modules/@github/local-action/src/index.ts')
  const child = spawn(join(BIN, 'tsx'), [cli, 'run', '.', 'dist/index.js', '.env'], {
    cwd: dir,
    env: {
      PATH: `${BIN}:${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? dir,
      NO_COLOR: '1',
      npm_config_offline: 'true'
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (process.env.DEBUG_LOCAL_ACTION) console.log(output)
  return { code, output }
}

describe.each([installed ? 'installed' : 'not installed'])('@github/local-action (%s)', (state) => {
  const maybe = state === 'installed' ? it : it.skip
  maybe(
    'runs the bundle once and passes a run the lists allow',
    async () => {
      const r = await localAction({ 'INPUT_EGRESS-IP': '203.0.113.77', INPUT_ALLOWLIST: '203.0.113.0/24' })
      expect(r.code).toBe(0)
      expect(r.output.match(/title=Allowlist preflight%3A pass/g)).toHaveLength(1)
    },
    120_000
  )

  maybe(
    'ends non-zero on a failing run, without core.ExitCode',
    async () => {
      const r = await localAction({ 'INPUT_EGRESS-IP': '203.0.113.77', INPUT_ALLOWLIST: '198.51.100.0/24' })
      expect(r.code).not.toBe(0)
      expect(r.output.match(/title=Allowlist preflight%3A fail/g)).toHaveLength(1)
      expect(r.output).toContain('Runner address 203.0.113.77 is not in')
    },
    120_000
  )
})
