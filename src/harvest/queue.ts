// The harvest job queue in PostgreSQL: due sources become queued runs once (whatever the number of
// nodes), a worker claims a run with FOR UPDATE SKIP LOCKED and holds it by a lease it renews, and a run
// whose lease lapsed (its node died) is queued again or, after too many attempts, failed.
import { sql, type Kysely } from 'kysely'
import type { DB, HarvestRunRow } from '../db/types.js'

const UNIQUE_VIOLATION = '23505'
// A literal, not a parameter: PostgreSQL infers the partial unique index from the predicate's text.
const QUEUED = sql<boolean>`status = 'queued'`
const isUniqueViolation = (err: unknown): boolean => (err as { code?: string }).code === UNIQUE_VIOLATION

/** Queues a run for every source whose time has come and moves its next time on; returns the runs queued. */
export async function enqueueDue (db: Kysely<DB>, limit = 100): Promise<number> {
  return db.transaction().execute(async trx => {
    // SKIP LOCKED: a source another node is advancing right now is that node's to queue.
    const due = await sql<{ id: string }>`
      UPDATE harvest_sources SET next_run_at = now() + make_interval(secs => interval_seconds)
      WHERE id IN (
        SELECT id FROM harvest_sources WHERE next_run_at <= now() ORDER BY next_run_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
      )
      RETURNING id`.execute(trx)
    if (due.rows.length === 0) return 0
    // A source that already has a run waiting does not get a second one.
    const queued = await trx.insertInto('harvest_runs')
      .values(due.rows.map(({ id }) => ({ source_id: id, trigger: 'schedule' as const })))
      .onConflict(oc => oc.column('source_id').where(QUEUED).doNothing())
      .returning('id')
      .execute()
    return queued.length
  })
}

/** Queues a run now, or returns the one already waiting for this source (forced too when `force`). */
export async function queueRun (db: Kysely<DB>, sourceId: string, force = false): Promise<{ run: HarvestRunRow, created: boolean }> {
  const inserted = await db.insertInto('harvest_runs')
    .values({ source_id: sourceId, trigger: 'manual', force })
    .onConflict(oc => oc.column('source_id').where(QUEUED).doNothing())
    .returningAll()
    .executeTakeFirst()
  if (inserted !== undefined) return { run: inserted, created: true }
  let waiting = db.updateTable('harvest_runs').where('source_id', '=', sourceId).where('status', '=', 'queued')
  if (force) waiting = waiting.set({ force: true })
  else waiting = waiting.set({ force: sql<boolean>`force` })
  const run = await waiting.returningAll().executeTakeFirst()
  // The waiting run may have been claimed in between: then queue again.
  return run === undefined ? queueRun(db, sourceId, force) : { run, created: false }
}

/**
 * Takes the oldest queued run of a source that has none running, for `leaseSeconds`; undefined when there is none.
 */
export async function claimRun (db: Kysely<DB>, worker: string, leaseSeconds: number): Promise<HarvestRunRow | undefined> {
  // harvest_runs_one_running backs the NOT EXISTS up: a second running run of a source is refused, not started.
  const claimed = await sql<HarvestRunRow>`
    UPDATE harvest_runs SET status = 'running', worker = ${worker}, attempts = attempts + 1, started_at = now(),
      lease_expires_at = now() + make_interval(secs => ${leaseSeconds})
    WHERE id = (
      SELECT r.id FROM harvest_runs r
      WHERE r.status = 'queued'
        AND NOT EXISTS (SELECT 1 FROM harvest_runs x WHERE x.source_id = r.source_id AND x.status = 'running')
      ORDER BY r.queued_at LIMIT 1 FOR UPDATE SKIP LOCKED
    )
    RETURNING *`.execute(db)
  return claimed.rows[0]
}

/** Extends a held lease; false when this worker no longer holds the run (lease lapsed and taken back). */
export async function renewLease (db: Kysely<DB>, runId: string, worker: string, leaseSeconds: number): Promise<boolean> {
  const result = await db.updateTable('harvest_runs')
    .set({ lease_expires_at: sql`now() + make_interval(secs => ${leaseSeconds})` })
    .where('id', '=', runId).where('worker', '=', worker).where('status', '=', 'running')
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Records the outcome of a held run; false when the worker no longer held it. */
export async function finishRun (
  db: Kysely<DB>, runId: string, worker: string, outcome: { status: 'succeeded' | 'failed', report?: unknown, error?: string }
): Promise<boolean> {
  const result = await db.updateTable('harvest_runs')
    .set({
      status: outcome.status,
      finished_at: sql`now()`,
      lease_expires_at: null,
      report: outcome.report === undefined ? null : JSON.stringify(outcome.report),
      error: outcome.error ?? null
    })
    .where('id', '=', runId).where('worker', '=', worker).where('status', '=', 'running')
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Puts a held run back in the queue (this node is stopping); failed instead when another run already waits. */
export async function releaseRun (db: Kysely<DB>, runId: string, worker: string): Promise<void> {
  const held = (query: ReturnType<typeof db.updateTable<'harvest_runs'>>) =>
    query.where('id', '=', runId).where('worker', '=', worker).where('status', '=', 'running')
  try {
    await held(db.updateTable('harvest_runs'))
      .set({ status: 'queued', worker: null, lease_expires_at: null, started_at: null, attempts: sql`attempts - 1` })
      .execute()
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    await held(db.updateTable('harvest_runs'))
      .set({ status: 'failed', finished_at: sql`now()`, lease_expires_at: null, error: 'Interrupted by a node stopping; a newer run is queued' })
      .execute()
  }
}

/**
 * Runs whose lease lapsed (their node died or lost the database): queued again while attempts remain and
 * no other run waits, else failed. Returns how many were requeued and failed.
 */
export async function reapExpired (db: Kysely<DB>, maxAttempts: number): Promise<{ requeued: number, failed: number }> {
  const failed = await sql`
    UPDATE harvest_runs r SET status = 'failed', finished_at = now(), lease_expires_at = null,
      error = 'The node running it stopped responding (lease expired) after ' || attempts || ' attempt(s)'
    WHERE status = 'running' AND lease_expires_at < now()
      AND (attempts >= ${maxAttempts} OR EXISTS (SELECT 1 FROM harvest_runs q WHERE q.source_id = r.source_id AND q.status = 'queued'))`
    .execute(db)
  // A run queued for the same source between the two statements makes this one fail on
  // harvest_runs_one_queued; the worker logs it and the next pass fails the lapsed run by the rule above.
  const requeued = await sql`
    UPDATE harvest_runs SET status = 'queued', worker = null, lease_expires_at = null, started_at = null
    WHERE status = 'running' AND lease_expires_at < now()`.execute(db)
  return { requeued: Number(requeued.numAffectedRows ?? 0n), failed: Number(failed.numAffectedRows ?? 0n) }
}
