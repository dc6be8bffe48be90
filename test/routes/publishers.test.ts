import t from 'tap'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'

const app = await buildTestApp(t)

const LUGDUNUM = {
  name: 'Ville de Lugdunum',
  type: 'LocalAuthority',
  homepage: 'https://www.lugdunum.example.org',
  email: 'opendata@lugdunum.example.org'
}
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

t.test('POST /publishers creates a publisher for an admin', async t => {
  const res = await app.inject({ method: 'POST', url: '/publishers', headers: ADMIN, payload: { id: 'lugdunum', ...LUGDUNUM } })
  t.equal(res.statusCode, 201)
  t.equal(res.headers.location, `${PUBLIC_URL}/publishers/lugdunum`)
  t.match(res.headers.etag, /^"[\w-]+"$/)
  const body = res.json()
  t.same(body, {
    id: 'lugdunum',
    ...LUGDUNUM,
    catalog: `${PUBLIC_URL}/publishers/lugdunum/catalog`,
    createdAt: body.createdAt,
    updatedAt: body.createdAt
  })
  t.match(body.createdAt, ISO)

  const read = await app.inject('/publishers/lugdunum')
  t.equal(read.statusCode, 200)
  t.same(read.json(), body)
  t.equal(read.headers.etag, res.headers.etag)
})

t.test('POST /publishers refuses bad input with precise problems', async t => {
  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ['taken id', { id: 'lugdunum', ...LUGDUNUM }, 409, 'Publisher lugdunum already exists; PUT /publishers/lugdunum replaces it'],
    ['unknown property', { id: 'x', ...LUGDUNUM, siret: '123' }, 400, 'body/siret'],
    ['bad id', { id: 'Ville de X', ...LUGDUNUM }, 400, 'body/id'],
    ['bad email', { id: 'x', ...LUGDUNUM, email: 'not-an-email' }, 400, 'body/email'],
    ['relative homepage', { id: 'x', ...LUGDUNUM, homepage: '/home' }, 400, 'body/homepage'],
    ['ftp homepage', { id: 'x', ...LUGDUNUM, homepage: 'ftp://example.org' }, 400, 'body/homepage'],
    ['missing name', { id: 'x', type: 'LocalAuthority' }, 400, 'body/name'],
    ['unknown type', { id: 'x', ...LUGDUNUM, type: 'Municipality' }, 422, 'Municipality is not a publisher type; see GET /vocabularies/publisher-type']
  ]
  for (const [label, payload, status, detail] of cases) {
    const res = await app.inject({ method: 'POST', url: '/publishers', headers: ADMIN, payload })
    t.equal(res.statusCode, status, label)
    t.match(res.headers['content-type'], /^application\/problem\+json/, label)
    t.match(res.json().detail, detail, label)
  }
  const typeProblem = await app.inject({ method: 'POST', url: '/publishers', headers: ADMIN, payload: { id: 'x', ...LUGDUNUM, type: 'Nope' } })
  t.same(typeProblem.json().errors, [{ path: 'body/type', message: 'Nope is not a publisher type; see GET /vocabularies/publisher-type' }])
  t.equal((await app.inject('/publishers/x')).statusCode, 404, 'nothing was written')
})

t.test('writes need an admin token', async t => {
  const anonymous = await app.inject({ method: 'POST', url: '/publishers', payload: { id: 'x', ...LUGDUNUM } })
  t.equal(anonymous.statusCode, 401)
  const wrong = await app.inject({ method: 'PUT', url: '/publishers/x', headers: { authorization: 'Bearer nope' }, payload: LUGDUNUM })
  t.equal(wrong.statusCode, 401)
  t.equal((await app.inject({ method: 'PATCH', url: '/publishers/lugdunum', payload: { name: 'X' } })).statusCode, 401)
  t.equal((await app.inject({ method: 'DELETE', url: '/publishers/lugdunum' })).statusCode, 401)
})

t.test('GET /publishers/{id} answers 304 to a current copy and 404 to an unknown id', async t => {
  const first = await app.inject('/publishers/lugdunum')
  const etag = first.headers.etag as string
  t.equal((await app.inject({ url: '/publishers/lugdunum', headers: { 'if-none-match': etag } })).statusCode, 304)
  t.equal((await app.inject({ url: '/publishers/lugdunum', headers: { 'if-modified-since': first.headers['last-modified'] as string } })).statusCode, 304)
  t.equal((await app.inject({ url: '/publishers/lugdunum', headers: { 'if-none-match': '"other"' } })).statusCode, 200)
  const missing = await app.inject('/publishers/atlantis')
  t.equal(missing.statusCode, 404)
  t.same(missing.json(), {
    type: 'urn:bastille:problem:not-found', title: 'Not Found', status: 404, detail: 'Publisher atlantis not found', instance: '/publishers/atlantis'
  })
})

