// Planner statistics kept current after large writes: autovacuum analyses a table only once a minute
// at best, and a feed read right after 10,000 datasets were created ran 3× slower on plans made for an
// empty table (issue 15). PostgreSQL counts every table's changes since its last ANALYZE
// (pg_stat_user_tables.n_mod_since_analyze), whichever node or tool made them, so any node can check.
import { sql, type Kysely } from 'kysely'

export interface StaleThreshold {
  /** Changes always tolerated, so small tables are not analysed after every write. */
  rows: number
  /** And this share of the table's live rows (autovacuum's default is 0.1, checked once a minute). */
  fraction: number
}

export const STALE_THRESHOLD: StaleThreshold = { rows: 200, fraction: 0.05 }

// Held for the ANALYZE only: nodes that find it taken skip, the holder is analysing the same tables.
const LOCK = sql`hashtext('bastille-analyze')`

/**
 * Analyses the tables of the current schema changed beyond the threshold since their last ANALYZE.
 * @returns the tables analysed; none when another session holds the lock.
 */
export async function analyzeStaleTables (db: Kysely<any>, threshold: StaleThreshold = STALE_THRESHOLD): Promise<string[]> {
  const { rows } = await sql<{ table: string }>`SELECT relname AS table FROM pg_stat_user_tables
    WHERE schemaname = current_schema() AND n_mod_since_analyze > ${threshold.rows}::float8 + ${threshold.fraction}::float8 * n_live_tup
    ORDER BY relname`.execute(db)
  if (rows.length === 0) return []
  return await db.connection().execute(async connection => {
    const { rows: [lock] } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${LOCK}) AS locked`.execute(connection)
    if (lock?.locked !== true) return []
    try {
      for (const { table } of rows) await sql`ANALYZE ${sql.table(table)}`.execute(connection)
    } finally {
      await sql`SELECT pg_advisory_unlock(${LOCK})`.execute(connection)
    }
    return rows.map(row => row.table)
  })
}
