// Failed-authentication counters shared by every node (AUTH_RATE_LIMIT_STORE=postgres). Frozen in time.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  // Disposable counters: UNLOGGED skips the write-ahead log; a crash merely resets them.
  await sql`CREATE UNLOGGED TABLE auth_failures (
    key text PRIMARY KEY,
    count integer NOT NULL,
    window_start timestamptz NOT NULL
  )`.execute(db)
  await sql`CREATE INDEX auth_failures_window ON auth_failures (window_start)`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS auth_failures`.execute(db)
}
