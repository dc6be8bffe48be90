// Facet counts read every value's bitmap of the chunks a search touches: found by (facet, chunk), not by
// walking every value of the primary key (facet, value, chunk) once per chunk. At a million datasets the
// keyword facet (123 chunks × 123 values) took 150–170 ms without this index and 50 ms with it.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX facet_bitmaps_chunk ON facet_bitmaps (facet, chunk)`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS facet_bitmaps_chunk`.execute(db)
}
