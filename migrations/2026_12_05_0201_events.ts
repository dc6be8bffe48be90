// The change log (issue 17): an append-only outbox written in the transaction of every change, read by
// GET /changes and the Atom feeds, and pruned past the retention window by a job PostgreSQL hands out.
// Frozen in time.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  // `xid` is the writing transaction: readers serve only events of transactions older than every one still
  // running, in (xid, seq) order, so an event can never commit behind a position a reader has passed.
  await sql`CREATE TABLE events (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    type text NOT NULL,
    entity text NOT NULL CHECK (entity IN ('dataset', 'distribution', 'publisher', 'licence')),
    entity_id text NOT NULL,
    publisher_id text,
    public boolean NOT NULL,
    state text,
    occurred_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db)
  await sql`CREATE INDEX events_position ON events (xid, seq)`.execute(db)
  await sql`CREATE INDEX events_entity ON events (entity_id, seq)`.execute(db)
  await sql`CREATE INDEX events_occurred ON events (occurred_at)`.execute(db)

  // One row: when pruning is next due, and the last position pruned (older cursors answer 410).
  await sql`CREATE TABLE event_pruning (
    id smallint PRIMARY KEY CHECK (id = 1),
    next_run_at timestamptz NOT NULL DEFAULT now(),
    pruned_xid xid8,
    pruned_seq bigint
  )`.execute(db)
  await sql`INSERT INTO event_pruning (id) VALUES (1)`.execute(db)

  // Publishers and licences are written outside transactions by several paths (routes, importer, demo):
  // a row trigger is the one place every such write passes, in its own statement's transaction.
  await sql`CREATE FUNCTION record_registry_event () RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      kind text := CASE TG_TABLE_NAME WHEN 'publishers' THEN 'publisher' ELSE 'licence' END;
      row_id text;
      verb text;
    BEGIN
      IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) - 'updated_at') = (to_jsonb(NEW) - 'updated_at') THEN
        RETURN NULL;
      END IF;
      row_id := CASE TG_OP WHEN 'DELETE' THEN OLD.id ELSE NEW.id END;
      verb := CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END;
      INSERT INTO events (type, entity, entity_id, publisher_id, public)
        VALUES (kind || '.' || verb, kind, row_id, CASE kind WHEN 'publisher' THEN row_id END, true);
      RETURN NULL;
    END $$`.execute(db)
  await sql`CREATE TRIGGER publishers_events AFTER INSERT OR UPDATE OR DELETE ON publishers
    FOR EACH ROW EXECUTE FUNCTION record_registry_event()`.execute(db)
  await sql`CREATE TRIGGER licences_events AFTER INSERT OR UPDATE OR DELETE ON licences
    FOR EACH ROW EXECUTE FUNCTION record_registry_event()`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS licences_events ON licences`.execute(db)
  await sql`DROP TRIGGER IF EXISTS publishers_events ON publishers`.execute(db)
  await sql`DROP FUNCTION IF EXISTS record_registry_event()`.execute(db)
  await sql`DROP TABLE IF EXISTS event_pruning`.execute(db)
  await sql`DROP TABLE IF EXISTS events`.execute(db)
}
