import { describe, expect, it } from '@jest/globals'
import { hostsAt, lineWith, notesAt, scanFixture, uses } from './fixture.js'

const F = 'with-inputs.yml'
const at = (host: string, needle: string, after = 0): string => `${host}@${lineWith(F, needle, after)}`

describe('with: inputs of any action', () => {
  it('reads registry hosts and image references under any key, in block and comma lists', () => {
    const s = scanFixture(F)
    expect(hostsAt(s)).toEqual([
      at('uk.icr.io', 'registry: uk.icr.io'), // podman-login, then push-to-registry's `registry: uk.icr.io/team`
      at('de.icr.io', 'image-ref:'),
      at('jp.icr.io', 'registry-hostname:'),
      at('es.icr.io', 'es.icr.io/team/a:1'),
      at('in.icr.io', 'in.icr.io/team/b:1'), // after a comma, on the line that names it
      at('br.icr.io', 'tags: br.icr.io'),
      at('au.icr.io', 'tags: au.icr.io'),
      at('jp2.icr.io', 'images: name=jp2.icr.io') // metadata-action's `name=` attribute
    ])
  })

  it('says what the job does with each registry when the action shows it', () => {
    expect(uses(scanFixture(F))).toEqual([
      'uk.icr.io - push', // podman-login logs in, push-to-registry pushes; `uk.icr.io/team` names no repository
      'de.icr.io team/app -', // an unknown action: its use is not known
      'jp.icr.io - -',
      'es.icr.io team/a -',
      'in.icr.io team/b -',
      'br.icr.io team/app push', // build-push-action with `push: true` (its cache-from only pulls)
      'au.icr.io team/app -', // build-push-action without `push: true`: the tags may stay local
      'jp2.icr.io team/app push' // metadata images whose tags a pushing build-push-action uses
    ])
  })

  it('ignores a value with spaces (a script), this action’s own inputs, and notes only registry keys it cannot read', () => {
    const s = scanFixture(F)
    expect(s.registries.map((r) => r.host)).not.toContain('ca.icr.io') // `script: docker push ca.icr.io/…`
    expect(s.registries.map((r) => r.host)).not.toContain('ca2.icr.io') // the preflight's own `registry:` input
    // `registry: ${{ secrets.PRIVATE_REGISTRY }}` is noted; `password: ${{ secrets.… }}` is not.
    expect(notesAt(s)).toEqual([`\${{ secrets.PRIVATE_REGISTRY }}@${lineWith(F, 'secrets.PRIVATE_REGISTRY')}`])
  })
})
