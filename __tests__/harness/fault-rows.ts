/**
 * The fault matrix's machinery: a row is one scenario (its own loopback fakes, the action's inputs) and what
 * the run must end in (verdict, exit code, the finding shown). `checkRow` runs the bundled action for a row
 * exactly as the runner does (`runAction`) and asserts, for every row:
 *
 * - the `result` output, the exit code (0 or 1 only), and the expected finding in the report JSON, the
 *   summary and an annotation of the finding's level and title (for input errors: the error annotation
 *   naming the input);
 * - the run ended within `timeout-seconds` + 1 s;
 * - no unhandled exception, no stack trace in stdout or stderr, nothing at all on stderr;
 * - when the row uses a key: the key (raw and URL-encoded), every token the fake issued and each token's
 *   signature segment appear nowhere the step wrote (stdout, stderr, outputs, report, summary, state, env).
 *
 * Rows start their own fakes, so they can run concurrently (`test.concurrent.each`).
 */
import { expect } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import type { EgressResult } from '../../src/engine/evidence/egress/discover.js'
import { startEcho, type EchoBehaviour, type FakeEcho } from '../fakes/fake-echo.js'
import { startFakeIbm, type FakeIbm, type FakeIbmConfig } from '../fakes/fake-ibm.js'
import { runAction, type Annotation, type RunResult } from './runner.js'

export const ACCOUNT = 'f0a1b2c3d4e5f60718293a4b5c6d7e8f'
export const USER = 'IBMid-6600FAULTS'
export const SERVICE_ID = 'iam-ServiceId-00000000-fault-matrix'
/** The runner's egress address in every row (documentation range: public for the preflight). */
export const EGRESS = '203.0.113.77'
export const OTHER = '198.51.100.9'

/** What a row must end in. */
export interface RowExpect {
  /** The `result` output; `input-error`: the run stops on an input error (no outputs, exit 1). */
  result: 'pass' | 'fail' | 'unknown' | 'input-error'
  code: 0 | 1
  /**
   * The finding shown: a finding code (in the report, the summary, and an annotation of its level and
   * title), `input:<name>` for an input error naming that input, or `none` for a clean run (no error or
   * warning finding at all).
   */
  finding: string
  /** The finding's severity, when `finding` is a code (checked against the report and the annotation). */
  level?: 'error' | 'warning' | 'notice'
  /** Extra checks for the row. */
  check?: (o: RowOutcome) => void
  /** The run must take at least this long (e.g. a honoured Retry-After). */
  minMs?: number
}

/** A scenario. */
export interface FaultRow {
  name: string
  /** `timeout-seconds` (default 3). */
  timeout?: number
  /** The row passes an API key: the secret checks apply. */
  usesKey?: boolean
  /** Starts the row's fakes (through `ctx`) and returns the run's inputs and environment. */
  setup: (ctx: RowContext) => Promise<RowRun> | RowRun
  expect: RowExpect
  /** When the row's behaviour was a judgment call: what was chosen (for the README's reliability notes). */
  judgment?: string
}

/** Inputs and environment of a row's run. `RUNNER_ENVIRONMENT` is `self-hosted` unless the row says otherwise. */
export interface RowRun {
  inputs: Record<string, string>
  env?: Record<string, string | undefined>
  noSummary?: boolean
}

/** What a row's setup can start. Everything started is closed after the run. */
export interface RowContext {
  /** The row's key: unique, long enough to be redacted. */
  key: string
  /**
   * Starts the fake IBM services: by default the row's key is a user key (`USER` in `ACCOUNT`), the account
   * list allows `EGRESS`, the user list is empty. `config` replaces any of these.
   */
  ibm(config?: FakeIbmConfig): Promise<FakeIbm>
  /** Starts echo servers; returns their URLs. */
  echo(...behaviours: EchoBehaviour[]): Promise<string[]>
  /** The endpoints of the fake (started by `ibm()`), as inputs. */
  endpoints(ibm: FakeIbm): Record<string, string>
}

/** A run's result with the parsed report and the fakes it used. */
export interface RowOutcome {
  run: RunResult
  report?: Report
  ibm?: FakeIbm
  echos: FakeEcho[]
  key: string
}

