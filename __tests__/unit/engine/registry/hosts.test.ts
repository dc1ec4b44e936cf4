import { describe, expect, test } from '@jest/globals'
import { isRegistryHost, registryHostForRegion, repositoryOf } from '../../../../src/engine/registry/hosts.js'

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

describe('repositoryOf', () => {
  it('names the repository of an image reference, without tag or digest', () => {
    expect(repositoryOf('us.icr.io/team/app:1.2')).toBe('team/app')
    expect(repositoryOf('docker://private.de.icr.io/Team/sub/App@sha256:abc')).toBe('team/sub/app')
    expect(repositoryOf('us.icr.io:443/team/app')).toBe('team/app')
  })

  it('is undefined for a bare host, an API path or a path that is not a repository', () => {
    expect(repositoryOf('us.icr.io')).toBeUndefined()
    expect(repositoryOf('us.icr.io/')).toBeUndefined()
    expect(repositoryOf('https://jp.icr.io/v2/ns/x')).toBeUndefined()
    expect(repositoryOf('us.icr.io/app')).toBeUndefined()
    expect(repositoryOf('us.icr.io/team/$IMAGE')).toBeUndefined()
  })
})
