// Reading and pruning the change log. Only events of transactions older than every transaction still
// running are served (their xid below the snapshot's xmin): later commits then always land after any
// position already handed out, whatever order their sequence numbers were drawn in.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import type { Position } from './cursor.js'

export interface EventRow {
  seq: string
  xid: string
  type: string
  entity: 'dataset' | 'distribution' | 'publisher' | 'licence'
  entity_id: string
  publisher_id: string | null
  public: boolean
  occurred_at: Date
}

/** Who reads: everyone sees public events; a publisher's editors also its drafts'; admins everything. */
export type EventReader = { all: true } | { all: false, publisherId: string | null }

export interface EventFilter {
  reader: EventReader
  publisher?: string | undefined
  types?: readonly string[] | undefined
}

function conditions (filter: EventFilter): ReturnType<typeof sql> {
  const { reader, publisher, types } = filter
  const visible = reader.all ? sql`true` : reader.publisherId === null ? sql`public` : sql`(public OR publisher_id = ${reader.publisherId})`
  const byPublisher = publisher === undefined ? sql`true` : sql`publisher_id = ${publisher}`
  const byType = types === undefined || types.length === 0 ? sql`true` : sql`type = ANY(${[...types]}::text[])`
  return sql`${visible} AND ${byPublisher} AND ${byType} AND xid < pg_snapshot_xmin(pg_current_snapshot())`
}

/** The events after `after`, oldest first. */
export async function eventsAfter (db: Kysely<DB>, after: Position, filter: EventFilter, limit: number): Promise<EventRow[]> {
  const { rows } = await sql<EventRow>`SELECT seq::text AS seq, xid::text AS xid, type, entity, entity_id, publisher_id, public, occurred_at
    FROM events WHERE (xid, seq) > (${after.xid}::xid8, ${after.seq}::bigint) AND ${conditions(filter)}
    ORDER BY xid, seq LIMIT ${limit}`.execute(db)
  return rows
}

/** The latest events, newest first (for feed readers). */
export async function latestEvents (db: Kysely<DB>, filter: EventFilter, limit: number): Promise<EventRow[]> {
  const { rows } = await sql<EventRow>`SELECT seq::text AS seq, xid::text AS xid, type, entity, entity_id, publisher_id, public, occurred_at
    FROM events WHERE ${conditions(filter)} ORDER BY xid DESC, seq DESC LIMIT ${limit}`.execute(db)
  return rows
}

/** The position after every event a reader may be served now, and before every later one. */
export async function headPosition (db: Kysely<DB>): Promise<Position> {
  const { rows: [row] } = await sql<{ xid: string }>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xid`.execute(db)
  return { xid: row!.xid, seq: '0' }
}

/** The last position pruned: a cursor before it may have missed events. */
export async function prunedThrough (db: Kysely<DB>): Promise<Position | null> {
  const { rows: [row] } = await sql<{ xid: string | null, seq: string | null }>`SELECT pruned_xid::text AS xid, pruned_seq::text AS seq
    FROM event_pruning WHERE id = 1`.execute(db)
  return row?.xid == null || row.seq == null ? null : { xid: row.xid, seq: row.seq }
}

/**
 * Prunes events older than the retention window when the pruning job is due, on whichever node claims it
 * first (FOR UPDATE SKIP LOCKED); `force` ignores the schedule. Returns the number of events removed, or null
 * when another node holds the job or it is not due.
 */
export async function pruneEvents (db: Kysely<DB>, retentionDays: number, everySeconds: number, force = false): Promise<number | null> {
  return await db.transaction().execute(async trx => {
    const { rows: [job] } = await sql<{ id: number }>`SELECT id FROM event_pruning
      WHERE id = 1 AND (${force} OR next_run_at <= now()) FOR UPDATE SKIP LOCKED`.execute(trx)
    if (job === undefined) return null
    const { rows: [gone] } = await sql<{ count: string, xid: string | null, seq: string | null }>`WITH gone AS (
        DELETE FROM events WHERE occurred_at < now() - make_interval(days => ${retentionDays}) RETURNING xid, seq
      ), last AS (SELECT xid, seq FROM gone ORDER BY xid DESC, seq DESC LIMIT 1)
      SELECT (SELECT count(*) FROM gone)::text AS count, (SELECT xid::text FROM last) AS xid, (SELECT seq::text FROM last) AS seq`.execute(trx)
    await sql`UPDATE event_pruning SET next_run_at = now() + make_interval(secs => ${everySeconds}),
      pruned_xid = COALESCE(${gone?.xid ?? null}::xid8, pruned_xid), pruned_seq = COALESCE(${gone?.seq ?? null}::bigint, pruned_seq)
      WHERE id = 1`.execute(trx)
    return Number(gone?.count ?? 0)
  })
}
