// Each hostile input that once answered 500, a non-problem error or a schema error before a 401, kept as a
// named case (issue 12). Wire-level cases, which need a real socket, are in wire.test.ts.
import t, { type Test } from 'tap'
import type { InjectOptions } from 'fastify'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { MULTIPART, multipart, seed, storageDir, storedFiles } from '../files/helpers.js'
import { answerOf, problemFault, snapshot } from './support.js'

const dir = await storageDir(t)
const app = await buildTestApp(t, { storageDir: dir })
const s = await seed(app)
const JSON_TYPE = { 'content-type': 'application/json' }

async function expectProblem (t: Test, request: InjectOptions, status: number, path?: string): Promise<void> {
  const res = await app.inject(request)
  t.equal(res.statusCode, status, `${request.method} ${request.url}: ${res.body}`)
  t.equal(problemFault(answerOf(res)), undefined, 'a well-formed problem')
  if (path !== undefined) t.match(res.json().errors, [{ path }], 'names the field')
}

t.test('NUL, control characters and lone surrogates are 400s wherever they come in, and change nothing', async t => {
  const before = await snapshot(app)
  const put = (payload: string) => ({ method: 'PUT' as const, url: '/datasets/city-data', headers: { ...ADMIN, ...JSON_TYPE }, payload })
  await expectProblem(t, { method: 'GET', url: '/datasets?q=%00' }, 400, 'querystring/q')
  await expectProblem(t, { method: 'GET', url: '/datasets?keyword=a%00' }, 400, 'querystring/keyword')
  await expectProblem(t, { method: 'GET', url: '/datasets/a%00b' }, 400, 'params/idOrSlug')
  await expectProblem(t, { method: 'GET', url: '/datasets/a%00b/distributions' }, 400, 'params/idOrSlug')
  await expectProblem(t, put('{"title":"a\\u0000b"}'), 400, 'body/title')
  await expectProblem(t, put('{"title":"x","keywords":["ok","a\\u0000"]}'), 400, 'body/keywords/1')
  await expectProblem(t, put('{"title":"a\\ud800b"}'), 400, 'body/title')
  await expectProblem(t, put('{"title":"a\\udc00"}'), 400, 'body/title')
  await expectProblem(t, put('{"title":"bell\\u0007"}'), 400, 'body/title')
  await expectProblem(t, put('{"title":"x\\uffff"}'), 400, 'body/title')
  await expectProblem(t, put('{"title":"x","a\\u0000":1}'), 400, 'body/a\u0000')
  await expectProblem(t, { method: 'PUT', url: '/publishers/city', headers: ADMIN, payload: { name: 'a\u0000', type: 'LocalAuthority' } }, 400, 'body/name')
  await expectProblem(t, { method: 'POST', url: '/tokens', headers: ADMIN, payload: { name: 'a\u0000', publisher: 'city' } }, 400, 'body/name')
  await expectProblem(t, {
    method: 'POST',
    url: '/datasets/city-data/distributions',
    headers: { ...ADMIN, 'content-type': MULTIPART },
    payload: multipart(['title', 'a\u0000b'], { filename: 'a.csv', content: 'a,b\n1,2\n' })
  }, 400, 'body/title')
  t.equal(await snapshot(app), before, 'nothing was written')
  t.same(await storedFiles(dir), [], 'no file was stored')
})

t.test('tabs, line breaks and any well-formed text are still accepted', async t => {
  const title = 'Tab\there\r\nline 😀 é ﬀ \u007f\u0085'
  const res = await app.inject({ method: 'PATCH', url: '/datasets/city-data', headers: ADMIN, payload: { title } })
  t.equal(res.statusCode, 200, res.body)
  t.equal(res.json().title, title)
  const search = await app.inject({ method: 'GET', url: `/datasets?q=${encodeURIComponent('😀 é')}` })
  t.equal(search.statusCode, 200, search.body)
})

t.test('dates out of PostgreSQL\'s range are 400s; the first instant it takes is accepted', async t => {
  const before = await snapshot(app)
  await expectProblem(t, { method: 'GET', url: '/datasets?modifiedSince=0000-01-01T00:00:00Z' }, 400, 'querystring/modifiedSince')
  await expectProblem(t, { method: 'GET', url: '/catalog?modified_since=0000-01-01' }, 400, 'querystring/modified_since')
  await expectProblem(t, { method: 'GET', url: '/catalog.ttl?modified_since=0000-12-31T23:59:59Z' }, 400, 'querystring/modified_since')
  await expectProblem(t, { method: 'PATCH', url: '/datasets/city-data', headers: ADMIN, payload: { issued: '0000-01-01T00:00:00Z' } }, 400, 'body/issued')
  await expectProblem(t, { method: 'PATCH', url: '/datasets/city-data', headers: ADMIN, payload: { temporal: { start: '0000-01-01' } } }, 400, 'body/temporal/start')
  await expectProblem(t, {
    method: 'POST', url: '/datasets/city-data/distributions', headers: ADMIN, payload: { title: 'x', accessUrl: 'https://example.org/x', issued: '0000-06-01T00:00:00Z' }
  }, 400, 'body/issued')
  await expectProblem(t, { method: 'POST', url: '/tokens', headers: ADMIN, payload: { name: 'x', publisher: 'city', expiresAt: '0000-01-01T00:00:00Z' } }, 400, 'body/expiresAt')
  await expectProblem(t, { method: 'GET', url: '/datasets?modifiedSince=0001-01-01T00:00:00%2B14:00' }, 400, 'querystring/modifiedSince')
  await expectProblem(t, { method: 'GET', url: '/datasets?modifiedSince=2026-06-30T23:59:60Z' }, 400, 'querystring/modifiedSince')
  await expectProblem(t, { method: 'POST', url: '/tokens', headers: ADMIN, payload: { name: 'x', publisher: 'city', expiresAt: '9999-12-31T23:59:59-14:00' } }, 400, 'body/expiresAt')
  await expectProblem(t, {
    method: 'POST',
    url: '/datasets/city-data/distributions',
    headers: { ...ADMIN, 'content-type': MULTIPART },
    payload: multipart(['issued', '2026-01-01T00:00:00Z[Europe/Paris]'], { filename: 'a.csv', content: 'a,b\n1,2\n' })
  }, 400, 'body/issued')
  t.equal(await snapshot(app), before, 'nothing was written')
  const earliest = await app.inject({ method: 'GET', url: '/datasets?modifiedSince=0001-01-01T00:00:00Z' })
  t.equal(earliest.statusCode, 200, earliest.body)
  t.ok(earliest.json().total > 0, 'every dataset was modified since then')
  const latest = await app.inject({ method: 'POST', url: '/tokens', headers: ADMIN, payload: { name: 'x', publisher: 'city', expiresAt: '9999-12-31T23:59:59.999Z' } })
  t.equal(latest.statusCode, 201, latest.body)
  t.equal(latest.json().expiresAt, '9999-12-31T23:59:59.999Z')
})

