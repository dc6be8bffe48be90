// Reading a dataset's audit trail (written by recordChange in changes.ts), newest first, by keyset.
import type { Kysely, Selectable } from 'kysely'
import type { DatasetChangeTable, DB } from './types.js'

export type DatasetChangeRow = Selectable<DatasetChangeTable>

/** Up to `limit` changes of a dataset older than change `beforeId` (or the newest ones). */
export async function listDatasetChanges (db: Kysely<DB>, datasetId: string, limit: number, beforeId?: string): Promise<DatasetChangeRow[]> {
  let query = db.selectFrom('dataset_changes').selectAll().where('dataset_id', '=', datasetId)
  if (beforeId !== undefined) query = query.where('id', '<', beforeId)
  return await query.orderBy('id', 'desc').limit(limit).execute()
}
