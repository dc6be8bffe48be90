// Facet counts over 50,000 datasets without reading them: for each facet value, a bitmap of the live
// datasets that have it (bit `seq % 8192` of row `seq / 8192`), kept by triggers. A search ANDs the
// bitmaps of its filters and counts bits (bit_count). Frozen in time.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  // Facets as the API names them, plus `status`/`published` and `draft`/<publisher id>, which make up
  // what each reader may see. 8192 bits (1 KiB) keep each row small enough to stay uncompressed in line.
  await sql`CREATE TABLE facet_bitmaps (
    facet text NOT NULL,
    value text NOT NULL,
    chunk integer NOT NULL,
    bits bit(8192) NOT NULL,
    PRIMARY KEY (facet, value, chunk)
  )`.execute(db)
  await sql`CREATE TYPE facet_term AS (seq bigint, facet text, value text)`.execute(db)
  await sql`CREATE FUNCTION facet_chunk (seq bigint) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (seq / 8192)::integer $$`.execute(db)
  await sql`CREATE FUNCTION facet_bit (seq bigint) RETURNS bit(8192) LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT set_bit(B'0'::bit(8192), (seq % 8192)::integer, 1)::bit(8192) $$`.execute(db)

  // The terms of a dataset; a format counts once however many files have it. Columns rather than a row:
  // a whole-row argument to this inlined UNION makes PostgreSQL 15 and 17 fail to plan.
  await sql`CREATE FUNCTION facet_terms (seq bigint, id uuid, status text, publisher_id text, licence_id text, themes text[], keywords text[])
    RETURNS SETOF facet_term LANGUAGE sql STABLE AS $$
      SELECT seq, 'status', 'published' WHERE status = 'published'
      UNION ALL SELECT seq, 'draft', publisher_id WHERE status = 'draft'
      UNION ALL SELECT seq, 'publisher', publisher_id
      UNION ALL SELECT seq, 'licence', licence_id WHERE licence_id IS NOT NULL
      UNION ALL SELECT seq, 'theme', theme FROM unnest(themes) AS theme WHERE theme IS NOT NULL
      UNION ALL SELECT seq, 'keyword', keyword FROM unnest(keywords) AS keyword WHERE keyword IS NOT NULL
      UNION ALL SELECT DISTINCT facet_terms.seq, 'format', x.format FROM distributions x
        WHERE x.dataset_id = facet_terms.id AND x.format IS NOT NULL
  $$`.execute(db)
  // The terms of the live datasets in the table `rows` (a name: it goes into function bodies as SQL).
  const termsOf = (rows: string) => sql`ARRAY(SELECT t FROM ${sql.raw(rows)} d,
    facet_terms(d.seq, d.id, d.status, d.publisher_id, d.licence_id, d.themes, d.keywords) t WHERE d.deleted_at IS NULL)`

  // Sets the bits of `added` and clears those of `removed` in one upsert, in key order so that concurrent
  // writers lock rows in the same order; rows left empty go.
  await sql`CREATE FUNCTION facet_bitmaps_change (added facet_term[], removed facet_term[]) RETURNS void LANGUAGE sql AS $$
    WITH changes AS (
      SELECT facet, value, facet_chunk(seq) AS chunk,
        coalesce(bit_or(facet_bit(seq)) FILTER (WHERE plus), B'0'::bit(8192)) AS plus,
        coalesce(bit_or(facet_bit(seq)) FILTER (WHERE NOT plus), B'0'::bit(8192)) AS minus
      FROM (SELECT *, true AS plus FROM unnest(added) UNION ALL SELECT *, false FROM unnest(removed)) AS t
      GROUP BY 1, 2, 3
    )
    INSERT INTO facet_bitmaps AS b (facet, value, chunk, bits)
    SELECT facet, value, chunk, plus FROM changes ORDER BY facet, value, chunk
    ON CONFLICT (facet, value, chunk) DO UPDATE SET bits = (b.bits & ~(
      SELECT c.minus FROM changes c WHERE (c.facet, c.value, c.chunk) = (b.facet, b.value, b.chunk))) | excluded.bits;
    DELETE FROM facet_bitmaps b USING unnest(removed) AS r
    WHERE (b.facet, b.value, b.chunk) = (r.facet, r.value, facet_chunk(r.seq)) AND b.bits = B'0'::bit(8192);
  $$`.execute(db)

  // Dataset writes move the bits of the terms that changed. A hard delete clears the rows' bits everywhere,
  // as its distributions may already be gone.
  await sql`CREATE FUNCTION datasets_facet_bitmaps () RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      before facet_term[] := '{}';
      after facet_term[] := '{}';
    BEGIN
      IF TG_OP = 'DELETE' THEN
        UPDATE facet_bitmaps b SET bits = b.bits & ~m.mask
        FROM (SELECT facet_chunk(seq) AS chunk, bit_or(facet_bit(seq)) AS mask FROM old_rows GROUP BY 1) AS m
        WHERE b.chunk = m.chunk AND (b.bits & m.mask) <> B'0'::bit(8192);
        DELETE FROM facet_bitmaps WHERE chunk IN (SELECT facet_chunk(seq) FROM old_rows) AND bits = B'0'::bit(8192);
        RETURN NULL;
      END IF;
      IF TG_OP = 'UPDATE' THEN
        before := ${termsOf('old_rows')};
      END IF;
      after := ${termsOf('new_rows')};
      PERFORM facet_bitmaps_change(
        ARRAY(SELECT unnest(after) EXCEPT SELECT unnest(before)),
        ARRAY(SELECT unnest(before) EXCEPT SELECT unnest(after)));
      RETURN NULL;
    END $$`.execute(db)
  await transitionTriggers(db, 'datasets', 'datasets_facet_bitmaps')

  // Distribution writes bring the format bits of their datasets in line with the distributions left. The
  // dataset rows are locked first so that two writers on one dataset see each other's distributions.
  await sql`CREATE FUNCTION distributions_facet_bitmaps () RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      ids uuid[];
      wanted facet_term[];
      present facet_term[];
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ids := ARRAY(SELECT DISTINCT dataset_id FROM new_rows WHERE format IS NOT NULL);
      ELSIF TG_OP = 'DELETE' THEN
        ids := ARRAY(SELECT DISTINCT dataset_id FROM old_rows WHERE format IS NOT NULL);
      ELSE
        ids := ARRAY(SELECT DISTINCT unnest(ARRAY[o.dataset_id, n.dataset_id]) FROM old_rows o JOIN new_rows n USING (id)
          WHERE o.format IS DISTINCT FROM n.format OR o.dataset_id <> n.dataset_id);
      END IF;
      IF cardinality(ids) = 0 THEN
        RETURN NULL;
      END IF;
      PERFORM 1 FROM datasets WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;
      wanted := ARRAY(SELECT DISTINCT (d.seq, 'format', x.format)::facet_term
        FROM datasets d JOIN distributions x ON x.dataset_id = d.id
        WHERE d.id = ANY (ids) AND d.deleted_at IS NULL AND x.format IS NOT NULL);
      present := ARRAY(SELECT (d.seq, 'format', b.value)::facet_term
        FROM datasets d JOIN facet_bitmaps b ON b.facet = 'format' AND b.chunk = facet_chunk(d.seq)
        WHERE d.id = ANY (ids) AND get_bit(b.bits, (d.seq % 8192)::integer) = 1);
      PERFORM facet_bitmaps_change(
        ARRAY(SELECT unnest(wanted) EXCEPT SELECT unnest(present)),
        ARRAY(SELECT unnest(present) EXCEPT SELECT unnest(wanted)));
      RETURN NULL;
    END $$`.execute(db)
  await transitionTriggers(db, 'distributions', 'distributions_facet_bitmaps')

  // TRUNCATE fires no delete trigger.
  await sql`CREATE FUNCTION facet_bitmaps_truncate () RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM facet_bitmaps WHERE TG_TABLE_NAME = 'datasets' OR facet = 'format';
      RETURN NULL;
    END $$`.execute(db)
  for (const table of ['datasets', 'distributions']) {
    await sql`CREATE TRIGGER ${sql.id(`${table}_facet_bitmaps_truncate`)} AFTER TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION facet_bitmaps_truncate()`.execute(db)
  }

  await sql`SELECT facet_bitmaps_change(${termsOf('datasets')}, '{}')`.execute(db)
}

