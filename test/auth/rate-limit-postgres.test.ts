// The failed-authentication limiter with its counters in PostgreSQL, as several nodes share them.
import t from 'tap'
import { sql } from 'kysely'
import { buildTestApp } from '../support/build-app.js'
import { MAX_FAILURES, testFailureLimit } from './rate-limit-flow.js'

const app = await buildTestApp(t, { authFailuresPerMinute: MAX_FAILURES, authRateLimitStore: 'postgres' })

await testFailureLimit(t, app)

t.test('the counters live in the database and reset with their window', async t => {
  const { rows } = await sql<{ key: string, count: number }>`SELECT key, count FROM auth_failures ORDER BY key`.execute(app.db)
  t.same(rows, [{ key: '198.51.100.2', count: 1 }, { key: '203.0.113.7', count: MAX_FAILURES }])
  await sql`UPDATE auth_failures SET window_start = now() - interval '61 seconds'`.execute(app.db)
  const res = await app.inject({ url: '/tokens', headers: { authorization: `Bearer bst_${'x'.repeat(43)}` }, remoteAddress: '203.0.113.7' })
  t.equal(res.statusCode, 401, 'a new window opens')
  t.equal(res.headers['ratelimit-remaining'], String(MAX_FAILURES - 1))
  const left = await sql<{ key: string }>`SELECT key FROM auth_failures`.execute(app.db)
  t.same(left.rows, [{ key: '203.0.113.7' }], 'ended windows are dropped')
})
