// The outbound policy over the address forms SSRF relies on: every spelling of loopback and private
// addresses, IPv6 wrappers of IPv4 ones, and a DNS name that resolves to loopback.
import t from 'tap'
import { ConfigError, loadConfig } from '../../src/config.js'
import { nonPublicReason } from '../../src/outbound/addresses.js'
import { checkUrl, checkUrlSyntax, OutboundRefusedError } from '../../src/outbound/policy.js'

const GUARDED = { allowPrivate: false }
const OPEN = { allowPrivate: true }

t.test('addresses that are not on the public Internet, with the reason', async t => {
  const cases: Array<[string, string]> = [
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.100.100.200', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local or cloud metadata'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'benchmarking'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd00:ec2::254', 'unique local (private)'],
    ['fc00::1', 'unique local (private)'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local or cloud metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::169.254.169.254', 'link-local or cloud metadata'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['::7f00:1', 'IPv4-compatible (deprecated)'],
    ['2001:db8::1', 'documentation'],
    ['not-an-ip', 'not an IP address']
  ]
  for (const [address, reason] of cases) t.equal(nonPublicReason(address), reason, address)
})

t.test('public addresses pass, including public IPv4 inside IPv6 wrappers', async t => {
  for (const address of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2a00:1450:4007:80e::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1']) {
    t.equal(nonPublicReason(address), undefined, address)
  }
})

t.test('URLs with IP literals in decimal, octal, hex, shortened and IPv6 forms are refused', async t => {
  const urls = [
    'http://127.0.0.1/', 'http://2130706433/', 'http://0x7f000001/', 'http://0x7f.1/', 'http://017700000001/',
    'http://0177.0.0.1/', 'http://127.1/', 'http://[::1]:8080/', 'http://[::ffff:127.0.0.1]/', 'http://[0:0:0:0:0:ffff:7f00:1]/',
    'http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/', 'https://10.0.0.1/catalog.ttl', 'http://0/'
  ]
  for (const url of urls) {
    t.throws(() => checkUrlSyntax(GUARDED, url), OutboundRefusedError, url)
    t.doesNotThrow(() => checkUrlSyntax(OPEN, url), `${url} with OUTBOUND_ALLOW_PRIVATE`)
  }
  const err = t.throws(() => checkUrlSyntax(GUARDED, 'http://2130706433/')) as Error
  t.match(err.message, /127\.0\.0\.1, a loopback address/)
})

t.test('only absolute http(s) URLs', async t => {
  for (const url of ['file:///etc/passwd', 'ftp://example.org/', 'gopher://127.0.0.1/', 'not a url', '/relative']) {
    t.throws(() => checkUrlSyntax(OPEN, url), OutboundRefusedError, url)
  }
})

t.test('a name that resolves to loopback is refused at registration; a public literal is accepted', async t => {
  await t.rejects(checkUrl(GUARDED, 'http://localhost:8080/catalog'), { message: /localhost resolves to (127\.0\.0\.1|::1), a loopback address/ })
  await t.rejects(checkUrl(GUARDED, 'http://name-that-does-not-exist.invalid/'), { message: /cannot be resolved/ })
  t.equal((await checkUrl(GUARDED, 'https://93.184.215.14/catalog.ttl')).href, 'https://93.184.215.14/catalog.ttl')
  t.equal((await checkUrl(OPEN, 'http://localhost:8080/catalog')).hostname, 'localhost')
})

t.test('OUTBOUND_ALLOW_PRIVATE and the harvest worker settings are read from the environment', async t => {
  t.equal(loadConfig({}).outboundAllowPrivate, false, 'off by default')
  t.equal(loadConfig({ OUTBOUND_ALLOW_PRIVATE: 'true' }).outboundAllowPrivate, true)
  t.match(loadConfig({ HARVEST_WORKER: 'false', HARVEST_POLL_SECONDS: '5' }), { harvestWorker: false, harvestPollSeconds: 5 })
  t.throws(() => loadConfig({ OUTBOUND_ALLOW_PRIVATE: 'perhaps' }), ConfigError)
  t.throws(() => loadConfig({ HARVEST_POLL_SECONDS: '0' }), ConfigError)
})
