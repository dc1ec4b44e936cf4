/**
 * A stand-in for `@actions/core` in unit tests of the action shell (the way actions/typescript-action does
 * it): every function the shell calls is a jest mock, inputs come from `inputs`, and the summary collects
 * what was written. Load it with `jest.unstable_mockModule('@actions/core', () => core)` before importing
 * the shell.
 */
import type * as core from '@actions/core'
import { jest } from '@jest/globals'

/** The inputs `getInput` answers from (missing ones are ''). */
export const inputs: Record<string, string> = {}
/** What the summary was given. */
export const summaryText: string[] = []

export const getInput = jest.fn<typeof core.getInput>((name) => inputs[name] ?? '')
export const setSecret = jest.fn<typeof core.setSecret>()
export const setOutput = jest.fn<typeof core.setOutput>()
export const setFailed = jest.fn<typeof core.setFailed>()
export const debug = jest.fn<typeof core.debug>()
export const info = jest.fn<typeof core.info>()
export const notice = jest.fn<typeof core.notice>()
export const warning = jest.fn<typeof core.warning>()
export const error = jest.fn<typeof core.error>()

const addRaw = jest.fn((text: string) => {
  summaryText.push(text)
  return summary
})
const write = jest.fn(() => Promise.resolve(summary))
export const summary = { addRaw, write }

/** Clears the inputs, the summary and every mock's calls. */
export function reset(): void {
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a plain record, emptied in place for the next test
  for (const k of Object.keys(inputs)) delete inputs[k]
  summaryText.length = 0
  for (const m of [getInput, setSecret, setOutput, setFailed, debug, info, notice, warning, error, addRaw, write]) m.mockClear()
}
