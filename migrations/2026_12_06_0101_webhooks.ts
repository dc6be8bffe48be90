// Webhooks (issue 17): the endpoints publishers and admins register, the deliveries fanned out from the
// change log (one per event and endpoint), the log of every attempt, and the fan-out's position in the log.
// Frozen in time.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  // publisher_id null: an admin's endpoint, which receives every publisher's events.
  await sql`CREATE TABLE webhook_endpoints (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    publisher_id text REFERENCES publishers (id) ON DELETE CASCADE,
    url text NOT NULL,
    description text,
    event_types text[] NOT NULL,
    secret text NOT NULL,
    previous_secret text,
    previous_secret_until timestamptz,
    enabled boolean NOT NULL DEFAULT true,
    disabled_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db)
  await sql`CREATE INDEX webhook_endpoints_publisher ON webhook_endpoints (publisher_id)`.execute(db)

  // The body is kept as sent, so every retry carries the same bytes; the id is the message's webhook-id.
  await sql`CREATE TABLE webhook_deliveries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_seq bigint,
    type text NOT NULL,
    body text NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_owner text,
    lease_expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db)
  await sql`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`.execute(db)
  await sql`CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC, id DESC)`.execute(db)
  await sql`CREATE INDEX webhook_deliveries_updated ON webhook_deliveries (updated_at) WHERE status <> 'pending'`.execute(db)

  await sql`CREATE TABLE webhook_attempts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    status integer,
    duration_ms integer NOT NULL,
    response_body text,
    error text
  )`.execute(db)
  await sql`CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id)`.execute(db)
  await sql`CREATE INDEX webhook_attempts_attempted ON webhook_attempts (attempted_at)`.execute(db)

  // One row: the position in the change log up to which events have become deliveries. Starts at the
  // end of the log as it is now: no endpoint exists yet to receive older events.
  await sql`CREATE TABLE webhook_fanout (
    id smallint PRIMARY KEY CHECK (id = 1),
    after_xid xid8 NOT NULL,
    after_seq bigint NOT NULL
  )`.execute(db)
  await sql`INSERT INTO webhook_fanout (id, after_xid, after_seq) VALUES (1, pg_snapshot_xmin(pg_current_snapshot()), 0)`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS webhook_fanout`.execute(db)
  await sql`DROP TABLE IF EXISTS webhook_attempts`.execute(db)
  await sql`DROP TABLE IF EXISTS webhook_deliveries`.execute(db)
  await sql`DROP TABLE IF EXISTS webhook_endpoints`.execute(db)
}
