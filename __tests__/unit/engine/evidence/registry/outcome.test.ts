/** Faults turned into outcomes, and the actions a registry token grants. */
import { describe, expect, it } from '@jest/globals'
import { HttpError, type HttpErrorKind } from '../../../../../src/engine/evidence/http/http-error.js'
import { faultOutcome, grantedActions, loginOf } from '../../../../../src/engine/evidence/registry/outcome.js'

const jwt = (payload: unknown): string =>
  `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`

describe('faultOutcome', () => {
  it.each<[string, HttpErrorKind, string | undefined, string, string]>([
    [
      'a reset after the retries',
      'network',
      'ECONNRESET',
      'GET https://us.icr.io: connection reset (ECONNRESET) (attempt 3)',
      'connection-refused'
    ],
    [
      'a refused connection',
      'network',
      'ECONNREFUSED',
      'GET https://us.icr.io: connection refused (ECONNREFUSED)',
      'connection-refused'
    ],
    [
      'a TLS failure',
      'network',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'GET https://us.icr.io: TLS failure (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
      'connection-refused'
    ],
    ['a wrong name on the certificate', 'network', 'ERR_TLS_CERT_ALTNAME_INVALID', 'x', 'connection-refused'],
    ['a TLS handshake failure', 'network', 'EPROTO', 'x', 'connection-refused'],
    [
      'a proxy refusing CONNECT (tunnel says ECONNRESET)',
      'network',
      'ECONNRESET',
      'GET https://us.icr.io: the proxy answered 403 to CONNECT (proxy)',
      'unreachable'
    ],
    [
      'a name that does not resolve',
      'network',
      'ENOTFOUND',
      'GET https://private.us.icr.io: host name not resolved (ENOTFOUND)',
      'unreachable'
    ],
    ['no route', 'network', 'EHOSTUNREACH', 'x', 'unreachable'],
    ['a timeout', 'timeout', undefined, 'x', 'unreachable'],
    ["the run's time limit", 'deadline', undefined, 'x', 'unreachable'],
    ['aborted', 'aborted', undefined, 'x', 'unreachable'],
    ['a body too large', 'too-large', undefined, 'x', 'unexpected'],
    ['an internal error', 'internal', undefined, 'x', 'unexpected']
  ])('%s', (_, kind, code, message, outcome) => {
    expect(faultOutcome(new HttpError(kind, message, code ? { code } : {}))).toBe(outcome)
  })
})

describe('grantedActions', () => {
  it("reads Docker's access claim for the repository", () => {
    const token = jwt({
      access: [
        { type: 'repository', name: 'ns/app', actions: ['pull', 'push'] },
        { type: 'repository', name: 'ns/other', actions: ['delete'] }
      ]
    })
    expect(grantedActions(token, 'ns/app')).toEqual(['pull', 'push'])
  })

  it('merges repeated entries, and gives [] when the claim names other repositories only', () => {
    const token = jwt({
      access: [
        { type: 'repository', name: 'ns/app', actions: ['pull'] },
        { type: 'repository', name: 'ns/app', actions: ['pull', 'push', 7] }
      ]
    })
    expect(grantedActions(token, 'ns/app')).toEqual(['pull', 'push'])
    expect(grantedActions(token, 'ns/none')).toEqual([])
    expect(grantedActions(jwt({ access: [] }), 'ns/app')).toEqual([])
  })

  it('is undefined when the token does not say: opaque, no access claim, a claim of the wrong shape', () => {
    expect(grantedActions('opaque-0123', 'ns/app')).toBeUndefined()
    expect(grantedActions(jwt({ sub: 'x' }), 'ns/app')).toBeUndefined()
    expect(grantedActions(jwt({ access: 'pull' }), 'ns/app')).toBeUndefined()
    expect(
      grantedActions(jwt({ access: [null, 'x', { type: 'registry', name: 'catalog', actions: ['*'] }] }), 'ns/app')
    ).toEqual([])
  })
})

describe('loginOf', () => {
  it('copies what the target says, and nothing that is absent', () => {
    expect(loginOf({ raw: 'us.icr.io', host: 'us.icr.io', private: false, region: 'us-south' })).toEqual({
      host: 'us.icr.io',
      private: false,
      region: 'us-south'
    })
    const full = {
      raw: 'x',
      host: 'de.icr.io',
      private: false,
      region: 'eu-de',
      repository: 'ns/a',
      access: 'push' as const,
      location: { file: 'f.yml', line: 3 }
    }
    expect(loginOf(full)).toEqual({
      host: 'de.icr.io',
      private: false,
      region: 'eu-de',
      repository: 'ns/a',
      access: 'push',
      location: { file: 'f.yml', line: 3 }
    })
  })
})
