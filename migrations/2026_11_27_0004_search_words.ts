// Search support for 50,000 datasets: the word list that corrects typos ("transprot" → "transport")
// by trigram similarity, kept by a trigger, and the indexes the keyset-paged list sorts on. Frozen in time.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE search_words (word text PRIMARY KEY)`.execute(db)
  await sql`CREATE INDEX search_words_trgm ON search_words USING gin (word gin_trgm_ops)`.execute(db)
  // Lowercase, unaccented words of titles and keywords; words are never removed (a stale one only
  // suggests a correction that finds nothing).
  await sql`CREATE FUNCTION datasets_search_words () RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_words (word)
        SELECT DISTINCT w FROM regexp_split_to_table(
          lower(unaccent(NEW.title || ' ' || array_to_string(NEW.keywords, ' '))), '[^a-z0-9]+') AS w
        WHERE length(w) BETWEEN 3 AND 40
        ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$`.execute(db)
  await sql`CREATE TRIGGER datasets_search_words AFTER INSERT OR UPDATE OF title, keywords ON datasets
    FOR EACH ROW EXECUTE FUNCTION datasets_search_words()`.execute(db)
  await sql`INSERT INTO search_words (word)
    SELECT DISTINCT w FROM datasets, regexp_split_to_table(
      lower(unaccent(title || ' ' || array_to_string(keywords, ' '))), '[^a-z0-9]+') AS w
    WHERE length(w) BETWEEN 3 AND 40
    ON CONFLICT DO NOTHING`.execute(db)

  // Keyset paging of live datasets by each sort key, with seq breaking ties.
  await sql`CREATE INDEX datasets_live_modified ON datasets (modified, seq) WHERE deleted_at IS NULL`.execute(db)
  await sql`CREATE INDEX datasets_live_title ON datasets (title, seq) WHERE deleted_at IS NULL`.execute(db)
  await sql`CREATE INDEX datasets_live_seq ON datasets (seq) WHERE deleted_at IS NULL`.execute(db)
  await sql`CREATE INDEX datasets_licence ON datasets (licence_id) WHERE deleted_at IS NULL`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  for (const index of ['datasets_live_modified', 'datasets_live_title', 'datasets_live_seq', 'datasets_licence']) {
    await sql`DROP INDEX IF EXISTS ${sql.id(index)}`.execute(db)
  }
  await sql`DROP TRIGGER IF EXISTS datasets_search_words ON datasets`.execute(db)
  await sql`DROP FUNCTION IF EXISTS datasets_search_words`.execute(db)
  await sql`DROP TABLE IF EXISTS search_words`.execute(db)
}
