/**
 * The scan on the shapes of real public workflows (trimmed, renamed copies; each fixture names its source).
 */
import { describe, expect, it } from '@jest/globals'
import { workflowFindings } from '../../../../src/engine/findings/workflow.js'
import { hostsAt, lineWith, notesAt, scanFixture, uses } from './fixture.js'

describe('real workflows', () => {
  it('actions/starter-workflows ibm.yml: cr login after region-set, docker push; the IKS deploy is not the runner’s', () => {
    const F = 'real-starter-iks.yml'
    const s = scanFixture(F)
    expect(hostsAt(s)).toEqual([`us.icr.io@${lineWith(F, 'ibmcloud cr login')}`])
    expect(s.registries[0]?.raw).toBe('ibmcloud cr region-set us-south')
    // The namespace comes from a secret: no repository; `docker push` makes it a push.
    expect(uses(s)).toEqual(['us.icr.io - push'])
    expect(s.unresolvable).toEqual([])
  })

  it('greyhoundforty/etc-code-engine icr.yaml: push-to-registry’s registry input, from the workflow env:', () => {
    const F = 'real-buildah-push-to-registry.yml'
    const s = scanFixture(F)
    expect(hostsAt(s)).toEqual([`us.icr.io@${lineWith(F, 'registry: ${{ env.REGISTRY_URL }}')}`])
    expect(uses(s)).toEqual(['us.icr.io - push'])
    // Step outputs (`steps.build-image.outputs.*`) name no registry key: no note.
    expect(s.unresolvable).toEqual([])
  })

  it('Qiskit/qiskit-serverless icr-image-build-and-push.yaml: docker/login-action to the global icr.io', () => {
    const F = 'real-login-action-global.yml'
    const s = scanFixture(F)
    expect(hostsAt(s)).toEqual([`icr.io@${lineWith(F, 'registry: icr.io')}`])
    expect(s.registries[0]).toMatchObject({ region: 'global', private: false })
    expect(uses(s)).toEqual(['icr.io - -']) // a login only: what the local composite action does is not read
  })

  it('IBM/CodeEngine my-img-app.yml: an image handed to Code Engine is not a registry of the runner', () => {
    const s = scanFixture('real-code-engine-image.yml')
    expect(s.registries).toEqual([])
    expect(s.unresolvable).toEqual([])
  })

  it('IBM/CodeEngine build-push.yml: a private build target on IBM’s side, with a note for the local upload', () => {
    const F = 'real-code-engine-build.yml'
    const s = scanFixture(F)
    expect(s.registries).toEqual([])
    expect(s.privateOnHosted).toEqual([]) // private.de.icr.io is reached by Code Engine, not by the hosted runner
    expect(notesAt(s)).toEqual([expect.stringMatching(new RegExp(`\\./shop-web .*@${lineWith(F, 'build-source:')}$`))])
    expect(workflowFindings(s).map((f) => f.code)).toEqual(['WORKFLOW_UNRESOLVABLE'])
  })

  it('accelcq/quantum1 deploy.yml: cr login after login -r with a secret region is noted; docker push found', () => {
    const F = 'real-login-region-secret.yml'
    const s = scanFixture(F)
    expect(hostsAt(s)).toEqual([`us.icr.io@${lineWith(F, 'docker build')}`])
    expect(uses(s)).toEqual(['us.icr.io - push'])
    // A GitHub-hosted runner logs in where `ibmcloud login -r` says, and that region is a secret.
    expect(notesAt(s)).toEqual([`\${{ secrets.IBM_CLOUD_REGION }}@${lineWith(F, 'ibmcloud login --apikey')}`])
  })
})
