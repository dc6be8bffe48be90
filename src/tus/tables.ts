// The upload-session tables (migrations/2026_12_06_0601_tus_uploads.ts, …_0701_tus_multipart_parts.ts), typed for Kysely here rather than
// in src/db/types.ts: only this folder reads or writes them.
import type { ColumnType, Kysely } from 'kysely'
import type { DB } from '../db/types.js'

type Generated<T> = ColumnType<T, T | undefined, T>
type BigIntColumn = ColumnType<string, number | string, number | string>

export type TusTables = {
  tus_uploads: {
    id: Generated<string>
    distribution_id: string
    upload_length: BigIntColumn
    upload_offset: ColumnType<string, number | string | undefined, number | string>
    metadata: string | null
    file_name: string | null
    repr_sha256: string | null
    expires_at: ColumnType<Date, Date, Date>
    claim_token: string | null
    claimed_until: Date | null
    created_at: Generated<Date>
    multipart_key: ColumnType<string | null, string | null | undefined, string | null>
    multipart_upload_id: ColumnType<string | null, string | null | undefined, string | null>
    part_size: ColumnType<string | null, number | null | undefined, number | null>
  }
  tus_upload_chunks: {
    upload_id: string
    start_offset: BigIntColumn
    byte_size: BigIntColumn
    file_key: string
  }
  tus_upload_parts: {
    upload_id: string
    part_number: number
    start_offset: BigIntColumn
    byte_size: BigIntColumn
    etag: string
  }
}

export type TusDB = DB & TusTables

export const withTus = (db: Kysely<DB>): Kysely<TusDB> => db.withTables<TusTables>()
