// The audit trail: every write to a dataset or its distributions records who made it.
import type { Kysely } from 'kysely'
import type { DB } from './types.js'
import type { Principal } from '../plugins/auth.js'
import { assertNotHarvested } from '../harvest/write-guard.js'
import { recordDatasetEvent } from '../events/record.js'

export interface Change {
  datasetId: string
  /** e.g. dataset.created, dataset.updated, dataset.deleted, distribution.created, file.replaced */
  action: string
  principal: Principal | null
  /** What changed, for the history: field names, distribution id… never secrets. */
  summary?: Record<string, unknown>
}

/**
 * Records a write; every write route calls it inside its transaction, so a write by a token to a dataset a
 * harvest source owns is refused here (409) and rolled back.
 */
export async function recordChange (db: Kysely<DB>, change: Change): Promise<void> {
  if (change.principal !== null) await assertNotHarvested(db, change.datasetId)
  await db.insertInto('dataset_changes').values({
    dataset_id: change.datasetId,
    action: change.action,
    token_id: change.principal?.tokenId ?? null,
    publisher_id: change.principal?.publisherId ?? null,
    summary: JSON.stringify(change.summary ?? {})
  }).execute()
  await recordDatasetEvent(db, change.datasetId, change.action, change.summary)
}
