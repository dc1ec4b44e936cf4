import { describe, expect, it } from '@jest/globals'
import type { NetworkInterfaceInfo } from 'node:os'
import { findPrivateSources } from '../../../../src/engine/evidence/private-sources.js'

const nic = (address: string, internal = false): NetworkInterfaceInfo =>
  ({
    address,
    internal,
    family: address.includes(':') ? 'IPv6' : 'IPv4',
    netmask: '',
    mac: '',
    cidr: null
  }) as NetworkInterfaceInfo

/** A self-hosted runner with Docker, a CNI bridge and a libvirt bridge beside its real private interface. */
const dockerHost = () => ({
  lo: [nic('127.0.0.1', true), nic('::1', true)],
  eth0: [nic('10.240.0.5')],
  docker0: [nic('172.17.0.1')],
  'br-3f2a9c': [nic('172.18.0.1')],
  veth12ab: [nic('fe80::1')],
  cni0: [nic('10.88.0.1')],
  virbr0: [nic('192.168.122.1')],
  eth1: [nic('203.0.113.9')]
})

const noRoute = () => Promise.resolve(undefined)

describe('findPrivateSources', () => {
  it('takes private-ip as given, and asks nothing of the machine', async () => {
    const found = await findPrivateSources(
      ['10.1.2.3'],
      ['private.us.icr.io'],
      {
        interfaces: () => {
          throw new Error('not asked')
        },
        routeTo: () => {
          throw new Error('not asked')
        }
      },
      1000
    )
    expect(found).toEqual({ how: 'given', addresses: ['10.1.2.3'], guessed: false, candidates: [] })
  })

  it("uses the kernel's source address for the registry's private endpoint when the name resolves", async () => {
    const asked: string[] = []
    const routeTo = (host: string) => {
      asked.push(host)
      return Promise.resolve('10.240.0.5')
    }
    const found = await findPrivateSources(
      [],
      ['private.us.icr.io', 'private.de.icr.io'],
      { interfaces: dockerHost, routeTo },
      1000
    )
    expect(asked).toEqual(['private.us.icr.io', 'private.de.icr.io'])
    expect(found).toMatchObject({ how: 'route', addresses: ['10.240.0.5'], guessed: false })
  })

  it('drops Docker, CNI, Podman and libvirt bridges, loopback and public addresses, saying why', async () => {
    const found = await findPrivateSources(
      [],
      ['private.us.icr.io'],
      { interfaces: dockerHost, routeTo: noRoute },
      1000
    )
    expect(found.how).toBe('interfaces')
    expect(found.addresses).toEqual(['10.240.0.5'])
    expect(found.guessed).toBe(false)
    const dropped = Object.fromEntries(found.candidates.filter((c) => !c.kept).map((c) => [c.address, c.why]))
    expect(dropped['172.17.0.1']).toMatch(/container or virtual bridge/)
    expect(dropped['172.18.0.1']).toMatch(/container or virtual bridge/)
    expect(dropped['10.88.0.1']).toMatch(/container or virtual bridge/)
    expect(dropped['192.168.122.1']).toMatch(/container or virtual bridge/)
    expect(dropped['127.0.0.1']).toBe('loopback')
    expect(dropped['203.0.113.9']).toBe('not in a private range')
  })

  it('marks several remaining candidates as guesses', async () => {
    const interfaces = () => ({ eth0: [nic('10.240.0.5')], eth1: [nic('192.168.10.4')] })
    const found = await findPrivateSources([], ['private.us.icr.io'], { interfaces, routeTo: noRoute }, 1000)
    expect(found).toMatchObject({ how: 'interfaces', addresses: ['10.240.0.5', '192.168.10.4'], guessed: true })
  })

  it('finds none when only bridges and public addresses exist, and a public route is not a private source', async () => {
    const interfaces = () => ({ docker0: [nic('172.17.0.1')], eth0: [nic('203.0.113.9')] })
    const found = await findPrivateSources(
      [],
      ['private.us.icr.io'],
      { interfaces, routeTo: () => Promise.resolve('203.0.113.9') },
      1000
    )
    expect(found.how).toBe('none')
    expect(found.addresses).toEqual([])
    expect(found.candidates.find((c) => c.origin === 'route')).toMatchObject({
      kept: false,
      why: expect.stringMatching(/not a private address/)
    })
  })
})
