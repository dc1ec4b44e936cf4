import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { parseSettings } from '../../../../src/engine/settings/settings.js'
import { DEFAULT_ECHO_URLS, DEFAULTS, INPUT_NAMES } from '../../../../src/engine/settings/defaults.js'
import { InputError } from '../../../../src/engine/settings/input-error.js'

const action = parse(readFileSync(new URL('../../../../action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, { default: string; description: string }>
}

function inputError(raw: Record<string, string>): InputError {
  try {
    parseSettings(raw, {})
  } catch (e) {
    expect(e).toBeInstanceOf(InputError)
    return e as InputError
  }
  throw new Error('expected an InputError')
}

describe('settings', () => {
  it('has the defaults of action.yml, and every engine input is declared there with a quoted string default', () => {
    for (const name of INPUT_NAMES) {
      expect(typeof action.inputs[name]!.default).toBe('string')
      expect(action.inputs[name]!.default).toBe(DEFAULTS[name])
    }
    for (const [name, spec] of Object.entries(action.inputs)) {
      expect(typeof spec.default).toBe('string')
      expect(spec.description.length).toBeGreaterThan(20)
      expect(name).toMatch(/^[a-z-]+$/)
    }
  })

  it('parses the defaults into typed settings', () => {
    const s = parseSettings({}, { RUNNER_ENVIRONMENT: 'github-hosted' })
    expect(s).toMatchObject({
      apikey: '',
      ipVersion: 'any',
      failOn: 'error',
      timeoutSeconds: 20,
      iamEndpoint: 'https://iam.cloud.ibm.com',
      registries: [],
      runnerEnvironment: 'github-hosted'
    })
    expect(s.ipEchoUrls).toHaveLength(8)
  })

  it('parses lists of addresses, registries and endpoints', () => {
    const s = parseSettings(
      {
        'egress-ip': '203.0.113.7, 2001:db8::7\n198.51.100.1',
        'private-ip': '10.0.0.5',
        registry: 'us.icr.io private.de.icr.io/ns/app:1.2',
        'iam-endpoint': 'http://127.0.0.1:9999/',
        'ip-version': 'ANY',
        'fail-on': 'warning',
        'timeout-seconds': ' 5 '
      },
      {}
    )
    expect(s.egressIps).toEqual(['203.0.113.7', '2001:db8::7', '198.51.100.1'])
    expect(s.privateIps).toEqual(['10.0.0.5'])
    expect(s.registries.map((r) => [r.host, r.private])).toEqual([
      ['us.icr.io', false],
      ['private.de.icr.io', true]
    ])
    expect(s.iamEndpoint).toBe('http://127.0.0.1:9999')
    expect(s.failOn).toBe('warning')
    expect(s.timeoutSeconds).toBe(5)
  })

  it.each([
    [{ 'ip-version': '5' }, 'ip-version', /expected one of "4", "6", "any"/],
    [{ 'fail-on': 'always' }, 'fail-on', /"error", "warning", "never"/],
    [{ 'timeout-seconds': '0' }, 'timeout-seconds', /whole number of seconds from 1 to 600/],
    [{ 'timeout-seconds': '2.5' }, 'timeout-seconds', /whole number/],
    [{ 'timeout-seconds': 'ten' }, 'timeout-seconds', /whole number/],
    [{ 'egress-ip': '1.2.3' }, 'egress-ip', /"1\.2\.3", which is not an IP address/],
    [{ 'private-ip': 'my-host' }, 'private-ip', /not an IP address/],
    [{ 'iam-endpoint': 'http://iam.example.com' }, 'iam-endpoint', /iam-endpoint/],
    [{ 'cbr-endpoint': 'not a url' }, 'cbr-endpoint', /not a URL/],
    [{ 'user-management-endpoint': 'https://u:p@um.example.com' }, 'user-management-endpoint', /credentials/],
    [{ 'ip-echo-urls': 'http://echo.example.com' }, 'ip-echo-urls', /ip-echo-urls/],
    [{ 'ip-echo-urls': ' ' }, 'ip-echo-urls', /at least one https echo URL/],
    [{ registry: 'docker.io/library/nginx' }, 'registry', /registry/],
    [{ 'account-id': '../../x' }, 'account-id', /IBM Cloud account ID/],
    [{ 'account-id': 'abc' }, 'account-id', /apikey/],
    [{ 'egress-ip': '203.0.113.7', 'ip-version': '6' }, 'egress-ip', /ip-version/]
  ])('rejects %j naming the input', (raw, name, pattern) => {
    const e = inputError(raw)
    expect(e.input).toBe(name)
    expect(e.message).toContain(name)
    expect(e.message).toMatch(pattern)
  })
})

describe('DEFAULT_ECHO_URLS', () => {
  it('is https only and covers both families', () => {
    expect(DEFAULT_ECHO_URLS).toHaveLength(8)
    for (const u of DEFAULT_ECHO_URLS) expect(u.startsWith('https://')).toBe(true)
    expect(DEFAULT_ECHO_URLS.some((u) => new URL(u).hostname.includes('6'))).toBe(true)
  })
})
