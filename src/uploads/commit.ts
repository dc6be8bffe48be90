// The last step of every upload: the file moves into place inside the database transaction that
// writes its row, so either both exist or neither does (SPEC §6: no row without file, no orphan file).
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { findDataset } from '../db/datasets.js'
import { GoneError } from '../errors.js'
import type { ReceivedFile } from './receive.js'
import { discardQuietly } from './receive.js'

/** A fresh storage key: server-made, so no client name ever reaches a path. */
export const newFileKey = (): string => randomUUID()

/**
 * Locks the dataset (the order every distribution write takes, so none deadlock), runs `write`, then
 * commits the temporary file to `key` before the transaction commits. A failed write discards the
 * temporary; a failed database commit deletes the placed file.
 */
export async function commitWithRow<T> (
  app: FastifyInstance, datasetId: string, file: ReceivedFile, key: string, write: (trx: Kysely<DB>) => Promise<T>
): Promise<T> {
  let placed = false
  try {
    return await app.db.transaction().execute(async trx => {
      // The upload took time: the dataset may have been deleted meanwhile.
      const dataset = await findDataset(trx, datasetId, true)
      if (dataset === undefined || dataset.deleted_at !== null) throw new GoneError('Dataset', datasetId)
      const result = await write(trx)
      await app.storage.commit(file.temp, key)
      placed = true
      return result
    })
  } catch (err) {
    if (placed) await app.storage.delete(key).catch((e: unknown) => app.log.error({ err: e, key }, 'could not remove an uncommitted file'))
    else await discardQuietly(app.storage, file.temp, app.log)
    throw err
  }
}

/** Removes files whose rows are gone or point elsewhere; failures are logged, never thrown. */
export async function deleteStoredFiles (app: FastifyInstance, keys: ReadonlyArray<string | null | undefined>): Promise<void> {
  for (const key of keys) {
    if (key === null || key === undefined) continue
    await app.storage.delete(key).catch((err: unknown) => app.log.error({ err, key }, 'could not remove a stored file'))
  }
}
