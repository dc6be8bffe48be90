// The sitemap index's figures per block of 50,000 seqs (SITEMAP_LIMIT in src/web/queries.ts), kept by
// statement triggers as feed_stats is: the index counted and dated every published dataset on each
// request, 0.85 to 2.2 s at a million datasets. A block's last change is that of the latest dataset
// that is or was published in it, so a dataset that leaves the sitemap moves it too.
// Frozen in time.
import { type Kysely, sql } from 'kysely'

// TRUNCATE fires no delete trigger and has no transition table: the figures go with the rows.
const EVENTS = { insert: 'REFERENCING NEW TABLE AS new_rows', update: 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows', delete: 'REFERENCING OLD TABLE AS old_rows', truncate: '' }

/** The rule of the sitemap: a row is listed when it is published and live. */
const listed = (row: string) => sql.raw(`(${row}.status = 'published' AND ${row}.deleted_at IS NULL)`)

export async function up (db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE sitemap_blocks (
    block bigint PRIMARY KEY,
    published integer NOT NULL,
    last_change timestamptz NOT NULL
  )`.execute(db)
  // seq never changes, so a row's old and new versions are in the same block.
  await sql`CREATE FUNCTION sitemap_blocks_change () RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      deltas sitemap_blocks[];
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM sitemap_blocks;
        RETURN NULL;
      ELSIF TG_OP = 'INSERT' THEN
        deltas := ARRAY(SELECT (seq / 50000, 1, greatest(updated_at, modified))::sitemap_blocks
          FROM new_rows WHERE ${listed('new_rows')});
      ELSIF TG_OP = 'DELETE' THEN
        deltas := ARRAY(SELECT (seq / 50000, -1, now())::sitemap_blocks
          FROM old_rows WHERE ${listed('old_rows')});
      ELSE
        deltas := ARRAY(
          SELECT (n.seq / 50000,
            ${listed('n')}::int - ${listed('o')}::int,
            greatest(n.updated_at, n.modified, n.deleted_at))::sitemap_blocks
          FROM old_rows o JOIN new_rows n USING (id)
          WHERE ${listed('o')} OR ${listed('n')});
      END IF;
      -- In block order, so that concurrent writers lock the rows in the same order.
      INSERT INTO sitemap_blocks AS s (block, published, last_change)
      SELECT block, sum(published)::int, max(last_change) FROM unnest(deltas) GROUP BY block ORDER BY block
      ON CONFLICT (block) DO UPDATE
        SET published = s.published + EXCLUDED.published, last_change = greatest(s.last_change, EXCLUDED.last_change);
      RETURN NULL;
    END $$`.execute(db)
  for (const [event, tables] of Object.entries(EVENTS)) {
    await sql`CREATE TRIGGER ${sql.id(`datasets_sitemap_blocks_${event}`)} AFTER ${sql.raw(event.toUpperCase())} ON datasets
      ${sql.raw(tables)} FOR EACH STATEMENT EXECUTE FUNCTION sitemap_blocks_change()`.execute(db)
  }
  await sql`INSERT INTO sitemap_blocks
    SELECT seq / 50000, count(*), max(greatest(updated_at, modified))
    FROM datasets WHERE ${listed('datasets')} GROUP BY 1`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  for (const event of Object.keys(EVENTS)) await sql`DROP TRIGGER IF EXISTS ${sql.id(`datasets_sitemap_blocks_${event}`)} ON datasets`.execute(db)
  await sql`DROP FUNCTION IF EXISTS sitemap_blocks_change()`.execute(db)
  await sql`DROP TABLE IF EXISTS sitemap_blocks`.execute(db)
}
