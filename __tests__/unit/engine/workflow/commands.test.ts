import { describe, expect, it } from '@jest/globals'
import { hostsAt, lineWith, notesAt, scanFixture, uses } from './fixture.js'

describe('podman, buildah and skopeo command lines', () => {
  const F = 'tools.yml'
  const at = (host: string, needle: string): string => `${host}@${lineWith(F, needle)}`

  it('reads them like docker’s, skipping the values of their options', () => {
    expect(hostsAt(scanFixture(F))).toEqual([
      at('us.icr.io', 'podman login'),
      at('de.icr.io', 'buildah from'),
      at('jp.icr.io', 'buildah push'), // the destination, not the local image
      at('uk.icr.io', 'skopeo copy --src-creds'), // `--src-creds "a:b"` is not the source
      at('au.icr.io', 'skopeo copy --src-creds'),
      at('es.icr.io', 'skopeo inspect'),
      at('br.icr.io', 'docker run'), // `-v …` and `-w …` are not the image
      at('ca.icr.io', 'docker buildx build --push'),
      at('in.icr.io', 'docker tag'),
      at('in2.icr.io', 'manifest push') // `/usr/bin/podman`, `--all`, the list's destination
    ])
  })

  it('knows push from pull: push, buildx --push, skopeo copy’s destination; pull, run, from, copy’s source', () => {
    expect(uses(scanFixture(F))).toEqual([
      'us.icr.io team/app push', // login, build (unknown) and push: one push is enough
      'de.icr.io team/base pull',
      'jp.icr.io team/app push',
      'uk.icr.io team/src pull',
      'au.icr.io team/dst push',
      'es.icr.io team/x pull',
      'br.icr.io team/tool pull',
      'ca.icr.io team/app push',
      'in.icr.io team/app -', // tagged only
      'in2.icr.io team/multi push'
    ])
  })

  it('skips skopeo transports that are not a registry (oci:, docker-archive:)', () => {
    expect(notesAt(scanFixture(F))).toEqual([])
  })
})

describe('images handed to IBM’s side', () => {
  const F = 'ibm-side.yml'

  it('are not the runner’s registries: Code Engine, Kubernetes Service, kubectl, helm, deploying actions', () => {
    const s = scanFixture(F)
    expect(s.registries).toEqual([])
    expect(s.privateOnHosted).toEqual([]) // private.* hosts given to Code Engine are reached from IBM's side
  })

  it('notes Code Engine’s upload of a local build source, which the runner makes to a host Code Engine picks', () => {
    const notes = notesAt(scanFixture(F))
    expect(notes).toEqual([
      expect.stringMatching(new RegExp(`local build source \\./app .*@${lineWith(F, 'build-source: ./app')}$`)),
      expect.stringMatching(new RegExp(`local build source \\. .*@${lineWith(F, '--build-source .')}$`))
    ])
    // A source in a Git repository is fetched by Code Engine itself: no note.
    expect(notes.join()).not.toContain('github.com')
  })
})

describe('a command over several lines', () => {
  const F = 'multi-line.yml'
  const at = (host: string, needle: string): string => `${host}@${lineWith(F, needle)}`

  it('is annotated on the line that names the registry (continuations, folded scalars, a variable)', () => {
    const s = scanFixture(F)
    expect(hostsAt(s)).toEqual([
      at('us.icr.io', '-t us.icr.io'),
      at('de.icr.io', 'docker://de.icr.io'),
      at('jp.icr.io', 'docker://jp.icr.io'),
      at('uk.icr.io', '"$TARGET"'),
      at('es.icr.io', 'es.icr.io/team/app:1')
    ])
    expect(uses(s)).toEqual([
      'us.icr.io team/app push',
      'de.icr.io team/a pull',
      'jp.icr.io team/a push',
      'uk.icr.io team/app push',
      'es.icr.io team/app push'
    ])
  })
})
