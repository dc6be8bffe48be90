// The DCAT-AP feed's reads: published datasets in keyset order on `seq` (a crawl never skips or repeats
// one), their distributions in one query per page, and the licences and vocabulary terms they name.
import { type Kysely, sql } from 'kysely'
import type { DB, DistributionRow, LicenceRow, PublisherRow, VocabularyTermRow } from './types.js'
import type { VocabularyName } from './vocabularies.js'

export interface FeedFilter {
  /** A publisher's sub-catalogue. */
  publisherId?: string | undefined
  /** Only datasets whose `modified` is at or after this instant. */
  modifiedSince?: Date | undefined
}

function feedDatasets (db: Kysely<DB>) {
  return db.selectFrom('datasets')
    .innerJoin('publishers', 'publishers.id', 'datasets.publisher_id')
    .select([
      'datasets.id', 'datasets.seq', 'datasets.slug', 'datasets.identifier', 'datasets.publisher_id', 'datasets.title',
      'datasets.description', 'datasets.keywords', 'datasets.themes', 'datasets.licence_id', 'datasets.access_rights',
      'datasets.frequency', 'datasets.temporal_start', 'datasets.temporal_end', 'datasets.spatial_bbox', 'datasets.spatial_uri',
      'datasets.landing_page', 'datasets.contact_point', 'datasets.language', 'datasets.conforms_to', 'datasets.version',
      'datasets.issued', 'datasets.modified', 'datasets.status', 'datasets.deleted_at', 'datasets.updated_at',
      'publishers.name as publisher_name', 'publishers.type as publisher_type', 'publishers.homepage as publisher_homepage',
      'publishers.email as publisher_email', 'publishers.updated_at as publisher_updated_at'
    ])
}

/** A dataset with its publisher's columns, as the feed reads it. */
export type FeedDatasetRow = Awaited<ReturnType<ReturnType<typeof feedDatasets>['executeTakeFirstOrThrow']>>

function publishedDatasets (db: Kysely<DB>, filter: FeedFilter) {
  return feedDatasets(db)
    .where('datasets.status', '=', 'published')
    .where('datasets.deleted_at', 'is', null)
    .$if(filter.publisherId !== undefined, qb => qb.where('datasets.publisher_id', '=', filter.publisherId!))
    .$if(filter.modifiedSince !== undefined, qb => qb.where('datasets.modified', '>=', filter.modifiedSince!))
}

/**
 * Up to `limit` published datasets after the one with `afterSeq`, in `seq` order: new datasets get a
 * higher seq and land at the end, edits keep theirs, deletions shift nothing.
 */
export async function listFeedDatasets (db: Kysely<DB>, filter: FeedFilter, afterSeq: string | null, limit: number): Promise<FeedDatasetRow[]> {
  return publishedDatasets(db, filter)
    .$if(afterSeq !== null, qb => qb.where('datasets.seq', '>', afterSeq!))
    .orderBy('datasets.seq')
    .limit(limit)
    .execute()
}

export interface FeedSummary {
  /** Published, live datasets matching the filter: `hydra:totalItems`. */
  total: number
  /** The latest change to any dataset in scope, deletions included; null when there is none. */
  lastChange: Date | null
}

/**
 * The count and the latest change. Without a date filter they come from `feed_stats`, which a trigger
 * keeps in step with every write (migrations/…_0013_feed_stats.ts); with one, from a scan of the index.
 */
export async function summarizeFeed (db: Kysely<DB>, filter: FeedFilter): Promise<FeedSummary> {
  const row = filter.modifiedSince === undefined ? await readFeedStats(db, filter) : await countFeed(db, filter)
  return { total: Number(row.total ?? 0), lastChange: row.last_change == null ? null : new Date(row.last_change) }
}

interface SummaryRow { total: string | number | null, last_change: Date | null }

async function readFeedStats (db: Kysely<DB>, filter: FeedFilter): Promise<SummaryRow> {
  return await db.selectFrom('feed_stats')
    .select([sql<string | null>`sum(published)`.as('total'), sql<Date | null>`max(last_change)`.as('last_change')])
    .$if(filter.publisherId !== undefined, qb => qb.where('publisher_id', '=', filter.publisherId!))
    .executeTakeFirstOrThrow()
}

/**
 * The same figures counted from the datasets in one scan. Deleted rows count as changes so that a
 * deletion moves Last-Modified; drafts do not, so their activity does not show.
 */
