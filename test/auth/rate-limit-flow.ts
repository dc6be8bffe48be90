// The failed-authentication limiter's behaviour, run against each store (memory, PostgreSQL).
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { ADMIN } from '../support/build-app.js'

export const MAX_FAILURES = 3

const BAD = { authorization: `Bearer bst_${'x'.repeat(43)}` }

/** Needs an app built with `authFailuresPerMinute: MAX_FAILURES`. */
export async function testFailureLimit (t: Test, app: FastifyInstance): Promise<void> {
  const created = await app.inject({ method: 'POST', url: '/tokens', headers: ADMIN, payload: { name: 'ops', role: 'admin' } })
  const good = { authorization: `Bearer ${created.json().secret}` }

  await t.test('each failure is counted per client, with RateLimit headers', async t => {
    for (let remaining = MAX_FAILURES - 1; remaining >= 0; remaining--) {
      const res = await app.inject({ url: '/tokens', headers: BAD, remoteAddress: '203.0.113.7' })
      t.equal(res.statusCode, 401)
      t.equal(res.headers['ratelimit-limit'], String(MAX_FAILURES))
      t.equal(res.headers['ratelimit-remaining'], String(remaining))
      t.ok(Number(res.headers['ratelimit-reset']) > 0 && Number(res.headers['ratelimit-reset']) <= 60)
    }
  })

  await t.test('past the limit the client gets 429 before any lookup, even with a valid token', async t => {
    for (const headers of [BAD, good, ADMIN]) {
      const res = await app.inject({ url: '/tokens', headers, remoteAddress: '203.0.113.7' })
      t.equal(res.statusCode, 429)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      const retryAfter = Number(res.headers['retry-after'])
      t.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${retryAfter}`)
      t.equal(res.headers['ratelimit-remaining'], '0')
      t.equal(res.headers['ratelimit-reset'], String(retryAfter))
      t.same(res.json(), {
        type: 'urn:bastille:problem:auth-rate-limited',
        title: 'Too Many Requests',
        status: 429,
        detail: `Too many failed authentication attempts from this client; retry in ${retryAfter} seconds`,
        instance: '/tokens'
      })
    }
  })

  await t.test('anonymous reads from that client, and other clients, are unaffected', async t => {
    const anonymous = await app.inject({ url: '/health', remoteAddress: '203.0.113.7' })
    t.equal(anonymous.statusCode, 200)
    const other = await app.inject({ url: '/tokens', headers: BAD, remoteAddress: '198.51.100.2' })
    t.equal(other.statusCode, 401)
    t.equal(other.headers['ratelimit-remaining'], String(MAX_FAILURES - 1))
  })

  await t.test('successful authentications are not counted', async t => {
    for (let i = 0; i < MAX_FAILURES + 2; i++) {
      const res = await app.inject({ url: '/tokens', headers: good, remoteAddress: '192.0.2.9' })
      t.equal(res.statusCode, 200)
      t.equal(res.headers['ratelimit-remaining'], undefined)
    }
  })
}
