// Resumable uploads on an S3-compatible store (issue 16): the parts of an upload go straight to one S3
// multipart upload, whose key and UploadId are on the upload's row and whose parts' ETags are rows here,
// so that any node continues or completes it. Frozen in time.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  // All three or none: a local-folder upload keeps its bytes in chunks only.
  await sql`ALTER TABLE tus_uploads
    ADD COLUMN multipart_key text,
    ADD COLUMN multipart_upload_id text,
    ADD COLUMN part_size bigint CHECK (part_size > 0),
    ADD CONSTRAINT tus_uploads_multipart CHECK (
      (multipart_key IS NULL) = (multipart_upload_id IS NULL) AND (multipart_key IS NULL) = (part_size IS NULL))`.execute(db)
  // The parts stored so far; with the chunks after them (smaller than a part), they are the bytes received.
  await sql`CREATE TABLE tus_upload_parts (
    upload_id uuid NOT NULL REFERENCES tus_uploads (id) ON DELETE CASCADE,
    part_number integer NOT NULL CHECK (part_number BETWEEN 1 AND 10000),
    start_offset bigint NOT NULL,
    byte_size bigint NOT NULL CHECK (byte_size > 0),
    etag text NOT NULL,
    PRIMARY KEY (upload_id, part_number)
  )`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE tus_upload_parts`.execute(db)
  await sql`ALTER TABLE tus_uploads DROP CONSTRAINT tus_uploads_multipart,
    DROP COLUMN multipart_key, DROP COLUMN multipart_upload_id, DROP COLUMN part_size`.execute(db)
}
