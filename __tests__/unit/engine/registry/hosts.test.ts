import { describe, expect, test } from '@jest/globals'
import { isRegistryHost, registryHostForRegion } from '../../../../src/engine/registry/hosts.js'

describe('isRegistryHost', () => {
  test('ignores case, a trailing dot and a port', () => {
    expect(isRegistryHost('US.ICR.IO')).toBe(true)
    expect(isRegistryHost('us.icr.io.')).toBe(true)
    expect(isRegistryHost('private.us.icr.io:443')).toBe(true)
  })
})

describe('registryHostForRegion', () => {
  test('maps IBM Cloud regions to their public domain', () => {
    expect(['us-south', 'global', 'eu-gb', 'ca-mon', 'EU-DE ', 'eu-fr2', 'mars-1'].map(registryHostForRegion)).toEqual([
      'us.icr.io',
      'icr.io',
      'uk.icr.io',
      'ca2.icr.io',
      'de.icr.io',
      'fr2.icr.io',
      undefined
    ])
  })
})
