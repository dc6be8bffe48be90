import { createHash } from 'node:crypto'
import t from 'tap'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { releaseDatasetFiles } from '../../src/db/files.js'
import { deleteStoredFiles } from '../../src/uploads/commit.js'
import { MULTIPART, multipart, seed, storageDir, storedFiles, type Part } from './helpers.js'

const dir = await storageDir(t)
const app = await buildTestApp(t, { storageDir: dir })
const s = await seed(app)

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex')
const post = (dataset: string, parts: Part[], headers: Record<string, string> = ADMIN) => app.inject({
  method: 'POST', url: `/datasets/${dataset}/distributions`, headers: { ...headers, 'content-type': MULTIPART }, payload: multipart(...parts)
})
const count = async () => Number((await app.db.selectFrom('distributions').select(eb => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

const GEOJSON = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [4.83, 45.76] }, properties: { nom: 'Mairie' } }] })

t.test('a multipart POST creates a distribution with its file', async t => {
  const before = await app.db.selectFrom('datasets').select('modified').where('id', '=', s.city.datasetId).executeTakeFirstOrThrow()
  const res = await post('city-data', [
    ['title', 'Arrêts (GeoJSON)'], ['description', 'Un point par arrêt.'], ['licence', 'odbl-1.0'], ['issued', '2026-01-15T09:30:00Z'],
    { filename: 'arrêts.json', content: GEOJSON, contentType: 'text/plain' }
  ])
  t.equal(res.statusCode, 201, res.body)
  const body = res.json()
  t.equal(res.headers.location, `${PUBLIC_URL}/distributions/${body.id}`)
  t.match(res.headers.etag, /^"[\w-]+"$/)
  t.same(body, {
    id: body.id,
    uri: `${PUBLIC_URL}/distributions/${body.id}`,
    dataset: s.city.datasetId,
    title: 'Arrêts (GeoJSON)',
    description: 'Un point par arrêt.',
    accessUrl: null,
    downloadUrl: `${PUBLIC_URL}/distributions/${body.id}/file`,
    mediaType: 'application/geo+json',
    format: 'GEOJSON',
    byteSize: Buffer.byteLength(GEOJSON),
    checksum: { algorithm: 'sha256', value: sha256(GEOJSON) },
    licence: 'odbl-1.0',
    file: { name: 'arrêts.json', url: `${PUBLIC_URL}/distributions/${body.id}/file` },
    issued: '2026-01-15T09:30:00.000Z',
    modified: body.modified,
    createdAt: body.createdAt,
    updatedAt: body.updatedAt
  })
  const read = await app.inject(`/distributions/${body.id}`)
  t.same(read.json(), body, 'GET /distributions/{id} reads it back')
  t.equal(read.headers.etag, res.headers.etag)
  const download = await app.inject(body.file.url.slice(PUBLIC_URL.length))
  t.equal(download.body, GEOJSON)
  t.equal(download.headers['content-disposition'], 'inline; filename="arrets.json"; filename*=UTF-8\'\'arr%C3%AAts.json')
  const after = await app.db.selectFrom('datasets').select('modified').where('id', '=', s.city.datasetId).executeTakeFirstOrThrow()
  t.ok(after.modified > before.modified, 'the dataset\'s modified moves')
  const change = await app.db.selectFrom('dataset_changes').select(['action', 'summary']).where('dataset_id', '=', s.city.datasetId)
    .orderBy('id', 'desc').executeTakeFirstOrThrow()
  t.same(change, { action: 'distribution.created', summary: { distribution: body.id, byteSize: Buffer.byteLength(GEOJSON), sha256: sha256(GEOJSON) } })
})

t.test('title, licence and format default from the file and the dataset', async t => {
  const res = await post('city-data', [{ filename: 'horaires.csv', content: 'ligne,heure\nC1,07:00\nC1,07:15\n' }], s.cityEditor)
  t.equal(res.statusCode, 201, res.body)
  t.match(res.json(), { title: 'horaires.csv', licence: 'etalab-2.0', format: 'CSV', mediaType: 'text/csv' })
  const chosen = await post('city-data', [['format', 'TXT'], { filename: 'notes.csv', content: 'a,b\n1,2\n' }])
  t.match(chosen.json(), { format: 'TXT', mediaType: 'text/csv' }, 'a given format is kept; the media type still comes from the bytes')
})

