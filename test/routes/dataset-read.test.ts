// GET /datasets/{idOrSlug} reads a dataset with its distributions in one query and serialises it once:
// the body and ETag must stay those of the two-query DTO that the writes compare with If-Match.
import t from 'tap'
import { sql } from 'kysely'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { findDataset } from '../../src/db/datasets.js'
import { readDataset } from '../../src/db/dataset-read.js'
import { distributionsOf } from '../../src/db/distributions.js'
import { toDatasetDto, type DatasetDtoOptions } from '../../src/dto/dataset.js'
import { etagOf } from '../../src/http/conditional.js'
import { seedPublisher } from './datasets-helpers.js'

const app = await buildTestApp(t)
await seedPublisher(app, 'metropole')
const options: DatasetDtoOptions = { publicUrl: PUBLIC_URL }

/** The representation as the writes build it: findDataset() then distributionsOf(). */
async function twoQueryDto (id: string) {
  const row = await findDataset(app.db, id)
  return toDatasetDto(row!, (await distributionsOf(app.db, [id])).get(id) ?? [], options)
}

async function post (url: string, payload: object): Promise<string> {
  const res = await app.inject({ method: 'POST', url, headers: ADMIN, payload })
  if (res.statusCode !== 201) throw new Error(`POST ${url}: ${res.statusCode} ${res.body}`)
  return res.json().id
}
const createDataset = async (payload: object) => await post('/datasets', { publisher: 'metropole', ...payload })

const id = await createDataset({
  slug: 'arrets-de-bus',
  identifier: 'urn:example:arrets',
  title: 'Arrêts de bus « réseau urbain »',
  description: 'Position et nom de **tous les arrêts**.\n\n- "quoted"\t\\ tab',
  keywords: ['transport', 'bus'],
  themes: ['TRAN'],
  licence: 'etalab-2.0',
  frequency: 'MONTHLY',
  temporal: { start: '2026-01-01', end: null },
  spatial: { bbox: [4.77, 45.7, 4.9, 45.81], uri: 'https://sws.geonames.org/2996944/' },
  landingPage: 'https://example.org/arrets',
  contactPoint: { name: 'Service données', email: 'data@example.org' },
  language: ['FRA'],
  conformsTo: ['https://example.org/schema'],
  version: '2026.1',
  issued: '2025-12-31T23:59:59.999Z'
})
for (const payload of [
  { title: 'Arrêts (CSV)', downloadUrl: 'https://example.org/arrets.csv', mediaType: 'text/csv', format: 'CSV', byteSize: 48213, licence: 'odbl-1.0' },
  { title: 'Arrêts (API)', accessUrl: 'https://example.org/api', description: 'Une API', checksum: { algorithm: 'sha256', value: 'ab'.repeat(32) }, issued: '2026-02-01T00:00:00Z' }
]) await post(`/datasets/${id}/distributions`, payload)
// What the API cannot write: an uploaded file, a size past 2^53, microseconds, a date before standard time
// zones (its offset has seconds in some sessions), and two distributions created in the same transaction.
await sql`INSERT INTO distributions (id, dataset_id, title, byte_size, file_key, file_name, issued, modified, created_at, updated_at)
  VALUES ('ffffffff-0000-4000-8000-000000000001', ${id}, 'Fichier', 9007199254740993, 'key', 'données.csv',
    '1890-06-01 12:00:00.123456+00', '2026-03-01 10:00:00.999999+00', '2020-01-01 00:00:00.0005+00', '2026-03-01 10:00:00.999999+00'),
  ('00000000-0000-4000-8000-000000000002', ${id}, 'Même instant', NULL, NULL, NULL, NULL,
    '2020-01-01 00:00:00.0005+00', '2020-01-01 00:00:00.0005+00', '2020-01-01 00:00:00.0005+00')`.execute(app.db)

t.test('the body and ETag are those of the two-query DTO, by id and by slug', async t => {
  const expected = await twoQueryDto(id)
  t.equal(expected.distributions.length, 4)
  t.same(expected.distributions.slice(0, 2).map(d => d.title), ['Même instant', 'Fichier'], 'oldest first, then by id')
  for (const url of [`/datasets/${id}`, '/datasets/arrets-de-bus', `/datasets/${id.toUpperCase()}`]) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 200)
    t.equal(res.body, JSON.stringify(expected), `${url}: the same bytes`)
    t.equal(res.headers.etag, etagOf(expected), `${url}: the ETag the writes compare with If-Match`)
    t.equal(res.headers['last-modified'], new Date(expected.updatedAt).toUTCString())
  }
  const file = expected.distributions[1]!
  t.equal(file.byteSize, 9007199254740992)
  t.same(file.file, { name: 'données.csv', url: `${PUBLIC_URL}/distributions/${file.id}/file` })
  t.equal(file.issued, '1890-06-01T12:00:00.123Z')
})

t.test('a dataset without distributions', async t => {
  const empty = await createDataset({ title: 'Vide', slug: 'vide' })
  const res = await app.inject('/datasets/vide')
  t.same(res.json().distributions, [])
  t.equal(res.headers.etag, etagOf(await twoQueryDto(empty)))
})

t.test('distribution timestamps do not depend on the session time zone', async t => {
  const rows = (await distributionsOf(app.db, [id])).get(id)
  t.strictSame((await readDataset(app.db, id))?.dataset?.distributions, rows, 'the rows distributionsOf() returns')
  // Not compared with distributionsOf() in these zones: PGlite's parser turns the 1890 offset (-03:30:52) into an Invalid Date.
  for (const zone of ['America/St_Johns', 'Europe/Paris']) {
    await app.db.transaction().execute(async trx => {
      await sql`SELECT set_config('TimeZone', ${zone}, true)`.execute(trx)
      t.strictSame((await readDataset(trx, id))?.dataset?.distributions, rows, zone)
    })
  }
})

t.test('unknown ids and slugs', async t => {
  t.equal(await readDataset(app.db, 'absent'), undefined)
  t.equal(await readDataset(app.db, '00000000-0000-4000-8000-000000000000'), undefined)
})
