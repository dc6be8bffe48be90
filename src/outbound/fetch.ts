// A `fetch` for every request Bastille makes on its own: the policy is checked on the URL, on each
// address at connection time (so a DNS answer that changes after the check — rebinding — is caught),
// and again on every redirect, which it follows itself up to a bound.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { Agent, fetch as undiciFetch } from 'undici'
import { assertAddressAllowed, checkUrlSyntax, OutboundRefusedError, type OutboundPolicy } from './policy.js'

export const MAX_REDIRECTS = 5
const REDIRECTS = new Set([301, 302, 303, 307, 308])

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/** A `lookup` for net/tls.connect that refuses a host as soon as one of its addresses is refused. */
function guardedLookup (policy: OutboundPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err !== null) return callback(err, '')
      try {
        for (const { address } of addresses) assertAddressAllowed(policy, hostname, address)
      } catch (refusal) {
        return callback(refusal as OutboundRefusedError, '')
      }
      if (options.all === true) return callback(null, addresses)
      const first = addresses[0]!
      callback(null, first.address, first.family)
    })
  }
}

/** The request to send after a redirect, as fetch does it. */
function redirected (request: RequestInit, status: number, sameOrigin: boolean): RequestInit {
  const headers = new Headers(request.headers)
  // Credentials meant for one origin never follow a redirect to another.
  if (!sameOrigin) for (const name of ['authorization', 'cookie', 'proxy-authorization']) headers.delete(name)
  const method = (request.method ?? 'GET').toUpperCase()
  // 303, and 301/302 after a POST, continue as a GET without a body.
  if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
    const { body: _body, ...rest } = request
    return { ...rest, headers, method: 'GET' }
  }
  return { ...request, headers }
}

export interface GuardedFetchOptions extends OutboundPolicy {
  /** Longest wait for response headers, and for the next body bytes (ms). */
  timeoutMs?: number
}

/** A fetch-compatible function that applies the outbound policy; `close()` releases its connections. */
export function guardedFetch (options: GuardedFetchOptions): typeof globalThis.fetch & { close: () => Promise<void> } {
  const timeout = options.timeoutMs ?? 60_000
  const agent = new Agent({ connect: { lookup: guardedLookup(options) }, headersTimeout: timeout, bodyTimeout: timeout })

  async function once (url: URL, init: RequestInit): Promise<Response> {
    checkUrlSyntax(options, url)
    try {
      return await undiciFetch(url, { ...init, redirect: 'manual', dispatcher: agent } as Parameters<typeof undiciFetch>[1]) as unknown as Response
    } catch (err) {
      // fetch wraps connection errors in "fetch failed"; a refusal says more on its own.
      const cause = (err as { cause?: unknown }).cause
      throw cause instanceof OutboundRefusedError ? cause : err
    }
  }

  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (typeof input !== 'string' && !(input instanceof URL)) throw new TypeError('guardedFetch takes a URL, not a Request')
    let url = checkUrlSyntax(options, input)
    let request = init
    for (let hop = 0; ; hop++) {
      const response = await once(url, request)
      const location = response.headers.get('location')
      if (!REDIRECTS.has(response.status) || location === null || init.redirect === 'manual') return response
      await response.body?.cancel()
      if (hop === MAX_REDIRECTS) throw new OutboundRefusedError(`${input.toString()} redirects more than ${MAX_REDIRECTS} times`)
      const next = checkUrlSyntax(options, new URL(location, url))
      request = redirected(request, response.status, url.origin === next.origin)
      url = next
    }
  }
  return Object.assign(fetch as typeof globalThis.fetch, { close: () => agent.close() })
}
