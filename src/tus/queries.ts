// SQL for upload sessions. Time comes from PostgreSQL's clock (now()), so nodes' clocks need not agree.
import { sql, type Kysely, type Selectable } from 'kysely'
import type { DB } from '../db/types.js'
import { withTus, type TusTables } from './tables.js'

export type UploadRow = Selectable<TusTables['tus_uploads']>

export interface NewUpload {
  distributionId: string
  length: number
  metadata: string | null
  fileName: string | null
  reprSha256: string | null
  expirySeconds: number
}

const after = (seconds: number) => sql<Date>`now() + make_interval(secs => ${seconds})`

export async function createUpload (db: Kysely<DB>, upload: NewUpload): Promise<UploadRow> {
  return await withTus(db).insertInto('tus_uploads').values({
    distribution_id: upload.distributionId,
    upload_length: upload.length,
    metadata: upload.metadata,
    file_name: upload.fileName,
    repr_sha256: upload.reprSha256,
    expires_at: after(upload.expirySeconds)
  }).returningAll().executeTakeFirstOrThrow()
}

/** The upload, with whether it has expired by the database's clock. */
export async function findUpload (db: Kysely<DB>, distributionId: string, uploadId: string): Promise<(UploadRow & { expired: boolean }) | undefined> {
  return await withTus(db).selectFrom('tus_uploads').selectAll()
    .select(sql<boolean>`expires_at <= now()`.as('expired'))
    .where('id', '=', uploadId).where('distribution_id', '=', distributionId)
    .executeTakeFirst()
}

/**
 * Takes the upload for one request until `leaseSeconds` from now, unless another request holds it: one
 * UPDATE, so two nodes racing for it cannot both win. Undefined when held (or gone, or expired).
 */
export async function claimUpload (db: Kysely<DB>, uploadId: string, token: string, leaseSeconds: number): Promise<UploadRow | undefined> {
  return await withTus(db).updateTable('tus_uploads')
    .set({ claim_token: token, claimed_until: after(leaseSeconds) })
    .where('id', '=', uploadId).where('expires_at', '>', sql<Date>`now()`)
    .where(eb => eb.or([eb('claim_token', 'is', null), eb('claimed_until', '<', sql<Date>`now()`)]))
    .returningAll().executeTakeFirst()
}

/** Extends a claim while its request streams; false once it was lost. */
export async function renewClaim (db: Kysely<DB>, uploadId: string, token: string, leaseSeconds: number): Promise<boolean> {
  const result = await withTus(db).updateTable('tus_uploads').set({ claimed_until: after(leaseSeconds) })
    .where('id', '=', uploadId).where('claim_token', '=', token).executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function releaseClaim (db: Kysely<DB>, uploadId: string, token: string): Promise<void> {
  await withTus(db).updateTable('tus_uploads').set({ claim_token: null, claimed_until: null })
    .where('id', '=', uploadId).where('claim_token', '=', token).execute()
}

export interface NewChunk { uploadId: string, token: string, start: number, size: number, key: string, expirySeconds: number }

/** Records a stored chunk and moves the offset past it; false when the claim was lost meanwhile. */
export async function addChunk (trx: Kysely<DB>, chunk: NewChunk): Promise<boolean> {
  const db = withTus(trx)
  const moved = await db.updateTable('tus_uploads')
    .set({ upload_offset: sql`upload_offset + ${chunk.size}`, expires_at: after(chunk.expirySeconds) })
    .where('id', '=', chunk.uploadId).where('claim_token', '=', chunk.token).where('upload_offset', '=', String(chunk.start))
    .executeTakeFirst()
  if (moved.numUpdatedRows === 0n) return false
  await db.insertInto('tus_upload_chunks')
    .values({ upload_id: chunk.uploadId, start_offset: chunk.start, byte_size: chunk.size, file_key: chunk.key }).execute()
  return true
}

/** The stored chunks of an upload, in offset order: concatenated, they are the file. */
export async function chunkKeys (db: Kysely<DB>, uploadId: string): Promise<string[]> {
  const rows = await withTus(db).selectFrom('tus_upload_chunks').select('file_key')
    .where('upload_id', '=', uploadId).orderBy('start_offset').execute()
  return rows.map(row => row.file_key)
}

/** Deletes an upload and its chunk rows; returns the chunk keys, for the caller to remove once committed. */
export async function deleteUpload (trx: Kysely<DB>, uploadId: string): Promise<string[]> {
  const keys = await chunkKeys(trx, uploadId)
  await withTus(trx).deleteFrom('tus_uploads').where('id', '=', uploadId).execute()
  return keys
}

/**
 * Deletes up to `limit` expired uploads no request holds, skipping rows another node is deleting
 * (FOR UPDATE SKIP LOCKED); returns how many, and their chunk keys.
 */
export async function deleteExpiredUploads (db: Kysely<DB>, limit: number): Promise<{ uploads: number, keys: string[] }> {
  return await db.transaction().execute(async trx => {
    const expired = await withTus(trx).selectFrom('tus_uploads').select('id')
      .where('expires_at', '<=', sql<Date>`now()`)
      .where(eb => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', sql<Date>`now()`)]))
      .orderBy('expires_at').limit(limit).forUpdate().skipLocked().execute()
    const keys: string[] = []
    for (const { id } of expired) keys.push(...await deleteUpload(trx, id))
    return { uploads: expired.length, keys }
  })
}
