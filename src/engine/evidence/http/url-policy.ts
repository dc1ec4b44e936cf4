/**
 * Which URLs the engine may talk to, and how a URL may be named in messages.
 *
 * The API key and bearer tokens travel in headers and bodies, so plain `http://` is only allowed to this
 * machine (tests, local mocks); everything else must be `https://`. Settings apply the rule to every
 * endpoint input (and turn a reason into an input error); the HTTP client applies it again to each request,
 * so no caller can send a credential in clear text. Messages name a target by scheme, host and port only:
 * paths may hold account or user ids, query strings may hold anything.
 */
import ipaddr from 'ipaddr.js'

/**
 * Whether a URL's host (`URL.hostname`: lower-case, IPv6 in brackets) is connected to directly on this
 * machine: `localhost`, 127.0.0.0/8 or ::1, exactly the hosts the HTTP library never sends to a proxy.
 * Any other name, `localhost.` included, could go through `HTTP_PROXY`, so it is not loopback: a key sent
 * to it in plain http would cross the proxy in clear text.
 */
function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost') return true
  const literal = hostname.replace(/^\[(.*)\]$/, '$1')
  // 127.0.0.0/8 and ::1 only: an IPv4-mapped ::ffff:127.0.0.1 is not what the rule promises.
  return ipaddr.isValid(literal) && ipaddr.parse(literal).range() === 'loopback'
}

/** `scheme://host[:port]` of a URL: the only part of a URL that messages and the debug trail may show. */
export function describeOrigin(url: URL): string {
  return `${url.protocol}//${url.host}`
}

/**
 * A URL as reports may show it: scheme, host, port and path, never the userinfo or the query (an echo URL's
 * `?token=…` is the user's secret, not ours to print). Unparseable text is named as such.
 */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.username === '' && u.password === '' && u.search === '' && u.hash === '') return url
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`
  } catch {
    return '(not a URL)'
  }
}

/**
 * Why the engine must not call `url`, or undefined when it may: https anywhere, plain http to this machine
 * only. The reason names the host at most, never the path or query.
 */
export function insecureReason(url: URL): string | undefined {
  if (url.protocol === 'https:') return undefined
  if (url.protocol === 'http:') {
    return isLoopbackHost(url.hostname)
      ? undefined
      : `plain http to ${url.hostname} is refused (credentials would travel in clear text); use https`
  }
  return `the ${url.protocol.replace(/:$/, '')} scheme is not supported; use https`
}
