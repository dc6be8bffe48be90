// The feed's count and Last-Modified read only this index (an index-only scan), not the whole table.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX datasets_feed_summary ON datasets (publisher_id) INCLUDE (status, deleted_at, modified, updated_at)`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS datasets_feed_summary`.execute(db)
}