export async function countFeed (db: Kysely<DB>, filter: FeedFilter): Promise<SummaryRow> {
  const since = filter.modifiedSince ?? null
  return await db.selectFrom('datasets')
    .select([
      sql<string>`count(*) FILTER (WHERE status = 'published' AND deleted_at IS NULL
        AND (${since}::timestamptz IS NULL OR modified >= ${since}::timestamptz))`.as('total'),
      sql<Date | null>`max(greatest(updated_at, deleted_at)) FILTER (WHERE status = 'published' OR deleted_at IS NOT NULL)`.as('last_change')
    ])
    .$if(filter.publisherId !== undefined, qb => qb.where('publisher_id', '=', filter.publisherId!))
    .executeTakeFirstOrThrow()
}

export interface ReferenceVersion {
  distributions: number
  /** Latest change to a distribution, publisher or licence; null when there are none. */
  lastChange: Date | null
}

/**
 * What else the whole catalogue depends on, for its validators: the distributions (their count moves
 * on a deletion) and the latest change to a distribution, publisher or licence.
 */
export async function referenceVersion (db: Kysely<DB>, filter: FeedFilter): Promise<ReferenceVersion> {
  const publisherId = filter.publisherId ?? null
  const { rows: [row] } = await sql<{ distributions: string, last_change: Date | null }>`
    SELECT count(*) AS distributions, greatest(max(d.updated_at),
      (SELECT max(updated_at) FROM publishers), (SELECT max(updated_at) FROM licences)) AS last_change
    FROM distributions d JOIN datasets ds ON ds.id = d.dataset_id
    WHERE ds.status = 'published' AND ds.deleted_at IS NULL
      AND (${publisherId}::text IS NULL OR ds.publisher_id = ${publisherId}::text)`.execute(db)
  return { distributions: Number(row?.distributions ?? 0), lastChange: row?.last_change == null ? null : new Date(row.last_change) }
}

/** One dataset by id or slug, deleted and draft ones included (the caller answers 410 or 404). */
export async function findFeedDataset (db: Kysely<DB>, idOrSlug: string, isId: boolean): Promise<FeedDatasetRow | undefined> {
  return feedDatasets(db)
    .$if(isId, qb => qb.where('datasets.id', '=', idOrSlug))
    // A slug freed by a deletion may be taken again: the live dataset wins, then the latest deleted.
    .$if(!isId, qb => qb.where('datasets.slug', '=', idOrSlug).orderBy(sql`datasets.deleted_at IS NULL`, 'desc').orderBy('datasets.seq', 'desc'))
    .limit(1)
    .executeTakeFirst()
}

/** Several datasets by id, whatever their status, in `seq` order (OAI-PMH pages, src/oai). */
export async function findFeedDatasets (db: Kysely<DB>, ids: readonly string[]): Promise<FeedDatasetRow[]> {
  if (ids.length === 0) return []
  return feedDatasets(db).where('datasets.id', 'in', [...ids]).orderBy('datasets.seq').execute()
}

/** The distributions of several datasets in one query, each dataset's in creation order. */
export async function listFeedDistributions (db: Kysely<DB>, datasetIds: readonly string[]): Promise<DistributionRow[]> {
  if (datasetIds.length === 0) return []
  return db.selectFrom('distributions').selectAll()
    .where('dataset_id', 'in', [...datasetIds])
    .orderBy('dataset_id').orderBy('created_at').orderBy('id')
    .execute()
}

/** The terms named by `codes`, vocabulary by vocabulary, in one query. */
export async function findTerms (db: Kysely<DB>, codes: ReadonlyMap<VocabularyName, ReadonlySet<string>>): Promise<VocabularyTermRow[]> {
  const wanted = [...codes].filter(([, set]) => set.size > 0)
  if (wanted.length === 0) return []
  return db.selectFrom('vocabulary_terms').selectAll()
    .where(eb => eb.or(wanted.map(([vocabulary, set]) =>
      eb.and([eb('vocabulary', '=', vocabulary), eb('code', 'in', [...set])]))))
    .execute()
}

export async function findLicences (db: Kysely<DB>, ids: ReadonlySet<string>): Promise<LicenceRow[]> {
  if (ids.size === 0) return []
  return db.selectFrom('licences').selectAll().where('id', 'in', [...ids]).execute()
}

/** When the first publisher was registered: the portal catalogue's issue date; null on an empty portal. */
export async function firstPublisherCreated (db: Kysely<DB>): Promise<Date | null> {
  const row = await db.selectFrom('publishers').select(sql<Date | null>`min(created_at)`.as('first')).executeTakeFirst()
  return row?.first == null ? null : new Date(row.first)
}

export async function findCatalogPublisher (db: Kysely<DB>, id: string): Promise<PublisherRow | undefined> {
  return db.selectFrom('publishers').selectAll().where('id', '=', id).executeTakeFirst()
}
