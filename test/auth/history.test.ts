import t from 'tap'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'

const app = await buildTestApp(t)

type Headers = Record<string, string>
const bearer = (secret: string): Headers => ({ authorization: `Bearer ${secret}` })

async function call (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: object) {
  const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) })
  if (method !== 'GET' && res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
  return res
}

for (const id of ['city', 'transport']) await call('POST', '/publishers', ADMIN, { id, name: `Publisher ${id}`, type: 'LocalAuthority' })
const city = (await call('POST', '/tokens', ADMIN, { name: 'city', publisher: 'city' })).json()
const transport = (await call('POST', '/tokens', ADMIN, { name: 'transport', publisher: 'transport' })).json()

const dataset = (await call('POST', '/datasets', bearer(city.secret), { slug: 'city-stops', title: 'Stops' })).json()
await call('PATCH', '/datasets/city-stops', bearer(city.secret), { title: 'Bus stops' })
await call('PATCH', '/datasets/city-stops', ADMIN, { keywords: ['bus'] })
await call('POST', '/datasets', bearer(city.secret), { slug: 'city-draft', title: 'Not yet', status: 'draft' })

t.test('the publisher reads the history, newest first, with who made each change', async t => {
  const res = await call('GET', '/datasets/city-stops/history', bearer(city.secret))
  t.equal(res.statusCode, 200)
  const { items, next } = res.json()
  t.equal(next, null)
  t.same(items.map((change: { action: string }) => change.action), ['dataset.updated', 'dataset.updated', 'dataset.created'])
  t.same(items[0], { id: items[0].id, action: 'dataset.updated', at: items[0].at, by: { token: null, publisher: null }, summary: { fields: ['keywords'] } })
  t.match(items[1], { by: { token: city.id, publisher: 'city' }, summary: { fields: ['title'] } })
  t.match(items[2], { at: /^\d{4}-\d\d-\d\dT/, by: { token: city.id, publisher: 'city' } })
  t.ok(items[0].id > items[1].id && items[1].id > items[2].id)
})

t.test('admins read it, by id too, page by page', async t => {
  const first = await call('GET', `/datasets/${dataset.id}/history?limit=2`, ADMIN)
  t.equal(first.statusCode, 200)
  const page = first.json()
  t.equal(page.items.length, 2)
  t.match(page.next, new RegExp(`^${PUBLIC_URL}/datasets/${dataset.id}/history\\?limit=2&cursor=`))
  t.equal(first.headers.link, `<${page.next}>; rel="next"`)
  const second = await call('GET', page.next.slice(PUBLIC_URL.length), ADMIN)
  t.same(second.json().items.map((change: { action: string }) => change.action), ['dataset.created'])
  t.equal(second.json().next, null)
  t.equal(second.headers.link, undefined)
})

t.test('bad paging parameters are 400 problems', async t => {
  for (const query of ['limit=0', 'limit=101', 'cursor=bm9wZQ', 'page=2']) {
    const res = await call('GET', `/datasets/city-stops/history?${query}`, ADMIN)
    t.equal(res.statusCode, 400, query)
    t.match(res.json(), { status: 400, type: /^urn:bastille:problem:/ })
  }
})

t.test('anonymous callers get 401, whether the dataset exists or not', async t => {
  for (const slug of ['city-stops', 'city-draft', 'nowhere']) {
    const res = await call('GET', `/datasets/${slug}/history`, {})
    t.equal(res.statusCode, 401, slug)
    t.equal(res.headers['www-authenticate'], 'Bearer')
  }
})

t.test('another publisher gets 403 on a published dataset, and 404 on a draft, like a missing dataset', async t => {
  const published = await call('GET', '/datasets/city-stops/history', bearer(transport.secret))
  t.equal(published.statusCode, 403)
  t.match(published.json(), { type: 'urn:bastille:problem:forbidden', status: 403 })
  const draft = await call('GET', '/datasets/city-draft/history', bearer(transport.secret))
  const missing = await call('GET', '/datasets/city-nothing/history', bearer(transport.secret))
  t.equal(draft.statusCode, 404)
  t.same(draft.json(), JSON.parse(missing.body.replaceAll('city-nothing', 'city-draft')))
  t.equal((await call('GET', '/datasets/city-draft/history', bearer(city.secret))).statusCode, 200, 'the draft’s publisher reads it')
})

t.test('a deleted dataset keeps its history', async t => {
  await call('DELETE', '/datasets/city-stops', bearer(city.secret))
  const res = await call('GET', `/datasets/${dataset.id}/history?limit=1`, bearer(city.secret))
  t.equal(res.statusCode, 200)
  t.match(res.json().items, [{ action: 'dataset.deleted', by: { token: city.id, publisher: 'city' }, summary: { slug: 'city-stops' } }])
})
