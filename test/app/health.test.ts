import t from 'tap'
import { buildTestApp } from '../support/build-app.js'
import { createMigrator, migrateToLatest } from '../../src/db/migrator.js'

const app = await buildTestApp(t)

t.test('GET /health answers while the process lives', async t => {
  const res = await app.inject('/health')
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
})

t.test('GET /ready answers 200 on a migrated database', async t => {
  const res = await app.inject('/ready')
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
})

t.test('GET /ready answers a 503 problem while a migration is pending', async t => {
  await createMigrator(app.db).migrateDown()
  const res = await app.inject('/ready')
  await migrateToLatest(app.db)
  t.equal(res.statusCode, 503)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(res.json(), { status: 503, title: 'Service Unavailable' })
  t.equal((await app.inject('/ready')).statusCode, 200, 'ready again once migrated')
})

t.test('unknown routes are 404 problems', async t => {
  const res = await app.inject('/nowhere?x=1')
  t.equal(res.statusCode, 404)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.same(res.json(), {
    type: 'urn:bastille:problem:route-not-found',
    title: 'Not Found',
    status: 404,
    detail: 'No route GET /nowhere',
    instance: '/nowhere?x=1'
  })
})

t.test('a malformed bearer token is refused with 401', async t => {
  const res = await app.inject({ url: '/health', headers: { authorization: 'Bearer nope' } })
  t.equal(res.statusCode, 401)
  t.equal(res.json().status, 401)
})

t.test('every response carries a request id, the caller’s when it is plain', async t => {
  const own = await app.inject({ url: '/health', headers: { 'x-request-id': 'nightly-42' } })
  t.equal(own.headers['x-request-id'], 'nightly-42')
  const hostile = await app.inject({ url: '/health', headers: { 'x-request-id': 'a\nb'.repeat(40) } })
  t.match(hostile.headers['x-request-id'], /^[0-9a-f-]{36}$/)
})
