// Distribution rows: lookups, link writes and deletes. File columns are written by the upload code.
import type { Kysely, RawBuilder } from 'kysely'
import { sql } from 'kysely'
import type { DB, DistributionRow } from './types.js'

/** The columns a client controls for a link distribution. */
export interface DistributionValues {
  title: string
  description: string | null
  access_url: string | null
  download_url: string | null
  media_type: string | null
  format: string | null
  byte_size: number | null
  checksum_sha256: string | null
  licence_id: string | null
  issued: string | null
}

export async function getDistribution (db: Kysely<DB>, id: string): Promise<DistributionRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined
  return db.selectFrom('distributions').selectAll().where('id', '=', id.toLowerCase()).executeTakeFirst()
}

/** The distributions of several datasets, oldest first, grouped by dataset id. */
export async function distributionsOf (db: Kysely<DB>, datasetIds: readonly string[]): Promise<Map<string, DistributionRow[]>> {
  const byDataset = new Map<string, DistributionRow[]>(datasetIds.map(id => [id, []]))
  if (datasetIds.length === 0) return byDataset
  const rows = await db.selectFrom('distributions').selectAll()
    .where('dataset_id', 'in', [...datasetIds]).orderBy('created_at').orderBy('id').execute()
  for (const row of rows) byDataset.get(row.dataset_id)?.push(row)
  return byDataset
}

/** A distribution row as distributionsJson() sends it: timestamps as epoch milliseconds. */
export type DistributionJson = Omit<DistributionRow, 'issued' | 'modified' | 'created_at' | 'updated_at'> & {
  issued: number | null
  modified: number
  created_at: number
  updated_at: number
}

/**
 * Milliseconds since the epoch, rounded down as pg's timestamptz parser does. Not `to_json(timestamptz)`:
 * that text carries the session's offset, which JavaScript cannot parse for old dates (`+00:09:21`).
 */
export const epochMs = (column: string) => sql<number>`floor(extract(epoch from ${sql.ref(column)}) * 1000)`

/**
 * The distributions of the dataset whose id is in `datasetIdColumn`, oldest first like distributionsOf(),
 * as one JSON array, so that a dataset comes back with them in a single query. Decode with distributionsFromJson().
 */
export function distributionsJson (datasetIdColumn: string): RawBuilder<DistributionJson[]> {
  return sql<DistributionJson[]>`(SELECT coalesce(json_agg(json_build_object(
    'id', d.id, 'dataset_id', d.dataset_id, 'title', d.title, 'description', d.description,
    'access_url', d.access_url, 'download_url', d.download_url, 'media_type', d.media_type, 'format', d.format,
    'byte_size', d.byte_size::text, 'checksum_sha256', d.checksum_sha256, 'licence_id', d.licence_id,
    'file_key', d.file_key, 'file_name', d.file_name, 'issued', ${epochMs('d.issued')}, 'modified', ${epochMs('d.modified')},
    'created_at', ${epochMs('d.created_at')}, 'updated_at', ${epochMs('d.updated_at')}
  ) ORDER BY d.created_at, d.id), '[]'::json) FROM distributions d WHERE d.dataset_id = ${sql.ref(datasetIdColumn)})`
}

/** The rows distributionsJson() described, with the same values distributionsOf() returns. */
export function distributionsFromJson (items: readonly DistributionJson[]): DistributionRow[] {
  return items.map(item => ({
    ...item,
    issued: item.issued === null ? null : new Date(item.issued),
    modified: new Date(item.modified),
    created_at: new Date(item.created_at),
    updated_at: new Date(item.updated_at)
  }))
}

/** Normalised client-controlled content of a row, comparable with values built from input. */
export function distributionValuesOf (row: DistributionRow): DistributionValues {
  return {
    title: row.title,
    description: row.description,
    access_url: row.access_url,
    download_url: row.download_url,
    media_type: row.media_type,
    format: row.format,
    byte_size: row.byte_size === null ? null : Number(row.byte_size),
    checksum_sha256: row.checksum_sha256,
    licence_id: row.licence_id,
    issued: row.issued === null ? null : new Date(row.issued).toISOString()
  }
}

export async function insertDistribution (db: Kysely<DB>, datasetId: string, values: DistributionValues): Promise<DistributionRow> {
  return db.insertInto('distributions').values({ ...values, dataset_id: datasetId }).returningAll().executeTakeFirstOrThrow()
}

export async function updateDistribution (db: Kysely<DB>, id: string, values: DistributionValues): Promise<DistributionRow> {
  return db.updateTable('distributions')
    .set({ ...values, modified: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow()
}

export async function deleteDistribution (db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('distributions').where('id', '=', id).execute()
}
