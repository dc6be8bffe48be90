// package_show keeps each dict serialised while the database reports the version it was made from: every
// change behind the dict (the dataset, a distribution, its publisher, its licence, its visibility) shows at
// once, by UUID and by name, and an unchanged dict keeps its ETag.
import t from 'tap'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { ckanGet, link, seedCatalogue } from './helpers.js'

const app = await buildTestApp(t)
const { ids } = await seedCatalogue(app)
const NAME = 'horaires-tram'
const show = async (id: string) => await ckanGet(app, 'package_show', `id=${id}`)
const both = async () => await Promise.all([show(ids[NAME]!), show(NAME)])

t.test('an unchanged dict is served again with the same ETag', async t => {
  const [first] = await both()
  const [again, byName] = await both()
  t.equal(again.res.headers.etag, first.res.headers.etag)
  t.same(again.body, first.body)
  t.same(byName.body.result, first.body.result)
})

t.test('each change shows at once', async t => {
  const patch = async (url: string, payload: Record<string, unknown>) => {
    const res = await app.inject({ method: 'PATCH', url, headers: ADMIN, payload })
    t.equal(res.statusCode, 200, res.body)
  }
  const [before] = await both()

  await patch(`/datasets/${NAME}`, { title: 'Horaires du tram, été' })
  for (const shown of await both()) t.equal(shown.body.result.title, 'Horaires du tram, été')

  await patch('/publishers/metropole', { name: 'Métropole de Grenoble-Alpes' })
  for (const shown of await both()) t.equal(shown.body.result.organization.title, 'Métropole de Grenoble-Alpes')

  await patch(`/datasets/${NAME}`, { licence: 'odbl-1.0' })
  for (const shown of await both()) t.equal(shown.body.result.license_id, 'odc-odbl')

  const resources = before.body.result.resources.length
  await link(app, NAME, { title: 'Horaires (GTFS)', downloadUrl: 'https://example.org/tram.zip', mediaType: 'application/zip', format: 'GTFS' })
  for (const shown of await both()) t.equal(shown.body.result.resources.length, resources + 1)
  const [after] = await both()
  t.not(after.res.headers.etag, before.res.headers.etag)

  await patch(`/datasets/${NAME}`, { status: 'draft' })
  for (const shown of await both()) {
    t.equal(shown.status, 404)
    t.match(shown.body, { success: false, error: { __type: 'Not Found Error' } })
  }
})
