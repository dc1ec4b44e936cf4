/** The registry's words, read from every envelope, and the classification table of refusals (facts §8). */
import { describe, expect, it } from '@jest/globals'
import { refusalKind, registryWords } from '../../../../../src/engine/evidence/registry/answer.js'

const docker = (code: string, message: string): string => JSON.stringify({ errors: [{ code, message, detail: null }] })

describe('registryWords', () => {
  it.each([
    [
      "Docker's envelope",
      docker('DENIED', 'You are not authorized to access the specified resource.'),
      { code: 'DENIED', message: 'You are not authorized to access the specified resource.' }
    ],
    ['a bare code and message', JSON.stringify({ code: 'DENIED', message: 'm' }), { code: 'DENIED', message: 'm' }],
    [
      "OAuth's envelope",
      JSON.stringify({ error: 'invalid_grant', error_description: 'The login credentials are not valid' }),
      { code: 'invalid_grant', message: 'The login credentials are not valid' }
    ],
    ['details only', JSON.stringify({ details: 'Insufficient scope' }), { message: 'Insufficient scope' }],
    [
      'plain text, as Docker prints it',
      'denied: requested access to the resource is denied\n',
      { message: 'denied: requested access to the resource is denied' }
    ],
    [
      'an HTML page (described, never quoted)',
      '<!DOCTYPE html><html><title>x</title></html>',
      { nonJson: 'HTML page' }
    ],
    ['an empty body', '', { nonJson: 'empty body' }],
    ['JSON with nothing useful', JSON.stringify({ errors: [] }), {}],
    ['JSON with blank fields', JSON.stringify({ code: ' ', message: '' }), {}]
  ])('%s', (_, body, words) => {
    expect(registryWords(body)).toEqual(words)
  })

  it('describes a long non-JSON body instead of quoting it', () => {
    expect(registryWords('x'.repeat(5000))).toEqual({ nonJson: '5000 bytes of text' })
  })
})

/** [what, status, code, message, by status?, kind] */
const TABLE: Array<[string, number, string | undefined, string | undefined, boolean, string | undefined]> = [
  // IBM's words, each at several statuses: the words decide.
  [
    'private-only (facts §8)',
    403,
    'DENIED',
    'Private-only access is enabled on this account, but this request was over the public network. You must access this account over the private network',
    true,
    'private-only'
  ],
  [
    'private-only, other case and a 401',
    401,
    undefined,
    'PRIVATE-ONLY ACCESS IS ENABLED on this account',
    true,
    'private-only'
  ],
  ['private-only, at GET /v2/', 403, undefined, 'this request was over the public network', false, 'private-only'],
  [
    'pull traffic quota',
    403,
    'DENIED',
    'Your account has exceeded its pull traffic quota for the current month.',
    true,
    'quota'
  ],
  ['storage quota', 400, undefined, 'Your account has exceeded its image storage quota.', true, 'quota'],
  [
    'credentials not valid',
    401,
    'UNAUTHORIZED',
    'The login credentials are not valid, or your IBM Cloud account is not active.',
    true,
    'credentials-refused'
  ],
  [
    'credentials, Docker line form',
    401,
    undefined,
    'unauthorized: The login credentials are not valid, or your IBM Cloud account is not active.',
    true,
    'credentials-refused'
  ],
  ['authentication required', 401, undefined, 'unauthorized: authentication required', true, 'credentials-refused'],
  [
    'not authorized (CBR or role)',
    403,
    'DENIED',
    'You are not authorized to access the specified resource.',
    true,
    'not-authorized'
  ],
  [
    'not authorized, under a 401',
    401,
    'UNAUTHORIZED',
    'You are not authorized to access the specified resource.',
    true,
    'not-authorized'
  ],
  ['insufficient scope', 401, undefined, 'Insufficient scope', true, 'not-authorized'],
  ['insufficient_scope (OAuth code)', 403, 'insufficient_scope', undefined, true, 'not-authorized'],
  [
    'requested access denied',
    403,
    undefined,
    'denied: requested access to the resource is denied',
    true,
    'not-authorized'
  ],
  // Docker codes when the words say nothing known.
  ['DENIED with other words', 400, 'DENIED', 'nope', true, 'not-authorized'],
  // Status alone, only for answers to credentials.
  ['a bare 401 to the token request', 401, undefined, undefined, true, 'credentials-refused'],
  ['a bare 403 to the token request', 403, 'SOMETHING', 'else', true, 'not-authorized'],
  ['a bare 401 at GET /v2/ (no credentials were sent)', 401, undefined, undefined, false, undefined],
  ['a 400 with unknown words', 400, 'BAD', 'bad request', true, undefined],
  ['a 404', 404, undefined, 'not found', true, undefined],
  ['a 503', 503, 'UNAVAILABLE', 'down', true, undefined],
  // "unauthorized" alone says nothing: it is in the credentials text and in Docker's code.
  ['UNAUTHORIZED code with unknown words, 400', 400, 'UNAUTHORIZED', 'hmm', true, undefined]
]

describe('refusalKind', () => {
  it.each(TABLE)('%s', (_, status, code, message, byStatus, kind) => {
    const words: { code?: string; message?: string } = {}
    if (code !== undefined) words.code = code
    if (message !== undefined) words.message = message
    expect(refusalKind(status, words, byStatus)).toBe(kind)
  })

  it('never reads a refusal into an HTML page by status alone', () => {
    expect(refusalKind(401, { nonJson: 'HTML page' }, true)).toBeUndefined()
    expect(refusalKind(403, { nonJson: 'HTML page' }, true)).toBeUndefined()
  })
})
