import { describe, expect, it } from '@jest/globals'
import { describeOrigin, insecureReason, shownUrl } from '../../../../../src/engine/evidence/http/url-policy.js'
import { InputError } from '../../../../../src/engine/settings/input-error.js'
import { parseSettings } from '../../../../../src/engine/settings/settings.js'

describe('insecureReason', () => {
  it.each(['https://iam.cloud.ibm.com', 'https://example.com:8443/x?y=1', 'https://10.0.0.1/'])('allows %s', (url) => {
    expect(insecureReason(new URL(url))).toBeUndefined()
  })

  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.255.1.2', '[::1]'])(
    'allows plain http to this machine (%s)',
    (host) => {
      expect(insecureReason(new URL(`http://${host}:8080/x`))).toBeUndefined()
    }
  )

  it.each([
    '10.0.0.1',
    'example.com',
    'localhost.example.com',
    // A trailing dot is another name to the HTTP library: it would go through HTTP_PROXY.
    'localhost.',
    '[::ffff:127.0.0.1]',
    '[::2]',
    '0.0.0.0',
    '[2001:db8::1]'
  ])('refuses plain http to %s, naming the host only', (host) => {
    const reason = insecureReason(new URL(`http://${host}/secret-path?k=v`))
    expect(reason).toMatch(/^plain http to .* is refused \(credentials would travel in clear text\); use https$/)
    expect(reason).not.toMatch(/secret-path|k=v/)
  })

  it.each([
    ['ftp://127.0.0.1/', 'the ftp scheme is not supported; use https'],
    ['file:///etc/passwd', 'the file scheme is not supported; use https']
  ])('refuses other schemes (%s)', (url, reason) => {
    expect(insecureReason(new URL(url))).toBe(reason)
  })

  it('describeOrigin keeps scheme, host and port only', () => {
    expect(describeOrigin(new URL('https://user:pw@iam.example:8443/v1/accounts/a?apikey=k#f'))).toBe(
      'https://iam.example:8443'
    )
  })
})

describe('settings turn the reason into an input error', () => {
  const inputError = (raw: Record<string, string>): InputError => {
    try {
      parseSettings(raw, {})
    } catch (err) {
      expect(err).toBeInstanceOf(InputError)
      return err as InputError
    }
    throw new Error('expected an InputError')
  }

  it.each([
    ['iam-endpoint', 'http://iam.cloud.ibm.com/secret-path?k=v', /plain http to iam\.cloud\.ibm\.com is refused/],
    ['cbr-endpoint', 'ftp://x/secret-path', /the ftp scheme is not supported; use https/],
    ['ip-echo-urls', 'http://echo.example/secret-path?k=v', /plain http to echo\.example is refused/]
  ])('%s = %s', (name, value, reason) => {
    const err = inputError({ [name]: value })
    expect(err.input).toBe(name)
    expect(err.message).toMatch(new RegExp(`^Input '${name}'`))
    expect(err.message).toMatch(reason)
    expect(err.message).not.toMatch(/secret-path|k=v/)
  })

  it('credentials in an endpoint are refused by settings, never shown', () => {
    const err = inputError({ 'iam-endpoint': 'https://user:pw@iam.cloud.ibm.com' })
    expect(err.input).toBe('iam-endpoint')
    expect(err.message).toMatch(/credentials/)
    expect(err.message).not.toContain('pw')
  })

  it('an http endpoint on this machine is accepted, without its trailing slash', () => {
    expect(parseSettings({ 'iam-endpoint': 'http://127.0.0.1:8080/x/' }, {}).iamEndpoint).toBe(
      'http://127.0.0.1:8080/x'
    )
  })
})

describe('shownUrl', () => {
  it('never shows a query or userinfo, and leaves other URLs as written', () => {
    expect(shownUrl('https://echo.example/ip?token=s3cr3t-value')).toBe('https://echo.example/ip?…')
    expect(shownUrl('https://user:pass@echo.example/')).toBe('https://echo.example/')
    expect(shownUrl('https://api.ipify.org')).toBe('https://api.ipify.org')
    expect(shownUrl('not a url')).toBe('(not a URL)')
  })
})
