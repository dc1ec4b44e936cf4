/**
 * Reads the action's inputs from the runner (`INPUT_*`, hyphens kept) into the raw map that
 * engine/settings.ts validates. The API key is masked before anything else can print it.
 */
import * as core from '@actions/core'
import { INPUT_NAMES, type RawInputs } from '../engine/settings/defaults.js'
import { InputError } from '../engine/settings/input-error.js'

/** When the pull-request comment is written: never, on every run, or when the run fails (updates always). */
export type CommentMode = 'off' | 'always' | 'on-failure'

/** Action-only inputs (the pull-request comment). */
export interface ActionInputs {
  commentOnPr: CommentMode
  githubToken: string
}

/** `comment-on-pr` values as action.yml spells them. */
const COMMENT_MODES: Readonly<Record<string, CommentMode>> = {
  false: 'off',
  true: 'always',
  'on-failure': 'on-failure'
}

/**
 * The raw engine inputs. An empty input takes the default, as the runner itself does for inputs that are
 * not given (and so the bundle behaves the same when started by hand with few `INPUT_*` variables).
 */
export function readRawInputs(): RawInputs {
  const apikey = core.getInput('apikey')
  if (apikey) core.setSecret(apikey)
  const raw: RawInputs = {}
  for (const name of INPUT_NAMES) {
    const value = name === 'apikey' ? apikey : core.getInput(name)
    if (value !== '') raw[name] = value
  }
  return raw
}

/** The action-only inputs, validated. */
export function readActionInputs(): ActionInputs {
  const value = (core.getInput('comment-on-pr') || 'false').toLowerCase()
  const mode = COMMENT_MODES[value]
  if (mode === undefined) {
    throw new InputError(
      'comment-on-pr',
      `Input 'comment-on-pr' is "${value}"; expected one of "false", "true", "on-failure".`
    )
  }
  const githubToken = core.getInput('github-token')
  if (githubToken) core.setSecret(githubToken)
  return { commentOnPr: mode, githubToken }
}
