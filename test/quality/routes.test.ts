// The quality routes: a stored score recomputed after writes, visible like its dataset, the dry run, and
// the publisher overview. Expected points are summed by hand from the MQA table (future-features.md §1.1).
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { sql } from 'kysely'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { editorOf, seedPublisher } from '../routes/datasets-helpers.js'

const SHAPES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/dcat-ap/3.0.1')

const app = await buildTestApp(t, { harvestWorker: false, qualityShapesDir: SHAPES })
await seedPublisher(app, 'ville-a')
await seedPublisher(app, 'ville-b')
const editorA = await editorOf(app, 'ville-a')
const editorB = await editorOf(app, 'ville-b')

const DATASET = {
  title: 'Arrêts de bus',
  keywords: ['transport'],
  themes: ['TRAN'],
  licence: 'etalab-2.0',
  contactPoint: { email: 'data@ville-a.example' },
  temporal: { start: '2024-01-01' },
  spatial: { bbox: [4.7, 45.7, 4.9, 45.8] },
  issued: '2024-01-01T00:00:00.000Z'
}
const DISTRIBUTION = { title: 'arrets.csv', downloadUrl: 'https://ville-a.example/arrets.csv', format: 'CSV', mediaType: 'text/csv', byteSize: 100 }

async function create (headers: Record<string, string>, body: object): Promise<{ id: string, slug: string }> {
  const response = await app.inject({ method: 'POST', url: '/datasets', headers, payload: body })
  if (response.statusCode !== 201) throw new Error(response.body)
  return response.json()
}

const quality = (id: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: `/datasets/${id}/quality`, headers })

t.test('a dataset is scored, and rescored after each write of it or its distributions', async t => {
  const { id } = await create(editorA, { ...DATASET, publisher: 'ville-a' })
  // No distribution: findability 100, DCAT-AP 30, access rights 10 + 5, contact point 20, publisher 10 = 175.
  let response = await quality(id)
  t.equal(response.statusCode, 200, response.body)
  t.match(response.json(), { dataset: id, score: 175, max: 405, band: 'sufficient', pending: false })

  const added = await app.inject({ method: 'POST', url: `/datasets/${id}/distributions`, headers: editorA, payload: DISTRIBUTION })
  t.equal(added.statusCode, 201, added.body)
  // + download URL 20 (both URL checks pending), format 20, media type 10, aligned 10, non-proprietary 20,
  // machine-readable 20, licence 20 (etalab-2.0 has no EU licence IRI: not known), byte size 5,
  // issued 5 (the dataset's), modified 5 = 175 + 135 = 310.
  response = await quality(id)
  const report = response.json()
  t.match(report, { score: 310, band: 'good', pending: true })
  t.match(report.indicators.find((i: { metric: string }) => i.metric === 'accessUrlStatusCode'), { state: 'unchecked', detail: 'not yet checked' })
  t.match(report.indicators.find((i: { metric: string }) => i.metric === 'knownLicence'), { state: 'missed', hint: 'choose a licence from the EU licence table → +10' })

  const stored = await sql<{ score: number, band: string, stale: boolean }>`SELECT score, band, stale FROM dataset_quality WHERE dataset_id = ${id}`.execute(app.db)
  t.same(stored.rows, [{ score: 310, band: 'good', stale: false }], 'kept in a table for filters and sorting')

  const patched = await app.inject({ method: 'PATCH', url: `/datasets/${id}`, headers: { ...editorA, 'content-type': 'application/merge-patch+json' }, payload: { keywords: [] } })
  t.equal(patched.statusCode, 200, patched.body)
  const stale = await sql<{ stale: boolean }>`SELECT stale FROM dataset_quality WHERE dataset_id = ${id}`.execute(app.db)
  t.same(stale.rows, [{ stale: true }], 'the write marked it stale in its transaction')
  t.match((await quality(id)).json(), { score: 280 }, 'keywords removed: −30')
})