t.test('permissions and visibility are checked before a byte is stored', async t => {
  const files = await storedFiles(dir)
  const rows = await count()
  const part = { filename: 'a.csv', content: 'a,b\n1,2\n' }
  const anonymous = await post('city-data', [part], {})
  t.equal(anonymous.statusCode, 401)
  const other = await post('city-data', [part], s.transportEditor)
  t.equal(other.statusCode, 403)
  t.match(other.json(), { type: 'urn:bastille:problem:forbidden', detail: 'This token may not change the data of publisher city' })
  t.equal((await post('city-draft', [part], s.transportEditor)).statusCode, 404)
  t.equal((await post('city-deleted', [part])).statusCode, 410)
  t.equal((await post('no-such-dataset', [part])).statusCode, 404)
  t.same(await storedFiles(dir), files, 'no bytes stored')
  t.equal(await count(), rows, 'no row')
  t.equal((await post('city-draft', [part], s.cityEditor)).statusCode, 201, 'the publisher uploads to its draft')
})

t.test('invalid metadata leaves no row and no file', async t => {
  const files = await storedFiles(dir)
  const rows = await count()
  const part = { filename: 'a.csv', content: 'a,b\n1,2\n' }
  const licence = await post('city-data', [['licence', 'no-such-licence'], part])
  t.equal(licence.statusCode, 422)
  t.same(licence.json().errors, [{ path: 'body/licence', message: 'no-such-licence is not a known licence' }])
  const issued = await post('city-data', [['issued', 'yesterday'], part])
  t.equal(issued.statusCode, 400)
  t.same(issued.json().errors, [{ path: 'body/issued', message: 'must match format "date-time"' }])
  const title = await post('city-data', [['title', ''], part])
  t.equal(title.statusCode, 400)
  const unknown = await post('city-data', [['downloadUrl', 'https://evil.example/x'], part])
  t.equal(unknown.statusCode, 400)
  t.same(unknown.json().errors, [{ path: 'body/downloadUrl', message: 'is not a known field' }])
  t.same(await storedFiles(dir), files)
  t.equal(await count(), rows)
})

t.test('a JSON POST still creates a link distribution', async t => {
  const res = await app.inject({
    method: 'POST', url: '/datasets/city-data/distributions', headers: ADMIN, payload: { title: 'Lien', accessUrl: 'https://example.org/api' }
  })
  t.equal(res.statusCode, 201, res.body)
  t.match(res.json(), { file: null, checksum: null })
})

t.test('deleting a distribution removes its file', async t => {
  const res = await post('city-data', [{ filename: 'gone.csv', content: 'x,y\n1,2\n' }])
  const { id } = res.json()
  const key = (await app.db.selectFrom('distributions').select('file_key').where('id', '=', id).executeTakeFirstOrThrow()).file_key!
  t.ok((await storedFiles(dir)).includes(`objects/${key.slice(0, 2)}/${key}`))
  t.equal((await app.inject({ method: 'DELETE', url: `/distributions/${id}`, headers: ADMIN })).statusCode, 204)
  t.notOk((await storedFiles(dir)).includes(`objects/${key.slice(0, 2)}/${key}`))
  t.equal((await app.inject(`/distributions/${id}/file`)).statusCode, 404)
})

t.test('a deleted dataset\'s files can be released and removed', async t => {
  const res = await post('city-draft', [{ filename: 'draft.csv', content: 'k,v\n1,2\n' }])
  t.equal(res.statusCode, 201)
  const keys = await app.db.transaction().execute(trx => releaseDatasetFiles(trx, s.cityDraft.datasetId))
  t.equal(keys.length, 2, 'this upload and the one of the permission test')
  await deleteStoredFiles(app, keys)
  const files = await storedFiles(dir)
  t.notOk(keys.some(key => files.includes(`objects/${key.slice(0, 2)}/${key}`)), 'objects removed')
  const left = await app.db.selectFrom('distributions').select('file_key').where('dataset_id', '=', s.cityDraft.datasetId).execute()
  t.same(left.map(row => row.file_key), [null, null, null])
})

t.test('deleting a dataset removes its files once the deletion is committed', async t => {
  const created = await app.inject({ method: 'PUT', url: '/datasets/city-ephemeral', headers: ADMIN, payload: { title: 'Éphémère', publisher: 'city' } })
  t.equal(created.statusCode, 201, created.body)
  const { id } = (await post('city-ephemeral', [{ filename: 'e.csv', content: 'a,b\n1,2\n' }])).json()
  const key = (await app.db.selectFrom('distributions').select('file_key').where('id', '=', id).executeTakeFirstOrThrow()).file_key!
  const object = `objects/${key.slice(0, 2)}/${key}`
  t.ok((await storedFiles(dir)).includes(object))
  t.equal((await app.inject({ method: 'DELETE', url: '/datasets/city-ephemeral', headers: ADMIN })).statusCode, 204)
  t.notOk((await storedFiles(dir)).includes(object), 'the stored object is gone')
  t.equal((await app.inject(`/distributions/${id}/file`)).statusCode, 410)
})
