/**
 * Which URLs the HTTP layer may talk to, and how a URL may be named in messages.
 *
 * The API key and bearer tokens travel in headers and bodies, so plain `http://` is only allowed to this
 * machine (tests, local mocks); everything else must be `https://`. Messages name a target by scheme, host
 * and port only: paths may hold account or user ids, query strings may hold anything.
 */
import ipaddr from 'ipaddr.js'
import { InputError } from '../../settings/input-error.js'
import { HttpError } from './http-client.js'

/**
 * Whether a URL host (as `URL.hostname` gives it, IPv6 in brackets or not) is this machine:
 * `localhost`, 127.0.0.0/8 or ::1. Names other than `localhost` are not resolved: a name is not loopback.
 */
export function isLoopbackHost(host: string): boolean {
  let h = host.trim().toLowerCase()
  if (h.endsWith('.')) h = h.slice(0, -1)
  if (h === 'localhost') return true
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1)
  if (!ipaddr.isValid(h)) return false
  const addr = ipaddr.parse(h)
  // 127.0.0.0/8 and ::1 only: an IPv4-mapped ::ffff:127.0.0.1 is not what the rule promises.
  return addr.range() === 'loopback'
}

/** `scheme://host[:port]` of a URL: the only part of a URL that messages may show. */
export function describeOrigin(url: URL): string {
  return `${url.protocol}//${url.host}`
}

/** Why a URL is not acceptable, or undefined when it is. Never repeats the URL beyond its origin. */
export function insecureReason(url: URL): string | undefined {
  if (url.protocol === 'https:') return undefined
  if (url.protocol === 'http:') {
    return isLoopbackHost(url.hostname)
      ? undefined
      : `plain http to ${url.hostname} is refused (credentials would travel in clear text); use https`
  }
  return `the ${url.protocol.replace(/:$/, '')} scheme is not supported; use https`
}

/** Parses a URL without letting Node's error (which carries the whole input) escape. */
export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

/**
 * Settings validation: throws an `InputError` naming `inputName` unless `url` is an https URL, or an http URL
 * to this machine. The message shows the origin only, never the path or query.
 */
export function assertSecureUrl(url: string, inputName: string): void {
  const parsed = parseUrl(url.trim())
  if (!parsed) {
    throw new InputError(inputName, `${inputName}: not a valid URL; expected https://host[/path]`)
  }
  if (parsed.username || parsed.password) {
    throw new InputError(inputName, `${inputName}: credentials in the URL are not allowed`)
  }
  const reason = insecureReason(parsed)
  if (reason) throw new InputError(inputName, `${inputName}: ${reason}`)
}

/**
 * The HTTP layer's own check: throws `HttpError('insecure')` for a URL it must not call, or
 * `HttpError('network')` for one that does not parse. Returns the parsed URL.
 */
export function checkRequestUrl(method: string, url: string): URL {
  const parsed = parseUrl(url)
  if (!parsed) throw new HttpError('network', `${method}: not a valid URL`, 0)
  const reason = insecureReason(parsed)
  if (reason) throw new HttpError('insecure', `${method} ${describeOrigin(parsed)}: ${reason}`, 0)
  return parsed
}
