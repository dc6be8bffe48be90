// Writing the change log for datasets and their distributions. recordChange() (src/db/changes.ts) calls
// recordDatasetEvent() in the transaction of every such write, whatever the path: routes, uploads, importer,
// harvest, demo. Publishers and licences are logged by a row trigger (migration 2026_12_05_0201).
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'

/** A dataset's state after a write, as the public sees it. */
export type DatasetState = 'published' | 'draft' | 'deleted'

interface EventValues {
  type: string
  entity: 'dataset' | 'distribution'
  entityId: string
  publisherId: string
  public: boolean
  state: DatasetState | null
}

/** Only the bench (bench/scenarios/write.ts) turns the log off, to measure what it costs a write. */
export const eventLog = { enabled: true }

/** The audit actions that concern a distribution, and the event each one is. */
const DISTRIBUTION_EVENTS: Record<string, string> = {
  'distribution.created': 'distribution.created',
  'distribution.updated': 'distribution.updated',
  'file.replaced': 'distribution.updated',
  'distribution.deleted': 'distribution.deleted'
}

/**
 * The dataset event a write is: `dataset.published` / `dataset.unpublished` when its visibility changed
 * (compared with the dataset's last event), `dataset.deleted` once deleted, else created or updated.
 * A dataset without an earlier event (written before the log existed) is taken to have kept its status,
 * unless the write says it changed it.
 */
export function datasetEventType (before: DatasetState | null, after: DatasetState, action: string, statusChanged: boolean): string {
  if (after === 'deleted') return 'dataset.deleted'
  const previous = before ?? (statusChanged || action === 'dataset.unpublished' ? (after === 'published' ? 'draft' : 'published') : null)
  if (previous === null) return action === 'dataset.created' || action === 'dataset.imported' ? 'dataset.created' : 'dataset.updated'
  if (previous === 'deleted') return 'dataset.created'
  if (previous !== after) return after === 'published' ? 'dataset.published' : 'dataset.unpublished'
  return 'dataset.updated'
}

/**
 * Who may see an event: a published dataset's events are public; a dataset leaving the public (unpublished,
 * or deleted while published) is a public tombstone; everything else about a draft stays with its publisher.
 */
export function isPublicEvent (type: string, after: DatasetState, before: DatasetState | null, wasPublished: boolean): boolean {
  if (type === 'dataset.unpublished') return true
  if (after === 'deleted') return before === null ? wasPublished : before === 'published'
  return after === 'published'
}

/** One statement for the one or two events of a write. */
async function insertEvents (db: Kysely<DB>, events: readonly EventValues[]): Promise<void> {
  const rows = events.map(e => sql`(${e.type}, ${e.entity}, ${e.entityId}, ${e.publisherId}, ${e.public}, ${e.state})`)
  await sql`INSERT INTO events (type, entity, entity_id, publisher_id, public, state) VALUES ${sql.join(rows)}`.execute(db)
}

/** Logs the events of one audited write to a dataset or one of its distributions. Call inside its transaction. */
export async function recordDatasetEvent (
  db: Kysely<DB>, datasetId: string, action: string, summary: Record<string, unknown> | undefined
): Promise<void> {
  if (!eventLog.enabled) return
  // The dataset as written and its state at its last event, in one round trip.
  const { rows: [row] } = await sql<{ status: string, publisher_id: string, deleted: boolean, before: DatasetState | null }>`
    SELECT status, publisher_id, deleted_at IS NOT NULL AS deleted,
      (SELECT state FROM events WHERE entity_id = ${datasetId} AND entity = 'dataset' ORDER BY seq DESC LIMIT 1) AS before
    FROM datasets WHERE id = ${datasetId}`.execute(db)
  if (row === undefined) return
  const before = row.before
  const after: DatasetState = row.deleted ? 'deleted' : row.status === 'published' ? 'published' : 'draft'
  const events: EventValues[] = []
  const distributionType = DISTRIBUTION_EVENTS[action]
  const distributionId = summary?.distribution
  if (distributionType !== undefined && typeof distributionId === 'string') {
    events.push({ type: distributionType, entity: 'distribution', entityId: distributionId, publisherId: row.publisher_id, public: after === 'published', state: null })
  }
  // A distribution write changes its dataset's representation too (its list of distributions, `modified`).
  const fields = summary?.fields
  const statusChanged = Array.isArray(fields) && fields.includes('status')
  const type = datasetEventType(before, after, action, statusChanged)
  events.push({
    type, entity: 'dataset', entityId: datasetId, publisherId: row.publisher_id, public: isPublicEvent(type, after, before, row.status === 'published'), state: after
  })
  await insertEvents(db, events)
}