/** The parts of the report JSON the matrix looks at. */
export interface Report {
  result: string
  elapsedMs: number
  gatePassed: boolean
  egressIps: string[]
  missing: string[]
  egress: { primary?: string; answers: EgressResult['answers'] }
  probe?: {
    outcome: string
    httpStatus?: number
    errorCode?: string
    transportError?: string
    errorMessage?: string
    accountId?: string
  }
  lists: Array<{ level: string; error?: string; raw?: string }>
  matches: Array<{ subject: string; level: string; status: string; entry?: string }>
  findings: Array<{
    severity: string
    code: string
    title: string
    message: string
    fix?: { steps: string[]; command?: string }
    subject?: string
    list?: string
  }>
}

/** A stack frame as Node prints it. */
const STACK_FRAME = /\n\s+at .+:\d+:\d+/

/** Loopback ports nothing listens on: endpoints for rows that must not reach IBM. */
export const DEAD_ENDPOINTS = {
  'iam-endpoint': 'http://127.0.0.1:9',
  'user-management-endpoint': 'http://127.0.0.1:9',
  'cbr-endpoint': 'http://127.0.0.1:9'
}

/** Runs a row and returns the outcome; closes its fakes whatever happens. */
export async function runRow(row: FaultRow): Promise<RowOutcome> {
  const key = `fm-key-${randomBytes(12).toString('base64url')}`
  const closers: Array<{ close(): Promise<void> }> = []
  const echos: FakeEcho[] = []
  let ibm: FakeIbm | undefined
  const ctx: RowContext = {
    key,
    ibm: async (config = {}) => {
      ibm = await startFakeIbm({
        keys: { [key]: { iamId: USER, accountId: ACCOUNT } },
        accounts: { [ACCOUNT]: `${EGRESS}/32` },
        ...config
      })
      closers.push(ibm)
      return ibm
    },
    echo: async (...behaviours) => {
      const started = await Promise.all(behaviours.map((b) => startEcho(b)))
      closers.push(...started)
      echos.push(...started)
      return started.map((s) => s.url)
    },
    endpoints: (f) => ({ 'iam-endpoint': f.iamUrl, 'user-management-endpoint': f.umUrl, 'cbr-endpoint': f.cbrUrl })
  }
  try {
    const spec = await row.setup(ctx)
    const timeout = row.timeout ?? 3
    const run = await runAction({
      inputs: { 'timeout-seconds': String(timeout), ...spec.inputs },
      env: { RUNNER_ENVIRONMENT: 'self-hosted', ...spec.env },
      noSummary: spec.noSummary,
      // Far past the bound: a run that overstays fails the elapsed check, not the harness.
      timeoutMs: (timeout + 20) * 1000
    })
    const report = run.outputs.report ? (JSON.parse(run.outputs.report) as Report) : undefined
    return { run, report, ibm, echos, key }
  } finally {
    await Promise.all(closers.map((c) => c.close()))
  }
}

/** Every secret of a run: the key (raw and as sent in the form body), each token and its signature. */
export function secretsOf(o: RowOutcome): string[] {
  const out = [o.key, encodeURIComponent(o.key)]
  for (const t of o.ibm?.issuedTokens ?? []) {
    out.push(t)
    const parts = t.split('.')
    if (parts.length === 3) out.push(parts[2]!)
  }
  return out
}

/** Room for starting and ending the Node process on a busy machine, beside the run's own time budget. */
const START_ROOM_MS = 2500

