// The one rule the dataset and distribution write path asks of harvesting: a dataset a harvest source owns
// changes only through its harvests (db/changes.ts calls this for every write a token makes).
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { HarvestedDatasetError } from '../errors.js'

/** The source that owns a dataset, if any. */
export async function owningSource (db: Kysely<DB>, datasetId: string): Promise<{ id: string, url: string } | undefined> {
  return db.selectFrom('harvested_datasets')
    .innerJoin('harvest_sources', 'harvest_sources.id', 'harvested_datasets.source_id')
    .select(['harvest_sources.id', 'harvest_sources.url'])
    .where('harvested_datasets.dataset_id', '=', datasetId)
    .executeTakeFirst()
}

/** Throws 409 when a harvest source owns the dataset. */
export async function assertNotHarvested (db: Kysely<DB>, datasetId: string): Promise<void> {
  const source = await owningSource(db, datasetId)
  if (source !== undefined) throw new HarvestedDatasetError(datasetId, source.url, datasetId)
}
