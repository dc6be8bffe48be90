import t from 'tap'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { editorOf, seedPublisher } from './datasets-helpers.js'
import { multipart, MULTIPART } from '../files/helpers.js'

const app = await buildTestApp(t)
await seedPublisher(app, 'metropole')
await seedPublisher(app, 'ville')
const METRO = await editorOf(app, 'metropole')
const VILLE = await editorOf(app, 'ville')

const dataset = async (slug: string, extra: Record<string, unknown> = {}) => {
  const res = await app.inject({ method: 'PUT', url: `/datasets/${slug}`, headers: METRO, payload: { title: slug, licence: 'etalab-2.0', ...extra } })
  return res.json()
}
const post = (slug: string, payload: object, headers: Record<string, string> = METRO) =>
  app.inject({ method: 'POST', url: `/datasets/${slug}/distributions`, headers, payload })

t.test('POST /datasets/{idOrSlug}/distributions adds a link and moves the dataset\'s modified', async t => {
  const before = await dataset('lignes')
  const res = await post('lignes', { title: 'Lignes (GeoJSON)', downloadUrl: 'https://example.org/lignes.geojson', mediaType: 'application/geo+json', format: 'GEOJSON' })
  t.equal(res.statusCode, 201)
  const body = res.json()
  const uri = `${PUBLIC_URL}/distributions/${body.id as string}`
  t.equal(res.headers.location, uri)
  t.same(body, {
    id: body.id,
    uri,
    dataset: before.id,
    title: 'Lignes (GeoJSON)',
    description: null,
    accessUrl: null,
    downloadUrl: 'https://example.org/lignes.geojson',
    mediaType: 'application/geo+json',
    format: 'GEOJSON',
    byteSize: null,
    checksum: null,
    licence: 'etalab-2.0',
    file: null,
    issued: null,
    modified: body.modified,
    createdAt: body.createdAt,
    updatedAt: body.updatedAt
  })
  const after = (await app.inject('/datasets/lignes')).json()
  t.same(after.distributions, [body])
  t.ok(after.modified > before.modified)
  const list = await app.inject('/datasets/lignes/distributions')
  t.same(list.json(), { items: [body] })
  t.equal((await app.inject({ url: '/datasets/lignes/distributions', headers: { 'if-none-match': list.headers.etag as string } })).statusCode, 304)
  const actions = await app.db.selectFrom('dataset_changes').select('action').where('dataset_id', '=', before.id).orderBy('id').execute()
  t.same(actions.map(a => a.action), ['dataset.created', 'distribution.created'])
})

t.test('POST distribution failures', async t => {
  await dataset('arrets')
  t.equal((await post('arrets', { title: 'x', downloadUrl: 'https://example.org/x' }, {})).statusCode, 401)
  t.equal((await post('arrets', { title: 'x', downloadUrl: 'https://example.org/x' }, VILLE)).statusCode, 403)
  t.equal((await post('absent', { title: 'x', downloadUrl: 'https://example.org/x' })).statusCode, 404)
  t.equal((await post('arrets', { title: 'x', downloadUrl: 'https://example.org/x', size: 3 })).statusCode, 400)
  t.equal((await post('arrets', { title: 'x', downloadUrl: 'file:///etc/passwd' })).statusCode, 400)
  t.equal((await post('arrets', { title: 'x', checksum: { algorithm: 'md5', value: 'x' }, downloadUrl: 'https://example.org/x' })).statusCode, 400)
  const invalid = await post('arrets', { title: 'x', format: 'NOPE', licence: 'nope' })
  t.equal(invalid.statusCode, 422)
  t.same(invalid.json().errors.map((e: { path: string }) => e.path), ['body/accessUrl', 'body/licence', 'body/format'])
})

