// The reads only the pages need: a dataset's stored quality band, publishers' names, and the sitemap's
// URLs (published datasets in blocks of seq, so a sitemap page keeps its URL as datasets come and go).
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { withQuality } from '../quality/tables.js'
import type { Band } from '../quality/metrics.js'

export interface StoredBand { band: Band, score: number }

/** The last score the quality job stored for the dataset; null before the first. */
export async function findQualityBand (db: Kysely<DB>, datasetId: string): Promise<StoredBand | null> {
  const row = await withQuality(db).selectFrom('dataset_quality').select(['band', 'score'])
    .where('dataset_id', '=', datasetId).executeTakeFirst()
  return row?.band == null || row.score === null ? null : { band: row.band, score: row.score }
}

export async function publisherNames (db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('publishers').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute()
  return new Map(rows.map((row) => [row.id, row.name]))
}

export interface PublisherEntry { id: string, name: string, published: number, lastChange: Date }

/** Every publisher with its count of published datasets (feed_stats) and its latest change. */
export async function listPublisherEntries (db: Kysely<DB>): Promise<PublisherEntry[]> {
  const rows = await db.selectFrom('publishers')
    .leftJoin('feed_stats', 'feed_stats.publisher_id', 'publishers.id')
    .select(['publishers.id', 'publishers.name', 'publishers.updated_at', 'feed_stats.published', 'feed_stats.last_change'])
    .orderBy('publishers.name').orderBy('publishers.id')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    published: Number(row.published ?? 0),
    lastChange: new Date(Math.max(new Date(row.updated_at).getTime(), row.last_change === null ? 0 : new Date(row.last_change).getTime()))
  }))
}

/** At most this many URLs in one sitemap (sitemaps.org). Triggers count the blocks by it (migration 2026_12_10_0101). */
export const SITEMAP_LIMIT = 50_000

export interface SitemapBlock { block: number, count: number, lastModified: Date }

/** The non-empty blocks of SITEMAP_LIMIT consecutive seqs among published datasets, as the triggers keep them. */
export async function sitemapBlocks (db: Kysely<DB>): Promise<SitemapBlock[]> {
  const rows = await db.selectFrom('sitemap_blocks').select(['block', 'published', 'last_change'])
    .where('published', '>', 0).orderBy('block').execute()
  return rows.map((row) => ({ block: Number(row.block), count: row.published, lastModified: new Date(row.last_change) }))
}

export interface SitemapDataset { id: string, lastModified: Date }

/** The published datasets of one block, in seq order. */
export async function sitemapDatasets (db: Kysely<DB>, block: number | null): Promise<SitemapDataset[]> {
  const rows = await db.selectFrom('datasets')
    .select(['id', sql<Date>`greatest(updated_at, modified)`.as('last_modified')])
    .where('status', '=', 'published').where('deleted_at', 'is', null)
    .$if(block !== null, (qb) => qb.where('seq', '>=', String(block! * SITEMAP_LIMIT)).where('seq', '<', String((block! + 1) * SITEMAP_LIMIT)))
    .orderBy('seq')
    .execute()
  return rows.map((row) => ({ id: row.id, lastModified: new Date(row.last_modified) }))
}
