// SQL for upload sessions. Time comes from PostgreSQL's clock (now()), so nodes' clocks need not agree.
import { sql, type Kysely, type Selectable } from 'kysely'
import type { DB } from '../db/types.js'
import type { MultipartHandle, StoredPart } from '../storage/storage.js'
import { withTus, type TusTables } from './tables.js'

export type UploadRow = Selectable<TusTables['tus_uploads']>

export interface NewUpload {
  distributionId: string
  length: number
  metadata: string | null
  fileName: string | null
  reprSha256: string | null
  expirySeconds: number
  /** Where the parts go when the store assembles them (S3). */
  multipart: MultipartHandle | undefined
}

const after = (seconds: number) => sql<Date>`now() + make_interval(secs => ${seconds})`

export async function createUpload (db: Kysely<DB>, upload: NewUpload): Promise<UploadRow> {
  return await withTus(db).insertInto('tus_uploads').values({
    distribution_id: upload.distributionId,
    upload_length: upload.length,
    metadata: upload.metadata,
    file_name: upload.fileName,
    repr_sha256: upload.reprSha256,
    expires_at: after(upload.expirySeconds),
    multipart_key: upload.multipart?.key ?? null,
    multipart_upload_id: upload.multipart?.uploadId ?? null,
    part_size: upload.multipart?.partSize ?? null
  }).returningAll().executeTakeFirstOrThrow()
}

/** The store's multipart upload this upload's parts go to, if any. */
export function multipartOf (upload: UploadRow): MultipartHandle | undefined {
  if (upload.multipart_key === null || upload.multipart_upload_id === null || upload.part_size === null) return undefined
  return { key: upload.multipart_key, uploadId: upload.multipart_upload_id, length: Number(upload.upload_length), partSize: Number(upload.part_size) }
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

export interface NewPart extends StoredPart { start: number }

/** What one request stored, from offset `from` to `to`. */
export interface Appended {
  uploadId: string
  /** The claim the request holds. */
  token: string
  from: number
  to: number
  /** Parts sent to the store; the first one took the chunks before it, whose rows then go. */
  parts: NewPart[]
  /** The bytes after the last part, as one stored object. */
  chunk: { start: number, size: number, key: string } | undefined
  expirySeconds: number
}

/**
 * Records what a request stored and moves the offset; undefined when the claim was lost meanwhile, else the
 * keys of the chunks that parts replaced, for the caller to remove once committed.
 */
export async function recordAppend (trx: Kysely<DB>, appended: Appended): Promise<string[] | undefined> {
  const db = withTus(trx)
  const moved = await db.updateTable('tus_uploads')
    .set({ upload_offset: appended.to, expires_at: after(appended.expirySeconds) })
    .where('id', '=', appended.uploadId).where('claim_token', '=', appended.token).where('upload_offset', '=', String(appended.from))
    .executeTakeFirst()
  if (moved.numUpdatedRows === 0n) return undefined
  let replaced: string[] = []
  if (appended.parts.length > 0) {
    replaced = (await db.deleteFrom('tus_upload_chunks').where('upload_id', '=', appended.uploadId).returning('file_key').execute())
      .map(row => row.file_key)
    await db.insertInto('tus_upload_parts').values(appended.parts.map(part => ({
      upload_id: appended.uploadId, part_number: part.number, start_offset: part.start, byte_size: part.size, etag: part.etag
    }))).execute()
  }
  const { chunk } = appended
  if (chunk !== undefined) {
    await db.insertInto('tus_upload_chunks')
      .values({ upload_id: appended.uploadId, start_offset: chunk.start, byte_size: chunk.size, file_key: chunk.key }).execute()
  }
  return replaced
}

/** The stored chunks of an upload, in offset order (after its parts, if any). */
export async function uploadChunks (db: Kysely<DB>, uploadId: string): Promise<Array<{ key: string, size: number }>> {
  const rows = await withTus(db).selectFrom('tus_upload_chunks').select(['file_key', 'byte_size'])
    .where('upload_id', '=', uploadId).orderBy('start_offset').execute()
  return rows.map(row => ({ key: row.file_key, size: Number(row.byte_size) }))
}

/** The parts the store holds for an upload, in order. */
export async function uploadParts (db: Kysely<DB>, uploadId: string): Promise<StoredPart[]> {
  const rows = await withTus(db).selectFrom('tus_upload_parts').select(['part_number', 'etag', 'byte_size'])
    .where('upload_id', '=', uploadId).orderBy('part_number').execute()
  return rows.map(row => ({ number: row.part_number, etag: row.etag, size: Number(row.byte_size) }))
}

/** What stays in the store once an upload's rows are gone, for the caller to remove. */
export interface Leftovers {
  chunkKeys: string[]
  multipart: MultipartHandle[]
}

/** Deletes uploads with their chunk and part rows; returns what the store still holds for them. */
export async function deleteUploads (trx: Kysely<DB>, uploadIds: string[]): Promise<Leftovers> {
  if (uploadIds.length === 0) return { chunkKeys: [], multipart: [] }
  const db = withTus(trx)
  const chunks = await db.selectFrom('tus_upload_chunks').select('file_key').where('upload_id', 'in', uploadIds).execute()
  const deleted = await db.deleteFrom('tus_uploads').where('id', 'in', uploadIds).returningAll().execute()
  return {
    chunkKeys: chunks.map(chunk => chunk.file_key),
    multipart: deleted.flatMap(upload => multipartOf(upload) ?? [])
  }
}

/**
 * Deletes up to `limit` expired uploads no request holds, skipping rows another node is deleting
 * (FOR UPDATE SKIP LOCKED); returns how many, and what the store holds for them.
 */
export async function deleteExpiredUploads (db: Kysely<DB>, limit: number): Promise<{ uploads: number, leftovers: Leftovers }> {
  return await db.transaction().execute(async trx => {
    const expired = await withTus(trx).selectFrom('tus_uploads').select('id')
      .where('expires_at', '<=', sql<Date>`now()`)
      .where(eb => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', sql<Date>`now()`)]))
      .orderBy('expires_at').limit(limit).forUpdate().skipLocked().execute()
    return { uploads: expired.length, leftovers: await deleteUploads(trx, expired.map(upload => upload.id)) }
  })
}