t.test('GET/PUT/PATCH/DELETE /distributions/{id}', async t => {
  await dataset('parcs')
  const created = (await post('parcs', { title: 'Parcs', accessUrl: 'https://example.org/parcs', licence: 'odbl-1.0' })).json()
  const url = `/distributions/${created.id as string}`
  const got = await app.inject(url)
  t.same(got.json(), created)
  t.equal(got.headers['last-modified'], new Date(created.updatedAt).toUTCString())
  t.equal((await app.inject({ url, headers: { 'if-none-match': got.headers.etag as string } })).statusCode, 304)

  const put = await app.inject({ method: 'PUT', url, headers: { ...METRO, 'if-match': got.headers.etag as string }, payload: { title: 'Parcs et jardins', accessUrl: 'https://example.org/parcs' } })
  t.equal(put.statusCode, 200)
  t.match(put.json(), { title: 'Parcs et jardins', licence: 'etalab-2.0', accessUrl: 'https://example.org/parcs' })
  const again = await app.inject({ method: 'PUT', url, headers: METRO, payload: { title: 'Parcs et jardins', accessUrl: 'https://example.org/parcs' } })
  t.same(again.json(), put.json(), 'the same PUT changes nothing')
  t.equal((await app.inject({ method: 'PUT', url, headers: { ...METRO, 'if-match': got.headers.etag as string }, payload: { title: 'x', accessUrl: 'https://example.org/x' } })).statusCode, 412)

  const patch = await app.inject({
    method: 'PATCH',
    url,
    headers: { ...METRO, 'content-type': 'application/merge-patch+json' },
    payload: JSON.stringify({ description: 'Surfaces', format: 'CSV', checksum: { algorithm: 'sha256', value: 'a'.repeat(64) } })
  })
  t.equal(patch.statusCode, 200)
  t.match(patch.json(), { title: 'Parcs et jardins', description: 'Surfaces', format: 'CSV', checksum: { algorithm: 'sha256', value: 'a'.repeat(64) } })
  const dataset2 = (await app.inject('/datasets/parcs')).json()
  t.equal(dataset2.modified, patch.json().modified, 'the dataset\'s modified follows')
  t.equal((await app.inject({ method: 'PATCH', url, headers: METRO, payload: { format: 'NOPE' } })).statusCode, 422)
  t.equal((await app.inject({ method: 'PATCH', url, headers: VILLE, payload: { title: 'x' } })).statusCode, 403)
  t.equal((await app.inject({ method: 'PATCH', url, payload: { title: 'x' } })).statusCode, 401)
  t.equal((await app.inject('/distributions/not-a-uuid')).statusCode, 400)
  t.equal((await app.inject('/distributions/00000000-0000-4000-8000-000000000000')).statusCode, 404)

  t.equal((await app.inject({ method: 'DELETE', url, headers: VILLE })).statusCode, 403)
  t.equal((await app.inject({ method: 'DELETE', url, headers: { ...METRO, 'if-match': '"stale"' } })).statusCode, 412)
  t.equal((await app.inject({ method: 'DELETE', url, headers: METRO })).statusCode, 204)
  t.equal((await app.inject(url)).statusCode, 404)
  t.same((await app.inject('/datasets/parcs')).json().distributions, [])
})

t.test('distributions of drafts and deleted datasets', async t => {
  await dataset('cache', { status: 'draft' })
  const created = (await post('cache', { title: 'Cache', accessUrl: 'https://example.org/cache' })).json()
  const url = `/distributions/${created.id as string}`
  t.equal((await app.inject(url)).statusCode, 404)
  t.equal((await app.inject({ url, headers: VILLE })).statusCode, 404)
  t.equal((await app.inject({ url, headers: ADMIN })).statusCode, 200)
  t.equal((await app.inject('/datasets/cache/distributions')).statusCode, 404)
  t.equal((await post('cache', { title: 'x', accessUrl: 'https://example.org/x' }, VILLE)).statusCode, 404)
  await app.inject({ method: 'DELETE', url: '/datasets/cache', headers: METRO })
  t.equal((await app.inject({ url, headers: METRO })).statusCode, 410)
  t.equal((await app.inject({ method: 'PATCH', url, headers: METRO, payload: { title: 'x' } })).statusCode, 410)
})

t.test('POST multipart/form-data uploads a file; deleting the distribution removes it', async t => {
  await dataset('fichier')
  const payload = multipart(['title', 'Comptages'], { filename: 'comptages.csv', content: 'a,b\n1,2\n', contentType: 'text/csv' })
  t.equal((await app.inject({ method: 'POST', url: '/datasets/fichier/distributions', headers: { ...VILLE, 'content-type': MULTIPART }, payload })).statusCode, 403)
  const res = await app.inject({ method: 'POST', url: '/datasets/fichier/distributions', headers: { ...METRO, 'content-type': MULTIPART }, payload })
  t.equal(res.statusCode, 201, res.body)
  const body = res.json()
  t.match(body, { title: 'Comptages', byteSize: 8, licence: 'etalab-2.0', file: { name: 'comptages.csv' }, downloadUrl: `${PUBLIC_URL}/distributions/${body.id as string}/file` })
  const url = `/distributions/${body.id as string}`
  const put = await app.inject({ method: 'PUT', url, headers: METRO, payload: { title: 'Comptages 2025', downloadUrl: 'https://elsewhere.example.org/x.csv', byteSize: 1 } })
  t.match(put.json(), { title: 'Comptages 2025', byteSize: 8, downloadUrl: body.downloadUrl }, 'the bytes\' own fields stay')
  t.equal((await app.inject({ method: 'DELETE', url, headers: METRO })).statusCode, 204)
  t.equal((await app.inject(`${url}/file`)).statusCode, 404)
})
