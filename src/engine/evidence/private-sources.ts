/**
 * The private source: the address IAM sees when this machine reaches a `private.*` registry domain over
 * IBM's private network (docs/ibm-facts.md §1). Given in `private-ip`, it is taken as it is. Otherwise the
 * kernel is asked which local address it would use to reach the registry's private endpoint (a UDP socket
 * connected to the resolved address sends nothing and tells the source address); when the name does not
 * resolve, the interface addresses in private ranges are candidates, less container and virtual bridges,
 * whose addresses never leave the machine. Every candidate considered is kept, with why it was kept or
 * dropped, so the report can show the choice.
 */
import { createSocket } from 'node:dgram'
import { lookup } from 'node:dns/promises'
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os'
import { isPrivateSource } from '../net/address.js'

/** Interfaces whose addresses are not what a request to IBM leaves by: Docker, CNI, Podman, libvirt bridges. */
const VIRTUAL_INTERFACE = /^(docker\d*|br-.*|veth.*|cni.*|flannel.*|cali.*|podman.*|virbr.*)$/

/** One address considered as the private source. */
interface PrivateCandidate {
  address: string
  /** The interface it belongs to, or `route` when the kernel named it for a registry host. */
  origin: string
  kept: boolean
  why: string
}

/** How the private source was found. */
export interface PrivateSources {
  /** `given` (private-ip), `route` (the kernel's choice), `interfaces` (candidates), or `none`. */
  how: 'given' | 'route' | 'interfaces' | 'none'
  addresses: string[]
  /** More than one interface address remained: each is only a guess, and a guess never fails the gate alone. */
  guessed: boolean
  candidates: PrivateCandidate[]
}

/** Stand-ins for the machine, for tests. */
export interface MachineProbe {
  interfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>
  /** The local address the kernel would use to reach `host`, or undefined when the name does not resolve. */
  routeTo?: (host: string, timeoutMs: number) => Promise<string | undefined>
}

/** Finds the private source for the private registry hosts used. */
export async function findPrivateSources(
  given: readonly string[],
  privateHosts: readonly string[],
  machine: MachineProbe,
  timeoutMs: number
): Promise<PrivateSources> {
  if (given.length > 0) return { how: 'given', addresses: [...given], guessed: false, candidates: [] }
  const routeTo = machine.routeTo ?? kernelRoute
  const routed = await Promise.all(privateHosts.map((h) => routeTo(h, timeoutMs).then((a) => [h, a] as const)))
  const candidates: PrivateCandidate[] = []
  for (const [host, address] of routed) {
    if (address === undefined) continue
    const kept = isPrivateSource(address)
    const why = kept
      ? `the kernel's source address for ${host}`
      : `the kernel's source address for ${host}, but not a private address`
    candidates.push({ address, origin: 'route', kept, why })
  }
  const fromRoute = unique(candidates.filter((c) => c.kept).map((c) => c.address))
  if (fromRoute.length > 0) return { how: 'route', addresses: fromRoute, guessed: false, candidates }

  for (const [name, infos] of Object.entries((machine.interfaces ?? networkInterfaces)())) {
    for (const info of infos ?? []) candidates.push(interfaceCandidate(name, info))
  }
  const kept = unique(candidates.filter((c) => c.kept && c.origin !== 'route').map((c) => c.address))
  if (kept.length === 0) return { how: 'none', addresses: [], guessed: false, candidates }
  return { how: 'interfaces', addresses: kept, guessed: kept.length > 1, candidates }
}

function interfaceCandidate(name: string, info: NetworkInterfaceInfo): PrivateCandidate {
  const base = { address: info.address, origin: name }
  if (info.internal) return { ...base, kept: false, why: 'loopback' }
  if (VIRTUAL_INTERFACE.test(name))
    return { ...base, kept: false, why: 'a container or virtual bridge: its address never leaves this machine' }
  if (!isPrivateSource(info.address)) return { ...base, kept: false, why: 'not in a private range' }
  return { ...base, kept: true, why: 'an interface address in a private range' }
}

function unique(addresses: string[]): string[] {
  return [...new Set(addresses)]
}

/**
 * Asks the kernel which local address it would use to reach `host`: resolve it, connect a UDP socket to
 * port 443 (connecting a datagram socket sends nothing), read the socket's own address. Undefined when the
 * name does not resolve in time or no route exists.
 */
async function kernelRoute(host: string, timeoutMs: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      resolve(undefined)
    }, timeoutMs)
  })
  try {
    return await Promise.race([resolveAndConnect(host), timeout])
  } finally {
    clearTimeout(timer)
  }
}

async function resolveAndConnect(host: string): Promise<string | undefined> {
  let address: string
  let family: number
  try {
    ;({ address, family } = await lookup(host))
  } catch (err) {
    // ENOTFOUND, EAI_AGAIN, …: the name does not resolve here, which is what the fallback is for.
    if (typeof (err as NodeJS.ErrnoException).code !== 'string') throw err
    return undefined
  }
  const socket = createSocket(family === 6 ? 'udp6' : 'udp4')
  try {
    return await new Promise<string | undefined>((resolve) => {
      socket.once('error', () => {
        resolve(undefined)
      })
      socket.connect(443, address, () => {
        resolve(socket.address().address)
      })
    })
  } finally {
    socket.close()
  }
}
