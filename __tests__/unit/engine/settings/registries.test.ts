import { describe, expect, test } from '@jest/globals'
import { parseRegistries } from '../../../../src/engine/settings/registries.js'
import { isRegistryHost, lookupRegistryHost } from '../../../../src/engine/registry/hosts.js'
import { InputError } from '../../../../src/engine/settings/input-error.js'

describe('parseRegistries', () => {
  test('reads hosts and image references separated by commas, spaces and newlines', () => {
    const targets = parseRegistries('us.icr.io, private.de.icr.io/ns/app:1.2\nhttps://jp.icr.io/v2/ns/x  icr.io')
    expect(targets).toEqual([
      { raw: 'us.icr.io', host: 'us.icr.io', private: false, region: 'us-south' },
      {
        raw: 'private.de.icr.io/ns/app:1.2',
        host: 'private.de.icr.io',
        private: true,
        region: 'eu-de',
        repository: 'ns/app'
      },
      { raw: 'https://jp.icr.io/v2/ns/x', host: 'jp.icr.io', private: false, region: 'jp-tok' },
      { raw: 'icr.io', host: 'icr.io', private: false, region: 'global' }
    ])
  })

  test('an empty input gives no registry', () => {
    expect(parseRegistries('')).toEqual([])
    expect(parseRegistries(' ,\n ')).toEqual([])
  })

  test('deduplicates by host, keeping the first spelling', () => {
    const targets = parseRegistries('US.ICR.IO/ns/a:1,us.icr.io,us.icr.io:443/ns/b@sha256:abc')
    expect(targets).toHaveLength(1)
    expect(targets[0]).toMatchObject({ raw: 'US.ICR.IO/ns/a:1', host: 'us.icr.io' })
  })

  test('every region of the docs table, with its private domain', () => {
    const pairs: Array<[string, string]> = [
      ['au.icr.io', 'au-syd'],
      ['br.icr.io', 'br-sao'],
      ['ca2.icr.io', 'ca-mon'],
      ['ca.icr.io', 'ca-tor'],
      ['de.icr.io', 'eu-de'],
      ['es.icr.io', 'eu-es'],
      ['uk.icr.io', 'eu-gb'],
      ['in.icr.io', 'in-che'],
      ['in2.icr.io', 'in-mum'],
      ['jp2.icr.io', 'jp-osa'],
      ['jp.icr.io', 'jp-tok'],
      ['us.icr.io', 'us-south']
    ]
    for (const [host, region] of pairs) {
      expect(lookupRegistryHost(host)).toEqual({ host, private: false, region })
      expect(lookupRegistryHost(`private.${host}`)).toEqual({ host: `private.${host}`, private: true, region })
    }
    expect(lookupRegistryHost('private.icr.io')).toEqual({ host: 'private.icr.io', private: true, region: 'global' })
  })

  test('deprecated bluemix domains are accepted and marked', () => {
    const targets = parseRegistries('registry.ng.bluemix.net/ns/app registry.bluemix.net')
    expect(targets).toEqual([
      {
        raw: 'registry.ng.bluemix.net/ns/app',
        host: 'registry.ng.bluemix.net',
        private: false,
        region: 'us-south',
        deprecated: true,
        repository: 'ns/app'
      },
      { raw: 'registry.bluemix.net', host: 'registry.bluemix.net', private: false, region: 'global', deprecated: true }
    ])
    expect(lookupRegistryHost('registry.eu-gb.bluemix.net')?.region).toBe('eu-gb')
  })

  test('cp.icr.io, fr2.icr.io and the CDN hosts are known', () => {
    expect(lookupRegistryHost('cp.icr.io')).toMatchObject({ private: false, region: 'global' })
    expect(lookupRegistryHost('fr2.icr.io')).toMatchObject({ private: false, region: 'eu-fr2' })
    expect(isRegistryHost('dd0.icr.io')).toBe(true)
    expect(isRegistryHost('dd2.icr.io')).toBe(true)
    expect(lookupRegistryHost('dd0.de.icr.io')).toMatchObject({ private: false, region: 'eu-de' })
  })

  test('a host that is not a registry domain throws an InputError naming it and the expected form', () => {
    expect(() => parseRegistries('us.icr.io docker.io/library/nginx')).toThrow(InputError)
    try {
      parseRegistries('docker.io/library/nginx, evil-icr.io,us.icr.io')
      throw new Error('no throw')
    } catch (error) {
      expect(error).toBeInstanceOf(InputError)
      const e = error as InputError
      expect(e.input).toBe('registry')
      expect(e.message).toContain('"docker.io/library/nginx"')
      expect(e.message).toContain('"evil-icr.io"')
      expect(e.message).toContain('private.us.icr.io')
    }
  })

  test('look-alike hosts are refused', () => {
    for (const host of [
      'icr.io.evil.com',
      'xx.icr.io',
      'private.cp.icr.io',
      'bluemix.net',
      'registry.foo.bluemix.net',
      ''
    ]) {
      expect(isRegistryHost(host)).toBe(false)
    }
  })
})
