// feed_stats moves once per publisher and statement, not once per row. A statement that wrote 1,000 rows
// of one publisher left 1,000 versions of its feed_stats row, which VACUUM cannot take back while the live
// one sits at the end of the file: after a bulk load of a million datasets, six rows filled 59 MB and
// every catalogue page spent 11 ms reading them. The rule stays summarizeFeed's (migration 0013).
// Frozen in time.
import { type Kysely, sql } from 'kysely'

const EVENTS = { insert: 'NEW TABLE AS new_rows', update: 'OLD TABLE AS old_rows NEW TABLE AS new_rows', delete: 'OLD TABLE AS old_rows' }

export async function up (db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER datasets_feed_stats ON datasets`.execute(db)
  await sql`DROP FUNCTION feed_stats_track()`.execute(db)
  // A row counts when it is live and published; it moves last_change when it is or was published, or
  // is deleted. An update's departure from the old row's publisher happens at the new row's time.
  await sql`CREATE FUNCTION feed_stats_change () RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      deltas feed_stats[];
    BEGIN
      IF TG_OP = 'INSERT' THEN
        deltas := ARRAY(SELECT (publisher_id, (status = 'published' AND deleted_at IS NULL)::int, greatest(updated_at, deleted_at))::feed_stats
          FROM new_rows WHERE status = 'published' OR deleted_at IS NOT NULL);
      ELSIF TG_OP = 'DELETE' THEN
        deltas := ARRAY(SELECT (publisher_id, -(status = 'published' AND deleted_at IS NULL)::int, now())::feed_stats
          FROM old_rows WHERE status = 'published' OR deleted_at IS NOT NULL);
      ELSE
        deltas := ARRAY(
          SELECT (o.publisher_id, -(o.status = 'published' AND o.deleted_at IS NULL)::int, greatest(n.updated_at, n.deleted_at))::feed_stats
          FROM old_rows o JOIN new_rows n USING (id) WHERE o.status = 'published' OR o.deleted_at IS NOT NULL
          UNION ALL
          SELECT (publisher_id, (status = 'published' AND deleted_at IS NULL)::int, greatest(updated_at, deleted_at))::feed_stats
          FROM new_rows WHERE status = 'published' OR deleted_at IS NOT NULL);
      END IF;
      -- In publisher order, so that concurrent writers lock the rows in the same order.
      INSERT INTO feed_stats AS s (publisher_id, published, last_change)
      SELECT publisher_id, sum(published)::int, max(last_change) FROM unnest(deltas) GROUP BY publisher_id ORDER BY publisher_id
      ON CONFLICT (publisher_id) DO UPDATE
        SET published = s.published + EXCLUDED.published, last_change = greatest(s.last_change, EXCLUDED.last_change);
      RETURN NULL;
    END $$`.execute(db)
  for (const [event, tables] of Object.entries(EVENTS)) {
    await sql`CREATE TRIGGER ${sql.id(`datasets_feed_stats_${event}`)} AFTER ${sql.raw(event.toUpperCase())} ON datasets
      REFERENCING ${sql.raw(tables)} FOR EACH STATEMENT EXECUTE FUNCTION feed_stats_change()`.execute(db)
  }
  // TRUNCATE gives the table a new file: the old versions go with it. The figures are counted again.
  await sql`TRUNCATE feed_stats`.execute(db)
  await sql`INSERT INTO feed_stats
    SELECT publisher_id,
      count(*) FILTER (WHERE status = 'published' AND deleted_at IS NULL),
      max(greatest(updated_at, deleted_at)) FILTER (WHERE status = 'published' OR deleted_at IS NOT NULL)
    FROM datasets GROUP BY publisher_id`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  for (const event of Object.keys(EVENTS)) await sql`DROP TRIGGER IF EXISTS ${sql.id(`datasets_feed_stats_${event}`)} ON datasets`.execute(db)
  await sql`DROP FUNCTION IF EXISTS feed_stats_change()`.execute(db)
  await sql`CREATE FUNCTION feed_stats_track () RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      was_live boolean := TG_OP <> 'INSERT' AND OLD.status = 'published' AND OLD.deleted_at IS NULL;
      is_live boolean := TG_OP <> 'DELETE' AND NEW.status = 'published' AND NEW.deleted_at IS NULL;
      was_shown boolean := TG_OP <> 'INSERT' AND (OLD.status = 'published' OR OLD.deleted_at IS NOT NULL);
      is_shown boolean := TG_OP <> 'DELETE' AND (NEW.status = 'published' OR NEW.deleted_at IS NOT NULL);
      changed timestamptz := CASE WHEN TG_OP = 'DELETE' THEN now() ELSE greatest(NEW.updated_at, NEW.deleted_at) END;
    BEGIN
      IF was_live OR was_shown THEN
        INSERT INTO feed_stats AS s VALUES (OLD.publisher_id, -was_live::int, changed)
        ON CONFLICT (publisher_id) DO UPDATE
          SET published = s.published + EXCLUDED.published, last_change = greatest(s.last_change, EXCLUDED.last_change);
      END IF;
      IF is_live OR is_shown THEN
        INSERT INTO feed_stats AS s VALUES (NEW.publisher_id, is_live::int, changed)
        ON CONFLICT (publisher_id) DO UPDATE
          SET published = s.published + EXCLUDED.published, last_change = greatest(s.last_change, EXCLUDED.last_change);
      END IF;
      RETURN NULL;
    END $$`.execute(db)
  await sql`CREATE TRIGGER datasets_feed_stats AFTER INSERT OR UPDATE OR DELETE ON datasets
    FOR EACH ROW EXECUTE FUNCTION feed_stats_track()`.execute(db)
}
