// SQL for the failed-authentication counters: one fixed window per client key, shared by every node.
import { type Kysely, sql } from 'kysely'

export interface FailureWindow {
  /** Failures in the current window. */
  current: number
  /** Milliseconds until the window resets (0 when none is open). */
  ttl: number
}

const windowOf = (windowMs: number) => sql`make_interval(secs => ${windowMs / 1000})`

/** Counts one failure, opening a new window when the last one has ended, and drops ended windows. */
export async function incrementFailures (db: Kysely<any>, key: string, windowMs: number): Promise<FailureWindow> {
  const { rows } = await sql<{ count: number, ttl: number }>`
    INSERT INTO auth_failures AS f (key, count, window_start) VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN f.window_start <= now() - ${windowOf(windowMs)} THEN 1 ELSE f.count + 1 END,
      window_start = CASE WHEN f.window_start <= now() - ${windowOf(windowMs)} THEN now() ELSE f.window_start END
    RETURNING count, ceil(extract(epoch FROM f.window_start + ${windowOf(windowMs)} - now()) * 1000)::integer AS ttl`.execute(db)
  await sql`DELETE FROM auth_failures WHERE window_start <= now() - ${windowOf(windowMs)}`.execute(db)
  const row = rows[0]
  return { current: row?.count ?? 1, ttl: Math.max(0, row?.ttl ?? windowMs) }
}

/** The failures in the key's open window, without counting one. */
export async function readFailures (db: Kysely<any>, key: string, windowMs: number): Promise<FailureWindow> {
  const { rows } = await sql<{ count: number, ttl: number }>`
    SELECT count, ceil(extract(epoch FROM window_start + ${windowOf(windowMs)} - now()) * 1000)::integer AS ttl
    FROM auth_failures WHERE key = ${key} AND window_start > now() - ${windowOf(windowMs)}`.execute(db)
  const row = rows[0]
  return row === undefined ? { current: 0, ttl: 0 } : { current: row.count, ttl: Math.max(0, row.ttl) }
}
