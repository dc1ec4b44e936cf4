/** The Bearer challenge parser on every header style IBM and others send, and the realm rule. */
import { describe, expect, it } from '@jest/globals'
import { parseBearerChallenge, realmProblem } from '../../../../../src/engine/evidence/registry/challenge.js'

describe('parseBearerChallenge', () => {
  it.each([
    ['quoted, no spaces', 'Bearer realm="https://us.icr.io/oauth/token",service="registry"'],
    ['quoted, spaces after commas', 'Bearer realm="https://us.icr.io/oauth/token", service="registry"'],
    ['unquoted, spaces after commas (IBM)', 'Bearer realm=https://us.icr.io/oauth/token, service=registry'],
    ['unquoted, no spaces', 'Bearer realm=https://us.icr.io/oauth/token,service=registry'],
    [
      'scheme and names in odd case, tabs and runs of blanks',
      'bEaReR   REALM = "https://us.icr.io/oauth/token" ,\tService=registry  '
    ],
    ['after a Basic challenge', 'Basic realm="x", Bearer realm="https://us.icr.io/oauth/token",service="registry"'],
    [
      'a parameter repeated: the first wins',
      'Bearer realm="https://us.icr.io/oauth/token",realm="https://evil.example/",service="registry"'
    ]
  ])('%s', (_, header) => {
    expect(parseBearerChallenge(header)).toEqual({ realm: 'https://us.icr.io/oauth/token', service: 'registry' })
  })

  it('keeps a scope: quoted, and unquoted with the actions split on commas', () => {
    expect(
      parseBearerChallenge(
        'Bearer realm="https://cp.icr.io/oauth/token",service="registry",scope="repository:cp/x:pull,push"'
      )
    ).toEqual({
      realm: 'https://cp.icr.io/oauth/token',
      service: 'registry',
      scope: 'repository:cp/x:pull,push'
    })
    // facts §8: IBM's own unquoted header with a scope.
    expect(
      parseBearerChallenge('Bearer realm=https://cp.icr.io/oauth/token, service=registry, scope=repository:cp/x:pull')
    ).toEqual({
      realm: 'https://cp.icr.io/oauth/token',
      service: 'registry',
      scope: 'repository:cp/x:pull'
    })
    expect(parseBearerChallenge('Bearer realm=https://r/t, scope=repository:a/b:pull,push, service=registry')).toEqual({
      realm: 'https://r/t',
      service: 'registry',
      scope: 'repository:a/b:pull,push'
    })
  })

  it('reads escapes in quoted strings, and commas inside them', () => {
    expect(parseBearerChallenge('Bearer realm="https://us.icr.io/a,b", service="re\\"g"')).toEqual({
      realm: 'https://us.icr.io/a,b',
      service: 're"g'
    })
  })

  it('has no service when the challenge names none (the token request then has none)', () => {
    expect(parseBearerChallenge('Bearer realm="https://us.icr.io/oauth/token"')).toEqual({
      realm: 'https://us.icr.io/oauth/token'
    })
  })

  it.each([
    ['absent', undefined, 'missing'],
    ['empty', '', 'missing'],
    ['blank', '   ', 'missing'],
    ['Basic only', 'Basic realm="registry"', 'not-bearer'],
    ['a parameter without a scheme', 'realm="https://us.icr.io/oauth/token"', 'not-bearer'],
    ['Bearer without a realm', 'Bearer service="registry"', 'no-realm'],
    ['Bearer with an empty realm', 'Bearer realm="", service=registry', 'no-realm'],
    ['Bearer alone', 'Bearer', 'no-realm']
  ])('%s: %s', (_, header, problem) => {
    expect(parseBearerChallenge(header)).toEqual({ problem })
  })

  it.each([
    ['stray equals signs', '== = ,,, =Bearer'],
    ['an unterminated quote', 'Bearer realm="https://us.icr.io/oauth/token'],
    ['binary noise', '\u0000\u0001\u00ff"\\,=;'],
    ['a huge header', `Bearer realm="${'a'.repeat(100_000)}"`],
    ['only commas', ',,,,']
  ])('never throws on garbage: %s', (_, header) => {
    expect(() => parseBearerChallenge(header)).not.toThrow()
  })

  it('reads an unterminated quoted realm up to the end of the header', () => {
    expect(parseBearerChallenge('Bearer realm="https://us.icr.io/oauth/token')).toEqual({
      realm: 'https://us.icr.io/oauth/token'
    })
  })
})

describe('realmProblem: where the key may go', () => {
  it.each([
    ['the same host', 'https://us.icr.io/oauth/token', 'https://us.icr.io'],
    ['another IBM registry host', 'https://icr.io/oauth/token', 'https://us.icr.io'],
    ['a deprecated bluemix registry host', 'https://registry.ng.bluemix.net/oauth/token', 'https://us.icr.io'],
    ['the very origin asked (a loopback fake)', 'http://127.0.0.1:5000/oauth/token', 'http://127.0.0.1:5000'],
    ['an IBM registry host in upper case, with a query', 'https://US.ICR.IO/oauth/token?x=1', 'https://us.icr.io']
  ])('may: %s', (_, realm, origin) => {
    expect(realmProblem(realm, origin)).toBeUndefined()
  })

  it.each([
    [
      'another host',
      'https://auth.example.com/token',
      /auth\.example\.com, which is not an IBM Cloud Container Registry host/
    ],
    ['a look-alike', 'https://us.icr.io.evil.example/token', /not an IBM Cloud Container Registry host/],
    ['plain http to an IBM host', 'http://us.icr.io/oauth/token', /not https/],
    ['another port of the loopback origin over http', 'http://127.0.0.1:80/oauth/token', /not https/],
    ['credentials in the URL', 'https://user:pw@us.icr.io/oauth/token', /carries credentials/],
    ['not a URL', '/oauth/token', /not a URL/],
    ['another scheme', 'ftp://us.icr.io/x', /not https/]
  ])('may not: %s', (_, realm, why) => {
    expect(realmProblem(realm, 'https://us.icr.io')).toMatch(why)
  })
})
