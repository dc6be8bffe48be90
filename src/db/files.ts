// SQL for uploaded files: the distribution ↔ stored object link, and what a download needs to know.
import { sql, type Kysely } from 'kysely'
import type { DB, DistributionRow } from './types.js'

/** A distribution with what access control needs of its dataset. */
export type FileTarget = DistributionRow & {
  publisher_id: string
  dataset_status: 'draft' | 'published'
  dataset_deleted_at: Date | null
}

/** The columns that describe the stored bytes; all come from the server, never from the client. */
export interface FileColumns {
  file_key: string
  file_name: string | null
  media_type: string
  format: string | null
  byte_size: number
  checksum_sha256: string
}

export interface NewFileDistribution extends FileColumns {
  id: string
  dataset_id: string
  title: string
  description: string | null
  licence_id: string | null
  issued: string | null
  download_url: string
}

export async function findFileTarget (db: Kysely<DB>, distributionId: string): Promise<FileTarget | undefined> {
  return await db.selectFrom('distributions')
    .innerJoin('datasets', 'datasets.id', 'distributions.dataset_id')
    .selectAll('distributions')
    .select(['datasets.publisher_id', 'datasets.status as dataset_status', 'datasets.deleted_at as dataset_deleted_at'])
    .where('distributions.id', '=', distributionId)
    .executeTakeFirst()
}

export async function insertFileDistribution (db: Kysely<DB>, row: NewFileDistribution): Promise<void> {
  await db.insertInto('distributions').values(row).execute()
}

/** The current file of a distribution, locked until the transaction ends (concurrent replaces queue up). */
export async function lockFile (db: Kysely<DB>, distributionId: string): Promise<{ file_key: string | null } | undefined> {
  return await db.selectFrom('distributions').select('file_key')
    .where('id', '=', distributionId).forUpdate().executeTakeFirst()
}

export async function updateFile (db: Kysely<DB>, distributionId: string, file: FileColumns & { download_url: string }): Promise<void> {
  await db.updateTable('distributions')
    .set({ ...file, modified: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', distributionId).execute()
}

/**
 * Detaches every file of a (deleted) dataset from its rows and returns their keys, for
 * deleteStoredFiles() once the transaction has committed.
 */
export async function releaseDatasetFiles (db: Kysely<DB>, datasetId: string): Promise<string[]> {
  const rows = await db.selectFrom('distributions').select('file_key')
    .where('dataset_id', '=', datasetId).where('file_key', 'is not', null).forUpdate().execute()
  const keys = rows.map(row => row.file_key!)
  if (keys.length > 0) await db.updateTable('distributions').set({ file_key: null }).where('file_key', 'in', keys).execute()
  return keys
}
