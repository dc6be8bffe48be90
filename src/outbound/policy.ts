// The rule every request Bastille makes on its own follows (harvests now; webhooks and link checks
// later): http(s) only, and only to public addresses unless OUTBOUND_ALLOW_PRIVATE=true.
import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { nonPublicReason } from './addresses.js'

export interface OutboundPolicy {
  /** Lets requests reach loopback, private and link-local addresses (tests, closed networks). */
  allowPrivate: boolean
}

/** A URL or address Bastille refuses to reach on its own; the message says why, for a 400 or a report. */
export class OutboundRefusedError extends Error {
  override name = 'OutboundRefusedError'
  readonly code = 'BASTILLE_OUTBOUND_REFUSED'
}

/** The host of a URL without IPv6 brackets. */
const bareHost = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1')

/** Throws unless `address` (an IP) may be reached under the policy. */
export function assertAddressAllowed (policy: OutboundPolicy, host: string, address: string): void {
  if (policy.allowPrivate) return
  const reason = nonPublicReason(address)
  if (reason === undefined) return
  const via = host === address ? '' : `${host} resolves to `
  throw new OutboundRefusedError(`${via}${address}, a ${reason} address; Bastille only fetches from public addresses (OUTBOUND_ALLOW_PRIVATE=true lifts this)`)
}

/**
 * Parses `text` and checks what can be checked without connecting: the scheme, and the host when it is
 * an IP literal (the WHATWG parser has already turned decimal, octal and hex IPv4 forms into dotted quads).
 */
export function checkUrlSyntax (policy: OutboundPolicy, text: string | URL): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new OutboundRefusedError(`${String(text)} is not an absolute URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefusedError(`${url.protocol} URLs are not fetched; use http or https`)
  const host = bareHost(url)
  if (isIP(host) !== 0) assertAddressAllowed(policy, host, host)
  return url
}

/**
 * The registration-time check: the URL's syntax, and every address its host name resolves to now.
 * Fetches check again at connection time (guardedFetch), since DNS answers may change.
 */
export async function checkUrl (policy: OutboundPolicy, text: string): Promise<URL> {
  const url = checkUrlSyntax(policy, text)
  const host = bareHost(url)
  if (isIP(host) !== 0 || policy.allowPrivate) return url
  let addresses: Array<{ address: string }>
  try {
    addresses = await lookup(host, { all: true, verbatim: true })
  } catch {
    throw new OutboundRefusedError(`${host} cannot be resolved`)
  }
  for (const { address } of addresses) assertAddressAllowed(policy, host, address)
  return url
}
