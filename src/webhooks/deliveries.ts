// Delivery rows: created by the fan-out or a ping, claimed by one node at a time under a lease (FOR UPDATE
// SKIP LOCKED; a lapsed lease is taken again, so a dead node's claims are not lost), each attempt logged.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { withWebhooks, type AttemptRow, type DeliveryRow, type DeliveryStatus } from './tables.js'

export interface NewDelivery { endpointId: string, eventSeq: string | null, type: string, body: string }

export async function insertDeliveries (db: Kysely<DB>, deliveries: readonly NewDelivery[]): Promise<DeliveryRow[]> {
  if (deliveries.length === 0) return []
  return withWebhooks(db).insertInto('webhook_deliveries')
    .values(deliveries.map(d => ({ endpoint_id: d.endpointId, event_seq: d.eventSeq, type: d.type, body: d.body })))
    .returningAll().execute()
}

/** Takes up to `limit` due deliveries of enabled endpoints for `leaseSeconds`. */
export async function claimDeliveries (db: Kysely<DB>, worker: string, leaseSeconds: number, limit: number): Promise<DeliveryRow[]> {
  const { rows } = await sql<DeliveryRow>`UPDATE webhook_deliveries SET lease_owner = ${worker},
      lease_expires_at = now() + make_interval(secs => ${leaseSeconds})
    WHERE id IN (
      SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
      WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND e.enabled
        AND (d.lease_expires_at IS NULL OR d.lease_expires_at < now())
      ORDER BY d.next_attempt_at LIMIT ${limit} FOR UPDATE OF d SKIP LOCKED
    ) RETURNING *`.execute(db)
  return rows
}

export interface Attempt { status: number | null, durationMs: number, responseBody: string | null, error: string | null }

/** What becomes of a delivery after an attempt: done, or pending again in `retryInMs`. */
export type Outcome = { status: Exclude<DeliveryStatus, 'pending'> } | { status: 'pending', retryInMs: number }

/**
 * Logs an attempt and, while `worker` still holds the delivery, records its outcome and releases it: one
 * statement, so both happen or neither, in one round trip.
 */
export async function recordAttempt (db: Kysely<DB>, delivery: DeliveryRow, worker: string, attempt: Attempt, outcome: Outcome): Promise<void> {
  const retryInMs = outcome.status === 'pending' ? outcome.retryInMs : 0
  await sql`WITH attempt AS (
      INSERT INTO webhook_attempts (delivery_id, status, duration_ms, response_body, error)
      VALUES (${delivery.id}, ${attempt.status}, ${attempt.durationMs}, ${attempt.responseBody}, ${attempt.error})
    )
    UPDATE webhook_deliveries SET status = ${outcome.status}, attempts = attempts + 1,
      next_attempt_at = now() + make_interval(secs => ${retryInMs / 1000}),
      lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
    WHERE id = ${delivery.id} AND lease_owner = ${worker}`.execute(db)
}

/** A position in an endpoint's deliveries: `created_at` as text keeps its microseconds, which a Date drops. */
export interface DeliveryKey { createdAt: string, id: string }

export interface DeliveryPage { rows: Array<DeliveryRow & { key: string }>, attempts: Map<string, AttemptRow[]>, more: boolean }

/** An endpoint's deliveries, newest first, after the keyset position `before`. */
export async function listDeliveries (
  db: Kysely<DB>, endpointId: string, before: DeliveryKey | undefined, limit: number
): Promise<DeliveryPage> {
  const w = withWebhooks(db)
  let query = w.selectFrom('webhook_deliveries').selectAll().select(sql<string>`created_at::text`.as('key'))
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1)
  if (before !== undefined) query = query.where(sql<boolean>`(created_at, id) < (${before.createdAt}::timestamptz, ${before.id}::uuid)`)
  const rows = await query.execute()
  const more = rows.length > limit
  const page = rows.slice(0, limit)
  const attempts = await attemptsOf(db, page.map(row => row.id))
  return { rows: page, attempts, more }
}

export async function findDelivery (db: Kysely<DB>, endpointId: string, id: string): Promise<DeliveryRow | undefined> {
  return withWebhooks(db).selectFrom('webhook_deliveries').selectAll()
    .where('endpoint_id', '=', endpointId).where('id', '=', id).executeTakeFirst()
}

export async function attemptsOf (db: Kysely<DB>, deliveryIds: readonly string[]): Promise<Map<string, AttemptRow[]>> {
  const byDelivery = new Map<string, AttemptRow[]>(deliveryIds.map(id => [id, []]))
  if (deliveryIds.length === 0) return byDelivery
  const rows = await withWebhooks(db).selectFrom('webhook_attempts').selectAll()
    .where('delivery_id', 'in', [...deliveryIds]).orderBy('id').execute()
  for (const row of rows) byDelivery.get(row.delivery_id)!.push(row)
  return byDelivery
}

/**
 * Sends deliveries again, with their webhook-id and body (an idempotent receiver may drop a message it
 * has): one by id, or every one of the endpoint created in [since, until). Returns those queued.
 */
export async function redeliver (
  db: Kysely<DB>, endpointId: string, which: { id: string } | { since: string, until: string }
): Promise<DeliveryRow[]> {
  let query = withWebhooks(db).updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: sql`now()`, updated_at: sql`now()` })
    .where('endpoint_id', '=', endpointId)
  query = 'id' in which
    ? query.where('id', '=', which.id)
    : query.where('created_at', '>=', new Date(which.since)).where('created_at', '<', new Date(which.until))
  return query.returningAll().execute()
}

/** Forgets attempts, and finished deliveries, older than `retentionDays`; returns how many rows went. */
export async function pruneDeliveries (db: Kysely<DB>, retentionDays: number): Promise<number> {
  const w = withWebhooks(db)
  const cutoff = sql<Date>`now() - make_interval(days => ${retentionDays})`
  const attempts = await w.deleteFrom('webhook_attempts').where('attempted_at', '<', cutoff).executeTakeFirst()
  const deliveries = await w.deleteFrom('webhook_deliveries')
    .where('status', '<>', 'pending').where('updated_at', '<', cutoff).executeTakeFirst()
  return Number(attempts.numDeletedRows) + Number(deliveries.numDeletedRows)
}