/** Transition tables need one trigger per event: `<table>_facet_bitmaps_<event>`, each calling `fn`. */
async function transitionTriggers (db: Kysely<any>, table: string, fn: string): Promise<void> {
  const referencing = { insert: 'NEW TABLE AS new_rows', update: 'OLD TABLE AS old_rows NEW TABLE AS new_rows', delete: 'OLD TABLE AS old_rows' }
  for (const [event, tables] of Object.entries(referencing)) {
    await sql`CREATE TRIGGER ${sql.id(`${table}_facet_bitmaps_${event}`)} AFTER ${sql.raw(event.toUpperCase())} ON ${sql.table(table)}
      REFERENCING ${sql.raw(tables)} FOR EACH STATEMENT EXECUTE FUNCTION ${sql.id(fn)}()`.execute(db)
  }
}

export async function down (db: Kysely<any>): Promise<void> {
  for (const table of ['datasets', 'distributions']) {
    for (const event of ['insert', 'update', 'delete', 'truncate']) {
      await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_facet_bitmaps_${event}`)} ON ${sql.table(table)}`.execute(db)
    }
  }
  for (const fn of ['facet_bitmaps_truncate', 'distributions_facet_bitmaps', 'datasets_facet_bitmaps', 'facet_bitmaps_change', 'facet_terms', 'facet_bit', 'facet_chunk']) {
    await sql`DROP FUNCTION IF EXISTS ${sql.id(fn)}`.execute(db)
  }
  await sql`DROP TYPE IF EXISTS facet_term`.execute(db)
  await sql`DROP TABLE IF EXISTS facet_bitmaps`.execute(db)
}
