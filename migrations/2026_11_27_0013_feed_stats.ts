// Each publisher's feed count and latest change, kept by a trigger in the writing transaction, so a
// catalogue page reads a few rows instead of counting 50,000 datasets (SPEC §8: a page in < 50 ms).
// Frozen in time. The rule is summarizeFeed's: live published datasets are counted; a change to a
// dataset that is or was published, or is deleted, moves `last_change`.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE feed_stats (
    publisher_id text PRIMARY KEY REFERENCES publishers (id) ON DELETE CASCADE,
    published integer NOT NULL,
    last_change timestamptz
  )`.execute(db)
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
  // TRUNCATE fires no row trigger: the figures go with the rows.
  await sql`CREATE FUNCTION feed_stats_clear () RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM feed_stats;
      RETURN NULL;
    END $$`.execute(db)
  await sql`CREATE TRIGGER datasets_feed_stats_truncate AFTER TRUNCATE ON datasets
    FOR EACH STATEMENT EXECUTE FUNCTION feed_stats_clear()`.execute(db)
  await sql`INSERT INTO feed_stats
    SELECT publisher_id,
      count(*) FILTER (WHERE status = 'published' AND deleted_at IS NULL),
      max(greatest(updated_at, deleted_at)) FILTER (WHERE status = 'published' OR deleted_at IS NOT NULL)
    FROM datasets GROUP BY publisher_id`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS datasets_feed_stats_truncate ON datasets`.execute(db)
  await sql`DROP TRIGGER IF EXISTS datasets_feed_stats ON datasets`.execute(db)
  await sql`DROP FUNCTION IF EXISTS feed_stats_clear()`.execute(db)
  await sql`DROP FUNCTION IF EXISTS feed_stats_track()`.execute(db)
  await sql`DROP TABLE IF EXISTS feed_stats`.execute(db)
}
