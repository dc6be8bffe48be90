// Which IP addresses a request Bastille makes on its own must never reach: anything that is not the
// public Internet (loopback, private networks, link-local and cloud metadata, CGNAT, multicast, reserved).
import { BlockList, isIP } from 'node:net'

type Family = 'ipv4' | 'ipv6'
type Ranges = Array<[reason: string, network: string, prefix: number, family: Family]>

const RANGES: Ranges = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['carrier-grade NAT', '100.64.0.0', 10, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['link-local or cloud metadata', '169.254.0.0', 16, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['documentation', '192.0.2.0', 24, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['benchmarking', '198.18.0.0', 15, 'ipv4'],
  ['documentation', '198.51.100.0', 24, 'ipv4'],
  ['documentation', '203.0.113.0', 24, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['IPv4-compatible (deprecated)', '::', 96, 'ipv6'],
  ['discard', '100::', 64, 'ipv6'],
  ['local-use NAT64', '64:ff9b:1::', 48, 'ipv6'],
  ['Teredo tunnel', '2001::', 32, 'ipv6'],
  ['documentation', '2001:db8::', 32, 'ipv6'],
  ['unique local (private)', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['site-local (deprecated)', 'fec0::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6']
]

const LISTS = new Map<string, BlockList>()
for (const [reason, network, prefix, family] of RANGES) {
  const list = LISTS.get(reason) ?? new BlockList()
  list.addSubnet(network, prefix, family)
  LISTS.set(reason, list)
}

/** The 8 hextets of an IPv6 address (with `::` and a trailing dotted quad expanded). */
function hextets (address: string): number[] {
  let text = address.replace(/%.*$/, '')
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (quad !== null) {
    const [a, b, c, d] = quad[1]!.split('.').map(Number) as [number, number, number, number]
    text = text.slice(0, -quad[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::') as [string, string | undefined]
  const parse = (part: string): number[] => part === '' ? [] : part.split(':').map(h => parseInt(h, 16))
  const left = parse(head)
  const right = tail === undefined ? [] : parse(tail)
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right]
}

const quadOf = (high: number, low: number): string => [high >> 8, high & 255, low >> 8, low & 255].join('.')

/** The IPv4 address an IPv6 one carries and routes to: IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 (2002::/16). */
function embeddedIpv4 (address: string): string | undefined {
  const h = hextets(address)
  const zeros = (from: number, to: number): boolean => h.slice(from, to).every(x => x === 0)
  if (zeros(0, 5) && h[5] === 0xffff) return quadOf(h[6]!, h[7]!)
  if (h[0] === 0x64 && h[1] === 0xff9b && zeros(2, 6)) return quadOf(h[6]!, h[7]!)
  if (h[0] === 0x2002) return quadOf(h[1]!, h[2]!)
  return undefined
}

/**
 * Why an address is not on the public Internet (e.g. `loopback`), or undefined when it is.
 * Anything that is not an IP address counts as refused.
 */
export function nonPublicReason (address: string): string | undefined {
  const family = isIP(address)
  if (family === 0) return 'not an IP address'
  if (family === 6) {
    const v4 = embeddedIpv4(address)
    if (v4 !== undefined) return nonPublicReason(v4)
  }
  const type: Family = family === 4 ? 'ipv4' : 'ipv6'
  for (const [reason, list] of LISTS) if (list.check(address, type)) return reason
  return undefined
}
