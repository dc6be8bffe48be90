// Reading one distribution for a route: hidden like its dataset (404 for others' drafts), 410 once
// its dataset is deleted, and the writes that keep the dataset's `modified` and audit trail in step.
import type { FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { DB, DistributionRow } from '../../db/types.js'
import { findDataset, touchDatasetModified, type DatasetRecord } from '../../db/datasets.js'
import { getDistribution } from '../../db/distributions.js'
import { recordChange } from '../../db/changes.js'
import { canSeeDrafts } from '../../auth/permissions.js'
import { GoneError, NotFoundError } from '../../errors.js'

export interface LoadedDistribution { row: DistributionRow, dataset: DatasetRecord }

export async function loadDistribution (db: Kysely<DB>, request: FastifyRequest, id: string, forUpdate = false): Promise<LoadedDistribution> {
  const found = await getDistribution(db, id)
  // Locking the dataset serialises every write to it and its distributions; then re-read under the lock.
  const dataset = found === undefined ? undefined : await findDataset(db, found.dataset_id, forUpdate)
  const row = forUpdate && dataset !== undefined ? await getDistribution(db, id) : found
  const hidden = dataset?.status === 'draft' && !canSeeDrafts(request.principal, dataset.publisher_id)
  if (row === undefined || dataset === undefined || hidden) throw new NotFoundError('Distribution', id)
  if (dataset.deleted_at !== null) throw new GoneError('Distribution', id)
  return { row, dataset }
}

/** After a distribution write: the dataset's content changed, and who did it is recorded. */
export async function distributionChanged (
  trx: Kysely<DB>, request: FastifyRequest, datasetId: string, action: string, summary: Record<string, unknown>
): Promise<void> {
  await touchDatasetModified(trx, datasetId)
  await recordChange(trx, { datasetId, action, principal: request.principal, summary })
}
