/**
 * The runner's own addresses in private ranges: what IAM sees when the runner reaches a `private.*`
 * registry domain over IBM's private network.
 */
import { networkInterfaces } from 'node:os'
import { isPrivateSource } from '../net/address.js'

/** Non-loopback interface addresses in private ranges, each once, in interface order. */
export function localPrivateAddresses(): string[] {
  const out = new Set<string>()
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) if (!info.internal && isPrivateSource(info.address)) out.add(info.address)
  }
  return [...out]
}
