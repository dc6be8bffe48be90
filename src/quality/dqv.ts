// Stored scores → the DQV view the feed writes on each dataset (src/dcat/map-quality.ts): the total and
// the five dimension scores as piveau's `pv:scoring`, `pv:findabilityScoring`…, and every measured indicator.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import type { DatasetView, QualityView } from '../dcat/types.js'
import { DIMENSIONS } from './metrics.js'
import type { QualityScore } from './scorer.js'
import { withQuality } from './tables.js'

/** Unchecked indicators are left out: nothing was measured yet. */
export function qualityView (report: QualityScore): QualityView {
  return {
    scores: [
      { metric: 'scoring', value: report.score },
      ...DIMENSIONS.map(dimension => ({ metric: `${dimension}Scoring`, value: report.dimensions[dimension].points }))
    ],
    indicators: report.indicators.filter(i => i.state !== 'unchecked')
      .map(i => ({ metric: i.metric, distribution: i.distribution ?? null, value: i.state === 'met' }))
  }
}

/** The last computed measurements of these datasets (a score being recomputed keeps its last value meanwhile). */
export async function measurementsOf (db: Kysely<DB>, datasetIds: readonly string[]): Promise<Map<string, QualityView>> {
  if (datasetIds.length === 0) return new Map()
  const rows = await withQuality(db).selectFrom('dataset_quality').select(['dataset_id', 'report'])
    .where('dataset_id', 'in', [...datasetIds]).where('report', 'is not', null).execute()
  return new Map(rows.map(row => [row.dataset_id, qualityView(row.report as QualityScore)]))
}

/** What the measurements of the whole feed depend on, for the full catalogue's ETag. */
export async function measurementsVersion (db: Kysely<DB>): Promise<{ scored: number, lastComputed: Date | null }> {
  const { rows: [row] } = await sql<{ scored: string, last: Date | null }>`
    SELECT count(report) AS scored, max(computed_at) AS last FROM dataset_quality`.execute(db)
  return { scored: Number(row?.scored ?? 0), lastComputed: row?.last == null ? null : new Date(row.last) }
}

/** The views with their measurements attached (null: not scored yet). */
export async function withMeasurements (db: Kysely<DB>, views: DatasetView[]): Promise<DatasetView[]> {
  const measured = await measurementsOf(db, views.map(view => view.id))
  return views.map(view => ({ ...view, quality: measured.get(view.id) ?? null }))
}
