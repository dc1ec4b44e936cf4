/**
 * The action shell in-process, with `@actions/core` mocked (the bundled action is run for real in e2e/):
 * inputs → engine → outputs, annotations and summary, and the one catch.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../../src/action/main.js')

const outputs = (): Record<string, string> =>
  Object.fromEntries(core.setOutput.mock.calls.map(([k, v]) => [k, String(v)]))
const messages = (fn: { mock: { calls: ReadonlyArray<readonly unknown[]> } }): string[] =>
  fn.mock.calls.map((c) => String(c[0]))

describe('run()', () => {
  const saved = { ...process.env }
  beforeEach(() => {
    core.reset()
    delete process.env.GITHUB_WORKFLOW_REF
    process.exitCode = undefined
  })
  afterEach(() => {
    process.env = { ...saved }
    process.exitCode = undefined
  })

  it('passes: outputs, a notice for the verdict, the summary, and a zero exit code', async () => {
    Object.assign(core.inputs, { 'egress-ip': '203.0.113.77', allowlist: '203.0.113.0/24', disclose: 'full' })
    await run()
    expect(outputs()).toMatchObject({ result: 'pass', 'egress-ips': '203.0.113.77', missing: '' })
    expect(JSON.parse(outputs().report ?? '{}')).toMatchObject({ version: 1, result: 'pass', gatePassed: true })
    expect(messages(core.notice).some((m) => m.includes('Result: pass — the step passes'))).toBe(true)
    expect(core.summaryText.join('')).toContain('✅ `203.0.113.0/24`')
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(process.exitCode).toBeUndefined()
  })

  it('fails: an error annotation per refused address and for the verdict, exit code 1', async () => {
    Object.assign(core.inputs, { 'egress-ip': '203.0.113.77', allowlist: '198.51.100.0/24' })
    await run()
    expect(outputs()).toMatchObject({ result: 'fail', missing: '203.0.113.77' })
    const titles = core.error.mock.calls.map(([, props]) => props?.title)
    expect(titles).toEqual(['Runner address not allowed', 'Allowlist preflight: fail'])
    expect(process.exitCode).toBe(1)
  })

  it('the verdict points to the error annotations instead of repeating the first one', async () => {
    Object.assign(core.inputs, { 'egress-ip': '203.0.113.77', allowlist: '198.51.100.0/24' })
    await run()
    const verdict = core.error.mock.calls.find(([, props]) => props?.title === 'Allowlist preflight: fail')
    expect(String(verdict?.[0])).toContain('Result: fail — the step fails because fail-on is error')
    expect(String(verdict?.[0])).toContain('See the 1 error annotation above')
    expect(String(verdict?.[0])).not.toContain('is not in')
  })

  it('fail-on never: no red on a passing step, the errors annotated as warnings that say so', async () => {
    Object.assign(core.inputs, { 'egress-ip': '203.0.113.77', allowlist: '198.51.100.0/24', 'fail-on': 'never' })
    await run()
    expect(core.error).not.toHaveBeenCalled()
    const titles = core.warning.mock.calls.map(([, props]) => props?.title)
    expect(titles).toContain('Runner address not allowed (an error, but the step passes: fail-on is never)')
    expect(
      messages(core.notice).some((m) => m.includes('Result: fail — the step passes because fail-on is never'))
    ).toBe(true)
    expect(process.exitCode).toBeUndefined()
  })

  it('masks the key before anything else, and fails on bad input with the message only', async () => {
    Object.assign(core.inputs, { apikey: 'a-key-of-forty-four-characters-0123456789ab', 'timeout-seconds': 'soon' })
    await run()
    expect(core.setSecret).toHaveBeenCalledWith('a-key-of-forty-four-characters-0123456789ab')
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    expect(String(core.setFailed.mock.calls[0]?.[0])).toBe(
      `Input 'timeout-seconds' is "soon"; expected a whole number of seconds from 1 to 600.`
    )
    expect(core.setOutput).not.toHaveBeenCalled()
  })

  it('refuses an unknown comment-on-pr value, naming the input and the values allowed', async () => {
    Object.assign(core.inputs, { 'egress-ip': '203.0.113.77', 'comment-on-pr': 'yes' })
    await run()
    expect(String(core.setFailed.mock.calls[0]?.[0])).toBe(
      `Input 'comment-on-pr' is "yes"; expected one of "false", "true", "on-failure".`
    )
  })

  it('sends the debug trail to core.debug, and nothing of it to the log', async () => {
    Object.assign(core.inputs, { 'egress-ip': '203.0.113.77', allowlist: '203.0.113.0/24' })
    await run()
    const trail = messages(core.debug)
    expect(trail.some((l) => l.startsWith('egress: given 203.0.113.77'))).toBe(true)
    expect(trail.some((l) => l.startsWith('verdict: pass'))).toBe(true)
    expect(messages(core.info).some((l) => l.startsWith('verdict:'))).toBe(false)
  })

  it('turns any unexpected throw into one failure, with no stack trace', async () => {
    core.getInput.mockImplementationOnce(() => {
      throw new TypeError('boom')
    })
    await run()
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    const message = String(core.setFailed.mock.calls[0]?.[0])
    expect(message).toBe(
      'icr-allowlist-preflight stopped on an unexpected error: boom. Please report it with the inputs used (without the key).'
    )
  })
})
