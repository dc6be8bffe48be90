// Stored scores: a dataset's score is recomputed when the triggers marked it stale (any write of it or its
// distributions, or a changed URL check), by the quality job or by the first read that finds it stale.
import { sql, type Kysely } from 'kysely'
import type { Config } from '../config.js'
import { findFeedDataset, listFeedDistributions } from '../db/catalog.js'
import type { DB } from '../db/types.js'
import { viewBuilder } from '../routes/catalog/views.js'
import { externalUrls, measure } from './measure.js'
import type { QualityScore } from './scorer.js'
import { withQuality } from './tables.js'

export interface StoredQuality {
  report: QualityScore
  computedAt: Date
}

/**
 * The dataset's current score, recomputed first when stale. `skipLocked`: a row another node is scoring
 * right now is left to it (the job); otherwise wait for it (a read). Undefined when there is no such dataset
 * (or, with skipLocked, when it is being scored elsewhere).
 */
export async function refreshQuality (db: Kysely<DB>, config: Config, datasetId: string, skipLocked = false): Promise<StoredQuality | undefined> {
  return db.transaction().execute(async trx => {
    const q = withQuality(trx)
    // A dataset written before the migration, or whose row went missing, gets one.
    await sql`INSERT INTO dataset_quality (dataset_id, seq) SELECT id, seq FROM datasets WHERE id = ${datasetId} ON CONFLICT DO NOTHING`.execute(trx)
    const current = await q.selectFrom('dataset_quality').select(['stale', 'report', 'computed_at']).where('dataset_id', '=', datasetId)
      .forUpdate().$if(skipLocked, qb => qb.skipLocked()).executeTakeFirst()
    if (current === undefined) return undefined
    if (!current.stale && current.report !== null && current.computed_at !== null) {
      return { report: current.report as QualityScore, computedAt: current.computed_at }
    }
    const row = await findFeedDataset(trx, datasetId, true)
    if (row === undefined) return undefined
    const [view] = await viewBuilder(trx, config).datasets([row], await listFeedDistributions(trx, [datasetId]))
    const report = await measure(trx, config, view!)
    // The row lock is held: a concurrent write's trigger waits for this commit, then marks the row stale again.
    const computed = await q.updateTable('dataset_quality')
      .set({ stale: false, score: report.score, band: report.band, report: JSON.stringify(report), computed_at: sql<Date>`now()` })
      .where('dataset_id', '=', datasetId).returning('computed_at').executeTakeFirstOrThrow()
    await rememberUrls(trx, datasetId, externalUrls(config, view!))
    return { report, computedAt: computed.computed_at! }
  })
}

/** Registers the dataset's external URLs with the link checker (due now when new) and forgets the old ones. */
async function rememberUrls (trx: Kysely<DB>, datasetId: string, urls: string[]): Promise<void> {
  const q = withQuality(trx)
  await q.deleteFrom('quality_dataset_urls').where('dataset_id', '=', datasetId)
    .$if(urls.length > 0, qb => qb.where('url', 'not in', urls)).execute()
  if (urls.length === 0) return
  await q.insertInto('quality_dataset_urls').values(urls.map(url => ({ dataset_id: datasetId, url }))).onConflict(oc => oc.doNothing()).execute()
  await q.insertInto('quality_url_checks').values(urls.map(url => ({ url, host: hostOf(url) }))).onConflict(oc => oc.doNothing()).execute()
}

/** The host a URL's checks are throttled by; the whole text when it does not parse (it will score 1300). */
export function hostOf (url: string): string {
  try {
    return new URL(url).host.toLowerCase()
  } catch {
    return url.slice(0, 200)
  }
}

/** Stale datasets, oldest change first, for the job. */
export async function listStale (db: Kysely<DB>, limit: number): Promise<string[]> {
  const rows = await withQuality(db).selectFrom('dataset_quality').select('dataset_id').where('stale', '=', true)
    .orderBy('changed_at').limit(limit).execute()
  return rows.map(row => row.dataset_id)
}

export interface PublisherQuality {
  datasets: number
  scored: number
  pending: number
  averageScore: number | null
  bands: Record<'excellent' | 'good' | 'sufficient' | 'bad', number>
  mostMissed: Array<{ metric: string, dimension: string, points: number, datasets: number }>
}

/** The figures of a publisher's published, live datasets, from the stored scores. */
export async function publisherQuality (db: Kysely<DB>, publisherId: string): Promise<PublisherQuality> {
  const scope = sql`FROM datasets d LEFT JOIN dataset_quality q ON q.dataset_id = d.id
    WHERE d.publisher_id = ${publisherId} AND d.status = 'published' AND d.deleted_at IS NULL`
  const { rows: [totals] } = await sql<{ datasets: string, scored: string, pending: string, average: string | null }>`
    SELECT count(*) AS datasets, count(q.score) AS scored, count(*) FILTER (WHERE q.stale IS NOT FALSE) AS pending,
      round(avg(q.score), 1) AS average ${scope}`.execute(db)
  const { rows: bands } = await sql<{ band: string, n: string }>`SELECT q.band, count(*) AS n ${scope} AND q.band IS NOT NULL GROUP BY q.band`.execute(db)
  const { rows: missed } = await sql<{ metric: string, dimension: string, points: number, n: string }>`
    SELECT i->>'metric' AS metric, i->>'dimension' AS dimension, (i->>'possible')::int AS points, count(*) AS n
    FROM (SELECT q.report ${scope} AND q.report IS NOT NULL) s
    CROSS JOIN LATERAL jsonb_array_elements(s.report->'indicators') AS i
    WHERE i->>'state' = 'missed'
    GROUP BY 1, 2, 3 ORDER BY count(*) DESC, (i->>'possible')::int DESC, 1 LIMIT 10`.execute(db)
  return {
    datasets: Number(totals!.datasets),
    scored: Number(totals!.scored),
    pending: Number(totals!.pending),
    averageScore: totals!.average === null ? null : Number(totals!.average),
    bands: { excellent: 0, good: 0, sufficient: 0, bad: 0, ...Object.fromEntries(bands.map(b => [b.band, Number(b.n)])) },
    mostMissed: missed.map(m => ({ metric: m.metric, dimension: m.dimension, points: m.points, datasets: Number(m.n) }))
  }
}
