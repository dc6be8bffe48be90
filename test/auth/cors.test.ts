// CORS (any origin reads anonymously, only allow-listed origins may send a token) and security headers.
import t from 'tap'
import { buildTestApp } from '../support/build-app.js'

const TRUSTED = 'https://portal.example.org'
const app = await buildTestApp(t, { corsCredentialsOrigins: [TRUSTED] })

const preflight = (origin: string) => app.inject({
  method: 'OPTIONS',
  url: '/tokens',
  headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' }
})

t.test('any origin may read anonymously, and read the paging, caching and rate-limit headers', async t => {
  const res = await app.inject({ url: '/health', headers: { origin: 'https://reuser.example.net' } })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['access-control-allow-origin'], '*')
  t.equal(res.headers['access-control-allow-credentials'], undefined)
  t.match(res.headers.vary, /Origin/)
  const exposed = String(res.headers['access-control-expose-headers']).split(', ')
  for (const header of ['ETag', 'Last-Modified', 'Link', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After']) {
    t.ok(exposed.includes(header), `${header} is exposed`)
  }
})

t.test('problems are readable cross-origin too', async t => {
  const res = await app.inject({ url: '/nowhere', headers: { origin: 'https://reuser.example.net' } })
  t.equal(res.statusCode, 404)
  t.equal(res.headers['access-control-allow-origin'], '*')
})

t.test('a preflight from an unlisted origin does not allow Authorization', async t => {
  const res = await preflight('https://evil.example.com')
  t.equal(res.statusCode, 204)
  t.equal(res.headers['access-control-allow-origin'], '*')
  t.equal(res.headers['access-control-allow-credentials'], undefined)
  t.notMatch(res.headers['access-control-allow-headers'], /authorization/i)
  t.equal(res.headers['access-control-allow-methods'], 'GET, HEAD')
})

t.test('a preflight from an allow-listed origin allows Authorization and writes', async t => {
  const res = await preflight(TRUSTED)
  t.equal(res.statusCode, 204)
  t.equal(res.headers['access-control-allow-origin'], TRUSTED)
  t.equal(res.headers['access-control-allow-credentials'], 'true')
  t.match(res.headers['access-control-allow-headers'], /Authorization/)
  t.equal(res.headers['access-control-allow-methods'], 'GET, HEAD, POST, PUT, PATCH, DELETE')
  t.equal(res.headers['access-control-max-age'], '600')

  const refused = await app.inject({ url: '/tokens', headers: { origin: TRUSTED, authorization: 'Bearer nope' } })
  t.equal(refused.statusCode, 401)
  t.equal(refused.headers['access-control-allow-origin'], TRUSTED, 'the browser may read why it was refused')
})

t.test('OPTIONS without Origin is answered, not refused', async t => {
  const res = await app.inject({ method: 'OPTIONS', url: '/datasets' })
  t.equal(res.statusCode, 204)
  t.equal(res.headers['access-control-allow-methods'], 'GET, HEAD')
})

t.test('JSON responses carry security headers for an API', async t => {
  const res = await app.inject('/health')
  t.equal(res.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'")
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.equal(res.headers['x-frame-options'], 'DENY')
  t.equal(res.headers['cross-origin-resource-policy'], 'cross-origin')
  t.equal(res.headers['referrer-policy'], 'no-referrer')
  t.match(res.headers['strict-transport-security'], /max-age=\d+/)
})

t.test('/docs gets a policy that lets Swagger UI run, with no inline script', async t => {
  const page = await app.inject('/docs/')
  t.equal(page.statusCode, 200)
  const csp = String(page.headers['content-security-policy'])
  t.match(csp, /script-src 'self'/)
  t.notMatch(csp, /script-src[^;]*unsafe-inline/)
  t.match(csp, /style-src 'self' 'unsafe-inline'/)
  t.match(csp, /connect-src 'self'/)
  t.notMatch(page.body, /<script(?![^>]*\ssrc=)[^>]*>/, 'every script is a same-origin file')
  for (const [, src] of page.body.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) {
    t.notMatch(src, /^(https?:)?\/\//, `${src} is same-origin`)
    const asset = await app.inject(new URL(src!, 'http://localhost/docs/').pathname)
    t.equal(asset.statusCode, 200, `${src} is served`)
  }
})
