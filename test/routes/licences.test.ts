import t from 'tap'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'

const app = await buildTestApp(t)

const EUPL = {
  title: 'European Union Public Licence 1.2',
  url: 'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12',
  alternateUrls: ['https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12'],
  spdxId: 'EUPL-1.2',
  euUri: 'http://publications.europa.eu/resource/authority/licence/EUPL_1_2',
  open: true
}

t.test('GET /licences lists the seeded registry with the titles and URLs data.gouv.fr knows', async t => {
  const res = await app.inject('/licences')
  t.equal(res.statusCode, 200)
  const { items, total } = res.json()
  t.equal(total, 9)
  const byId = Object.fromEntries(items.map((l: { id: string }) => [l.id, l]))
  t.same(Object.keys(byId), ['cc-by-4.0', 'cc-by-sa-4.0', 'cc0-1.0', 'etalab-1.0', 'etalab-2.0', 'notspecified', 'odbl-1.0', 'odc-by-1.0', 'pddl-1.0'])
  t.same(byId['etalab-2.0'], {
    id: 'etalab-2.0',
    title: 'Licence Ouverte / Open Licence version 2.0',
    url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence',
    alternateUrls: [
      'https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf',
      'https://github.com/etalab/Licence-Ouverte/blob/master/LO.md',
      'https://spdx.org/licenses/etalab-2.0.html'
    ],
    spdxId: 'etalab-2.0',
    euUri: null,
    open: true,
    createdAt: byId['etalab-2.0'].createdAt,
    updatedAt: byId['etalab-2.0'].updatedAt
  })
  t.match(byId['odbl-1.0'], {
    title: 'Open Data Commons Open Database License (ODbL)',
    url: 'http://opendatacommons.org/licenses/odbl/summary/',
    euUri: 'http://publications.europa.eu/resource/authority/licence/ODC_BL'
  })
  t.match(byId.notspecified, { title: 'License Not Specified', url: null, open: false })
})

t.test('GET /licences/{id} reads one licence with validators and 304', async t => {
  const res = await app.inject('/licences/cc-by-4.0')
  t.equal(res.statusCode, 200)
  t.match(res.json(), { id: 'cc-by-4.0', title: 'Creative Commons Attribution', spdxId: 'CC-BY-4.0' })
  t.match(res.headers.etag, /^"[\w-]+"$/)
  t.ok(res.headers['last-modified'])
  t.equal((await app.inject({ url: '/licences/cc-by-4.0', headers: { 'if-none-match': res.headers.etag as string } })).statusCode, 304)
  t.equal((await app.inject({ url: '/licences/cc-by-4.0', headers: { 'if-modified-since': res.headers['last-modified'] as string } })).statusCode, 304)
  const missing = await app.inject('/licences/wtfpl')
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().detail, 'Licence wtfpl not found')
  t.equal((await app.inject('/licences/Not%20A%20Slug')).statusCode, 400)
})

t.test('POST /licences adds a licence for an admin only', async t => {
  const anonymous = await app.inject({ method: 'POST', url: '/licences', payload: { id: 'eupl-1.2', ...EUPL } })
  t.equal(anonymous.statusCode, 401)

  const res = await app.inject({ method: 'POST', url: '/licences', headers: ADMIN, payload: { id: 'eupl-1.2', ...EUPL } })
  t.equal(res.statusCode, 201)
  t.equal(res.headers.location, `${PUBLIC_URL}/licences/eupl-1.2`)
  const body = res.json()
  t.same(body, { id: 'eupl-1.2', ...EUPL, createdAt: body.createdAt, updatedAt: body.createdAt })
  t.same((await app.inject('/licences/eupl-1.2')).json(), body)

  const again = await app.inject({ method: 'POST', url: '/licences', headers: ADMIN, payload: { id: 'eupl-1.2', ...EUPL } })
  t.equal(again.statusCode, 409)
})

t.test('POST /licences refuses bad input', async t => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['unknown property', { id: 'x', ...EUPL, version: '1.2' }, 'body/version'],
    ['missing open', { id: 'x', title: 'X' }, 'body/open'],
    ['relative url', { id: 'x', ...EUPL, url: 'licence.html' }, 'body/url'],
    ['bad alternate url', { id: 'x', ...EUPL, alternateUrls: ['mailto:a@b.c'] }, 'body/alternateUrls/0'],
    ['non-EU euUri', { id: 'x', ...EUPL, euUri: 'https://example.org/licence/X' }, 'body/euUri'],
    ['open as a string', { id: 'x', ...EUPL, open: 'true' }, 'body/open'],
    ['uppercase id', { id: 'EUPL', ...EUPL }, 'body/id']
  ]
  for (const [label, payload, path] of cases) {
    const res = await app.inject({ method: 'POST', url: '/licences', headers: ADMIN, payload })
    t.equal(res.statusCode, 400, label)
    t.match(res.json(), { status: 400, errors: [{ path }] }, label)
  }
  t.equal((await app.inject('/licences/x')).statusCode, 404, 'nothing was written')
})

t.test('PUT /licences/{id} creates, then replaces idempotently under If-Match', async t => {
  const body = { title: 'Other (Open)', open: true }
  const created = await app.inject({ method: 'PUT', url: '/licences/other-open', headers: ADMIN, payload: body })
  t.equal(created.statusCode, 201)
  t.same(created.json(), {
    id: 'other-open',
    title: 'Other (Open)',
    url: null,
    alternateUrls: [],
    spdxId: null,
    euUri: null,
    open: true,
    createdAt: created.json().createdAt,
    updatedAt: created.json().createdAt
  })
  const again = await app.inject({ method: 'PUT', url: '/licences/other-open', headers: ADMIN, payload: body })
  t.equal(again.statusCode, 200)
  t.same(again.json(), created.json())
  t.equal(again.headers.etag, created.headers.etag)

  const stale = await app.inject({ method: 'PUT', url: '/licences/other-open', headers: { ...ADMIN, 'if-match': '"stale"' }, payload: { ...body, open: false } })
  t.equal(stale.statusCode, 412)
  const fresh = await app.inject({ method: 'PUT', url: '/licences/other-open', headers: { ...ADMIN, 'if-match': created.headers.etag as string }, payload: { ...body, open: false } })
  t.equal(fresh.statusCode, 200)
  t.equal(fresh.json().open, false)
  t.not(fresh.headers.etag, created.headers.etag)

  t.equal((await app.inject({ method: 'PUT', url: '/licences/other-open', payload: body })).statusCode, 401)
  t.equal((await app.inject({ method: 'PUT', url: '/licences/other-open', headers: ADMIN, payload: { open: true } })).statusCode, 400)
})