t.test('PUT /publishers/{id} creates, then replaces idempotently', async t => {
  const body = { name: 'Métropole de Lugdunum', type: 'RegionalAuthority', email: 'data@metropole.example.org' }
  const created = await app.inject({ method: 'PUT', url: '/publishers/metropole', headers: ADMIN, payload: body })
  t.equal(created.statusCode, 201)
  t.equal(created.headers.location, `${PUBLIC_URL}/publishers/metropole`)
  t.match(created.json(), { id: 'metropole', ...body, homepage: null })

  const again = await app.inject({ method: 'PUT', url: '/publishers/metropole', headers: ADMIN, payload: body })
  t.equal(again.statusCode, 200)
  t.same(again.json(), created.json(), 'replaying the PUT changes nothing, updatedAt included')
  t.equal(again.headers.etag, created.headers.etag)

  const changed = await app.inject({ method: 'PUT', url: '/publishers/metropole', headers: ADMIN, payload: { ...body, homepage: 'https://metropole.example.org' } })
  t.equal(changed.statusCode, 200)
  t.equal(changed.json().homepage, 'https://metropole.example.org')
  t.not(changed.headers.etag, created.headers.etag)

  const dropped = await app.inject({ method: 'PUT', url: '/publishers/metropole', headers: ADMIN, payload: body })
  t.equal(dropped.json().homepage, null, 'an omitted optional field is cleared')

  const list = await app.inject('/publishers')
  t.same(list.json().items.map((p: { id: string }) => p.id), ['lugdunum', 'metropole'])
  t.equal(list.json().total, 2)
})

t.test('PUT and PATCH honour If-Match', async t => {
  const current = await app.inject('/publishers/metropole')
  const etag = current.headers.etag as string
  const stale = await app.inject({ method: 'PUT', url: '/publishers/metropole', headers: { ...ADMIN, 'if-match': '"stale"' }, payload: { name: 'X', type: 'Company' } })
  t.equal(stale.statusCode, 412)
  t.equal(stale.json().title, 'Precondition Failed')
  const stalePatch = await app.inject({ method: 'PATCH', url: '/publishers/metropole', headers: { ...ADMIN, 'if-match': '"stale"' }, payload: { name: 'X' } })
  t.equal(stalePatch.statusCode, 412)
  t.same((await app.inject('/publishers/metropole')).json(), current.json(), 'nothing changed')

  const absent = await app.inject({ method: 'PUT', url: '/publishers/nowhere', headers: { ...ADMIN, 'if-match': etag }, payload: { name: 'X', type: 'Company' } })
  t.equal(absent.statusCode, 412, 'If-Match on a missing publisher never creates it')

  const fresh = await app.inject({ method: 'PATCH', url: '/publishers/metropole', headers: { ...ADMIN, 'if-match': etag }, payload: { name: 'Métropole' } })
  t.equal(fresh.statusCode, 200)
  t.equal(fresh.json().name, 'Métropole')
  const replayed = await app.inject({ method: 'PATCH', url: '/publishers/metropole', headers: { ...ADMIN, 'if-match': etag }, payload: { name: 'Autre' } })
  t.equal(replayed.statusCode, 412, 'the second editor does not overwrite the first')
})

t.test('PATCH /publishers/{id} merges a JSON merge patch', async t => {
  const res = await app.inject({
    method: 'PATCH',
    url: '/publishers/lugdunum',
    headers: { ...ADMIN, 'content-type': 'application/merge-patch+json' },
    payload: JSON.stringify({ email: null, type: 'RegionalAuthority' })
  })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { id: 'lugdunum', name: LUGDUNUM.name, homepage: LUGDUNUM.homepage, email: null, type: 'RegionalAuthority' })
  t.equal(res.headers.etag, (await app.inject('/publishers/lugdunum')).headers.etag)

  const cases: Array<[string, unknown, number]> = [
    ['null name', { name: null }, 400],
    ['unknown property', { siret: '1' }, 400],
    ['unknown type', { type: 'Town' }, 422]
  ]
  for (const [label, payload, status] of cases) {
    const bad = await app.inject({ method: 'PATCH', url: '/publishers/lugdunum', headers: ADMIN, payload: payload as object })
    t.equal(bad.statusCode, status, label)
  }
  const missing = await app.inject({ method: 'PATCH', url: '/publishers/atlantis', headers: ADMIN, payload: { name: 'X' } })
  t.equal(missing.statusCode, 404)
  const xml = await app.inject({ method: 'PATCH', url: '/publishers/lugdunum', headers: { ...ADMIN, 'content-type': 'application/xml' }, payload: '<x/>' })
  t.equal(xml.statusCode, 415)
})

t.test('DELETE /publishers/{id} refuses while datasets reference the publisher', async t => {
  await app.inject({ method: 'PUT', url: '/publishers/transports', headers: ADMIN, payload: { name: 'Syndicat des transports', type: 'LocalAuthority' } })
  const dataset = await app.db.insertInto('datasets')
    .values({ slug: 'arrets', publisher_id: 'transports', title: 'Arrêts' }).returning('id').executeTakeFirstOrThrow()
  const busy = await app.inject({ method: 'DELETE', url: '/publishers/transports', headers: ADMIN })
  t.equal(busy.statusCode, 409)
  t.equal(busy.json().detail, 'Publisher transports still has 1 datasets; delete or move them first')
  await app.db.updateTable('datasets').set({ deleted_at: new Date() }).where('id', '=', dataset.id).execute()
  const tombstone = await app.inject({ method: 'DELETE', url: '/publishers/transports', headers: ADMIN })
  t.equal(tombstone.statusCode, 409)
  t.equal((await app.inject('/publishers/transports')).statusCode, 200, 'still there')
})

t.test('DELETE /publishers/{id} removes a publisher without datasets', async t => {
  const stale = await app.inject({ method: 'DELETE', url: '/publishers/metropole', headers: { ...ADMIN, 'if-match': '"stale"' } })
  t.equal(stale.statusCode, 412)
  const res = await app.inject({ method: 'DELETE', url: '/publishers/metropole', headers: ADMIN })
  t.equal(res.statusCode, 204)
  t.equal(res.body, '')
  t.equal((await app.inject('/publishers/metropole')).statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url: '/publishers/metropole', headers: ADMIN })).statusCode, 404)
})