/** Asserts everything a row promises (see the file comment). */
export function assertRow(row: FaultRow, o: RowOutcome): void {
  const { run, report } = o
  const timeout = row.timeout ?? 3
  const e = row.expect
  const context = `${row.name}\n--- stdout\n${run.stdout.slice(0, 4000)}\n--- stderr\n${run.stderr.slice(0, 2000)}`
  const fail = (why: string): never => {
    throw new Error(`${why}\n${context}`)
  }
  // FAULT_MATRIX_TIMES=path: one line per row (margin to the bound, elapsed, bound), to watch timing margins.
  if (process.env.FAULT_MATRIX_TIMES) {
    appendFileSync(
      process.env.FAULT_MATRIX_TIMES,
      `${timeout * 1000 + 1000 - run.elapsedMs}\t${run.elapsedMs}\t${timeout * 1000 + 1000}\t${row.name}\n`
    )
  }

  // Never a crash, a stack trace, or an exit code other than 0 / 1.
  if (run.code !== 0 && run.code !== 1) fail(`exit code ${String(run.code)}`)
  if (STACK_FRAME.test(run.stdout) || STACK_FRAME.test(run.stderr)) fail('a stack trace was shown')
  // The action reports through workflow commands only: anything on stderr is Node complaining.
  if (run.stderr.trim() !== '') fail('something was written to stderr')
  if (/unexpected error|Unhandled|UnhandledPromiseRejection|TypeError|ReferenceError/.test(run.everything))
    fail('an unexpected error was shown')
  // The promise is "within timeout-seconds + 1 s" by the run's own clock (the report's elapsedMs, from the
  // engine's start to its report). The process around it also has to start and to exit: on a loaded 2-core
  // machine that alone has been seen to take over a second, so the wall-clock check leaves room for it
  // (START_ROOM_MS) rather than racing it; a run that waits for the network past its deadline still fails both.
  if (report) expect(report.elapsedMs).toBeLessThanOrEqual(timeout * 1000 + 1000)
  expect(run.elapsedMs).toBeLessThanOrEqual(timeout * 1000 + 1000 + START_ROOM_MS)
  if (e.minMs !== undefined) expect(run.elapsedMs).toBeGreaterThanOrEqual(e.minMs)
  expect({ row: row.name, code: run.code }).toEqual({ row: row.name, code: e.code })

  if (e.result === 'input-error') {
    expect(run.outputs.result).toBeUndefined()
    expect(report).toBeUndefined()
    const name = e.finding.replace(/^input:/, '')
    const errors = run.annotations.filter((a) => a.level === 'error')
    if (errors.length !== 1) fail(`expected one error annotation, got ${errors.length}`)
    // The message names the input and says what form is expected.
    expect(errors[0]!.message).toContain(name)
    expect(errors[0]!.message).toMatch(/expected|use https|must not|\bgive\b|\bset '/i)
  } else {
    if (!report) return fail('no report output')
    expect({ row: row.name, result: run.outputs.result }).toEqual({ row: row.name, result: e.result })
    expect(report.result).toBe(e.result)
    expect(report.gatePassed).toBe(e.code === 0)
    const verdict = run.annotations.find((a) => a.properties.title === `Allowlist preflight: ${e.result}`)
    if (!verdict) fail('no verdict annotation')
    if (e.finding === 'none') {
      const loud = report.findings.filter((f) => f.severity !== 'notice').map((f) => f.code)
      expect({ row: row.name, findings: loud }).toEqual({ row: row.name, findings: [] })
    } else {
      const f = report.findings.find((x) => x.code === e.finding)
      if (!f) return fail(`finding ${e.finding} not in the report: ${report.findings.map((x) => x.code).join(', ')}`)
      if (e.level) expect(f.severity).toBe(e.level)
      expect(run.summary === '' || run.summary.includes(`\`${e.finding}\``)).toBe(true)
      // A passing step (fail-on: never) annotates its errors as warnings that say so.
      const level = report.gatePassed && f.severity === 'error' ? 'warning' : f.severity
      if (!shown(run.annotations, level, f.title)) fail(`no ${level} annotation titled "${f.title}"`)
    }
    // Words that agree: a green step shows nothing red, and the verdict does not repeat a finding's text.
    if (report.gatePassed) expect(run.annotations.filter((a) => a.level === 'error')).toEqual([])
    const firstError = report.findings.find((x) => x.severity === 'error')
    if (firstError && verdict) expect(verdict.message).not.toContain(firstError.message)
  }

  if (row.usesKey) {
    for (const secret of secretsOf(o)) {
      if (run.everything.includes(secret)) fail(`a secret (${secret.slice(0, 8)}…) leaked`)
    }
  }
  e.check?.(o)
}

function shown(annotations: Annotation[], level: string, title: string): boolean {
  return annotations.some(
    (a) => a.level === level && (a.properties.title?.startsWith(title) === true || /more .* findings/.test(a.message))
  )
}

/** Runs and checks a row. */
export async function checkRow(row: FaultRow): Promise<RowOutcome> {
  const o = await runRow(row)
  assertRow(row, o)
  return o
}

/** The matrix as a Markdown table (for the README's reliability section). */
export function markdownTable(groups: Array<[string, FaultRow[]]>): string {
  const lines = ['| area | row | result | exit | finding shown |', '|---|---|---|---|---|']
  for (const [area, rows] of groups) {
    for (const r of rows) {
      const f =
        r.expect.finding === 'none'
          ? '—'
          : r.expect.finding.startsWith('input:')
            ? `input error naming \`${r.expect.finding.slice(6)}\``
            : `\`${r.expect.finding}\``
      lines.push(
        `| ${area} | ${r.name} | ${r.expect.result === 'input-error' ? '—' : `\`${r.expect.result}\``} | ${r.expect.code} | ${f} |`
      )
    }
  }
  return lines.join('\n')
}
