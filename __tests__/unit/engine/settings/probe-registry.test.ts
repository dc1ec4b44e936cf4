/** The `probe-registry` input: its values, its default, and `true` without a key. */
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../../../src/engine/settings/input-error.js'
import { parseSettings } from '../../../../src/engine/settings/settings.js'
import { DEFAULTS } from '../../../../src/engine/settings/defaults.js'

const egress = { 'egress-ip': '203.0.113.7' }

describe("settings: 'probe-registry'", () => {
  it('defaults to auto (as action.yml says) and takes true and false, in any case', () => {
    expect(DEFAULTS['probe-registry']).toBe('auto')
    expect(parseSettings(egress, {}).probeRegistry).toBe('auto')
    expect(parseSettings({ ...egress, apikey: 'k'.repeat(20), 'probe-registry': ' TRUE ' }, {}).probeRegistry).toBe(
      'true'
    )
    expect(parseSettings({ ...egress, 'probe-registry': 'False' }, {}).probeRegistry).toBe('false')
  })

  it('auto and false never need a key or a registry', () => {
    expect(() => parseSettings({ ...egress, 'probe-registry': 'auto' }, {})).not.toThrow()
    expect(() => parseSettings({ ...egress, 'probe-registry': 'false', registry: 'us.icr.io' }, {})).not.toThrow()
  })

  it('true without a key is an input error naming the input and what is missing', () => {
    let error: unknown
    try {
      parseSettings({ ...egress, 'probe-registry': 'true', registry: 'us.icr.io' }, {})
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).input).toBe('probe-registry')
    expect((error as InputError).message).toBe(
      `Input 'probe-registry' is "true" but 'apikey' is empty: the registry login (user iamapikey) needs the API key. Set 'apikey' (from a secret), or set 'probe-registry' to "auto" or "false".`
    )
  })

  it('anything else is an input error listing the values', () => {
    expect(() => parseSettings({ ...egress, 'probe-registry': 'yes' }, {})).toThrow(
      `Input 'probe-registry' is "yes"; expected one of "auto", "true", "false".`
    )
  })
})
