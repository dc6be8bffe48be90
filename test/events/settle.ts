// On a shared PostgreSQL server, any transaction still open in any database holds the change log back
// (events are served only below the oldest running transaction). Tests wait for that, not for a time.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../src/db/types.js'

/** Resolves once every event committed so far can be served; throws after `tries` checks. */
export async function logSettled (db: Kysely<DB>, tries = 1500): Promise<void> {
  for (let i = 0; i < tries; i++) {
    const { rows: [row] } = await sql<{ settled: boolean }>`SELECT coalesce(max(xid) < pg_snapshot_xmin(pg_current_snapshot()), true) AS settled
      FROM events`.execute(db)
    if (row?.settled === true) return
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  throw new Error('the change log stayed held back by an open transaction')
}
