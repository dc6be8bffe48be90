// The catalogue generator the bench and some tests load data with: counts, determinism, search vectors.
import t from 'tap'
import { sql } from 'kysely'
import { createTestDb } from '../support/test-db.js'
import { generateCatalogue } from '../../bench/generate.js'

const { db } = await createTestDb(t)

t.test('inserts the requested datasets and distributions', async t => {
  const result = await generateCatalogue(db, { datasets: 1200, distributionsPerDataset: 2, seed: 7, draftRatio: 0.1 })
  t.equal(result.datasetIds.length, 1200)
  t.equal(new Set(result.datasetIds).size, 1200)
  t.ok(result.publisherIds.length >= 4)
  const counts = await sql<{ datasets: string, drafts: string, distributions: string, unsearchable: string, publishers: string }>`
    SELECT (SELECT count(*) FROM datasets) AS datasets,
      (SELECT count(*) FROM datasets WHERE status = 'draft') AS drafts,
      (SELECT count(*) FROM distributions) AS distributions,
      (SELECT count(*) FROM datasets WHERE search IS NULL OR search = ''::tsvector) AS unsearchable,
      (SELECT count(DISTINCT publisher_id) FROM datasets) AS publishers`.execute(db)
  const row = counts.rows[0]!
  t.equal(Number(row.datasets), 1200)
  t.equal(Number(row.distributions), 2400)
  t.equal(Number(row.unsearchable), 0, 'the trigger filled every search vector')
  t.equal(Number(row.publishers), result.publisherIds.length, 'every publisher has datasets')
  t.ok(Number(row.drafts) > 50 && Number(row.drafts) < 200, `about 10% drafts (${row.drafts})`)
})

t.test('French text is searchable without accents', async t => {
  const hits = await sql<{ n: string }>`
    SELECT count(*) AS n FROM datasets WHERE search @@ plainto_tsquery('fr_unaccent', 'mobilite velos')`.execute(db)
  t.ok(Number(hits.rows[0]!.n) > 0)
})

t.test('the same seed gives the same catalogue', async t => {
  const load = async (seed: number) => {
    const { datasetIds } = await generateCatalogue(db, { datasets: 5, seed })
    const datasets = await db.selectFrom('datasets').selectAll().where('id', 'in', datasetIds).orderBy('id').execute()
    const distributions = await db.selectFrom('distributions').selectAll().where('dataset_id', 'in', datasetIds).orderBy('id').execute()
    await db.deleteFrom('datasets').where('id', 'in', datasetIds).execute()
    // seq is an identity column: it moves on with every insert.
    return { datasetIds, datasets: datasets.map(({ seq, ...row }) => row), distributions }
  }
  const first = await load(99)
  const again = await load(99)
  t.equal(first.datasets.length, 5)
  t.equal(first.distributions.length, 15)
  t.same(again, first)
  const other = await load(100)
  t.notSame(other.datasetIds, first.datasetIds)
})