t.test('byteSize beyond a safe integer is a 400 on every distribution write; the largest one is stored exactly', async t => {
  const before = await snapshot(app)
  const link = { title: 'x', accessUrl: 'https://example.org/x' }
  const huge = (payload: object) => JSON.stringify(payload).replace('"HUGE"', '1e300')
  await expectProblem(t, { method: 'POST', url: '/datasets/city-data/distributions', headers: { ...ADMIN, ...JSON_TYPE }, payload: huge({ ...link, byteSize: 'HUGE' }) }, 400, 'body/byteSize')
  await expectProblem(t, { method: 'PUT', url: `/distributions/${s.city.distributionId}`, headers: { ...ADMIN, ...JSON_TYPE }, payload: huge({ ...link, byteSize: 'HUGE' }) }, 400, 'body/byteSize')
  await expectProblem(t, { method: 'PATCH', url: `/distributions/${s.city.distributionId}`, headers: { ...ADMIN, ...JSON_TYPE }, payload: huge({ byteSize: 'HUGE' }) }, 400, 'body/byteSize')
  await expectProblem(t, { method: 'PATCH', url: `/distributions/${s.city.distributionId}`, headers: ADMIN, payload: { byteSize: Number.MAX_SAFE_INTEGER + 1 } }, 400, 'body/byteSize')
  t.equal(await snapshot(app), before, 'nothing was written')
  const res = await app.inject({ method: 'PATCH', url: `/distributions/${s.city.distributionId}`, headers: ADMIN, payload: { byteSize: Number.MAX_SAFE_INTEGER } })
  t.equal(res.statusCode, 200, res.body)
  t.equal(res.json().byteSize, Number.MAX_SAFE_INTEGER)
})

t.test('POST distributions with no body and no Content-Type is a 415, not a TypeError', async t => {
  await expectProblem(t, { method: 'POST', url: '/datasets/city-data/distributions', headers: ADMIN }, 415)
  await expectProblem(t, { method: 'POST', url: `/datasets/${s.city.datasetId}/distributions`, headers: { ...ADMIN, 'content-type': 'application/merge-patch+json' }, payload: '{}' }, 415)
})

t.test('anonymous writes get 401 before their body is looked at, on every secured route', async t => {
  const spec = app.swagger() as { paths: Record<string, Record<string, { security?: unknown[] }>> }
  let routes = 0
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (operation.security === undefined) continue
      routes++
      const url = path.replace(/\{[^}]+\}/g, 'x')
      for (const payload of ['{"nonsense": true}', '{not json', '']) {
        await expectProblem(t, { method: method.toUpperCase() as 'POST', url, headers: JSON_TYPE, payload }, 401)
      }
    }
  }
  t.ok(routes >= 19, `${routes} secured routes checked`)
})

t.test('framework errors are problems: unknown route, unsupported type, body too large, malformed JSON', async t => {
  await expectProblem(t, { method: 'GET', url: '/no/such/route' }, 404)
  await expectProblem(t, { method: 'DELETE', url: '/catalog' }, 404)
  await expectProblem(t, { method: 'POST', url: '/datasets', headers: { ...ADMIN, 'content-type': 'application/xml' }, payload: '<title/>' }, 415)
  await expectProblem(t, { method: 'POST', url: '/datasets', headers: { ...ADMIN, ...JSON_TYPE }, payload: `{"title":"${'x'.repeat(1100 * 1024)}"}` }, 413)
  await expectProblem(t, { method: 'POST', url: '/datasets', headers: { ...ADMIN, ...JSON_TYPE }, payload: '{"title":' }, 400)
  await expectProblem(t, { method: 'POST', url: '/datasets', headers: { ...ADMIN, ...JSON_TYPE }, payload: '' }, 400)
  await expectProblem(t, { method: 'PATCH', url: '/publishers/city', headers: { ...ADMIN, 'content-type': 'application/merge-patch+json' }, payload: '[1,' }, 400)
})
