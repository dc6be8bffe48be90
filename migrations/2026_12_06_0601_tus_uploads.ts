// Resumable uploads (tus 1.0, issue 16): one row per upload session and one per stored chunk, so that an
// upload started on one node resumes on any other. Frozen in time.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  // `claim_token` / `claimed_until`: the node writing a PATCH holds the upload until then (renewed while it
  // streams), so a second PATCH anywhere is refused and a crashed node's claim lapses on its own.
  await sql`CREATE TABLE tus_uploads (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    distribution_id uuid NOT NULL REFERENCES distributions (id) ON DELETE CASCADE,
    upload_length bigint NOT NULL CHECK (upload_length >= 0),
    upload_offset bigint NOT NULL DEFAULT 0 CHECK (upload_offset >= 0 AND upload_offset <= upload_length),
    metadata text,
    file_name text,
    repr_sha256 text,
    expires_at timestamptz NOT NULL,
    claim_token uuid,
    claimed_until timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db)
  await sql`CREATE INDEX tus_uploads_expires ON tus_uploads (expires_at)`.execute(db)
  await sql`CREATE INDEX tus_uploads_distribution ON tus_uploads (distribution_id)`.execute(db)
  // Each PATCH's bytes are one stored object; the chunks in offset order are the file.
  await sql`CREATE TABLE tus_upload_chunks (
    upload_id uuid NOT NULL REFERENCES tus_uploads (id) ON DELETE CASCADE,
    start_offset bigint NOT NULL,
    byte_size bigint NOT NULL CHECK (byte_size > 0),
    file_key text NOT NULL UNIQUE,
    PRIMARY KEY (upload_id, start_offset)
  )`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE tus_upload_chunks`.execute(db)
  await sql`DROP TABLE tus_uploads`.execute(db)
}
