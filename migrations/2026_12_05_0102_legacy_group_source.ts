// Legacy groups belong to the source they were imported from, so two CKAN sites that both have a
// `transport` group keep two groups (the second named `transport-2`) instead of colliding or merging.
// Frozen in time.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE legacy_groups ADD COLUMN source_url text, ADD COLUMN source_id text`.execute(db)
  await sql`ALTER TABLE legacy_groups ADD CONSTRAINT legacy_groups_source UNIQUE (source_url, source_id)`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE legacy_groups DROP CONSTRAINT IF EXISTS legacy_groups_source`.execute(db)
  await sql`ALTER TABLE legacy_groups DROP COLUMN IF EXISTS source_id, DROP COLUMN IF EXISTS source_url`.execute(db)
}
