import { describe, expect, test } from '@jest/globals'
import { legacyRegistryAddresses } from '../../../../src/engine/registry/legacy.js'

describe('legacyRegistryAddresses', () => {
  test('holds both published sets with their regions', () => {
    const map = legacyRegistryAddresses()
    expect(map.get('166.9.20.31')).toEqual({ region: 'global', set: 'until_2022_07' })
    expect(map.get('166.9.251.49')).toEqual({ region: 'global', set: 'after_2022_07' })
    expect(map.get('166.9.249.104')).toEqual({ region: 'jp-tok', set: 'after_2022_07' })
    expect(map.size).toBeGreaterThan(50)
    for (const key of map.keys()) expect(key).toMatch(/^166\.9\.\d+\.\d+$/)
  })
})