t.test('a draft\'s quality is a 404 to anonymous callers and other publishers', async t => {
  const { id, slug } = await create(editorA, { ...DATASET, publisher: 'ville-a', status: 'draft' })
  t.equal((await quality(id)).statusCode, 404)
  t.equal((await quality(id, editorB)).statusCode, 404)
  t.equal((await quality(slug, editorA)).statusCode, 200, 'its publisher sees it, by slug too')
  t.equal((await quality(id, ADMIN)).statusCode, 200)
  const unknown = await quality('00000000-0000-4000-8000-000000000000')
  t.equal(unknown.statusCode, 404)
  t.match(unknown.headers['content-type'], /application\/problem\+json/)
  const deleted = await create(editorA, { ...DATASET, publisher: 'ville-a' })
  t.equal((await app.inject({ method: 'DELETE', url: `/datasets/${deleted.id}`, headers: editorA })).statusCode, 204)
  t.equal((await quality(deleted.id)).statusCode, 410)
})

t.test('POST /quality/check scores a payload and writes nothing', async t => {
  const before = await sql<{ n: string }>`SELECT count(*) AS n FROM datasets`.execute(app.db)
  const response = await app.inject({ method: 'POST', url: '/quality/check', headers: editorA, payload: { ...DATASET, distributions: [DISTRIBUTION] } })
  t.equal(response.statusCode, 200, response.body)
  t.match(response.json(), { score: 310, band: 'good', max: 405 }, 'the same 310 as the saved dataset')
  const after = await sql<{ n: string }>`SELECT count(*) AS n FROM datasets`.execute(app.db)
  t.same(after.rows, before.rows, 'nothing written')

  const anonymous = await app.inject({ method: 'POST', url: '/quality/check', payload: { title: 'x' } })
  t.equal(anonymous.statusCode, 401)
  const bad = await app.inject({ method: 'POST', url: '/quality/check', headers: editorA, payload: { title: 42, keywords: 'no' } })
  t.equal(bad.statusCode, 400)
  t.match(bad.headers['content-type'], /application\/problem\+json/)
  const extra = await app.inject({ method: 'POST', url: '/quality/check', headers: editorA, payload: { title: 'x', nope: true } })
  t.equal(extra.statusCode, 400)
  const unknownTheme = await app.inject({ method: 'POST', url: '/quality/check', headers: editorA, payload: { title: 'x', themes: ['NOPE'] } })
  t.equal(unknownTheme.statusCode, 422)
  const otherPublisher = await app.inject({ method: 'POST', url: '/quality/check', headers: editorA, payload: { title: 'x', publisher: 'ville-b' } })
  t.equal(otherPublisher.statusCode, 403)
  const adminWithout = await app.inject({ method: 'POST', url: '/quality/check', headers: ADMIN, payload: { title: 'x' } })
  t.equal(adminWithout.statusCode, 422)
  const badDistribution = await app.inject({ method: 'POST', url: '/quality/check', headers: ADMIN, payload: { title: 'x', publisher: 'ville-a', distributions: [{ title: 'd' }] } })
  t.equal(badDistribution.statusCode, 422, 'a distribution without any URL')
})

t.test('GET /publishers/{slug}/quality: bands, average, most-missed indicators of published datasets', async t => {
  const response = await app.inject({ method: 'GET', url: '/publishers/ville-a/quality' })
  t.equal(response.statusCode, 200, response.body)
  const body = response.json()
  // Published and live: the first dataset (280, good) — the draft and the deleted one do not count.
  t.match(body, { publisher: 'ville-a', datasets: 1, scored: 1, pending: 0, averageScore: 280, bands: { excellent: 0, good: 1, sufficient: 0, bad: 0 } })
  t.equal(body.mostMissed[0].metric, 'keywordAvailability', 'the biggest miss first')
  t.match((await app.inject({ method: 'GET', url: '/publishers/ville-b/quality' })).json(), { datasets: 0, averageScore: null, mostMissed: [] })
  t.equal((await app.inject({ method: 'GET', url: '/publishers/nowhere/quality' })).statusCode, 404)
})
