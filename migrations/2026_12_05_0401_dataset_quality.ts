// Metadata quality (issue 18): each dataset's stored MQA score, marked stale by triggers on every write
// of the dataset or its distributions (in the writing transaction) and recomputed by the quality job or
// on the next read; and the URL checks of the background link checker, a PostgreSQL job table. Frozen in time.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE dataset_quality (
    dataset_id uuid PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
    stale boolean NOT NULL DEFAULT true,
    changed_at timestamptz NOT NULL DEFAULT now(),
    score smallint,
    band text CHECK (band IN ('excellent', 'good', 'sufficient', 'bad')),
    report jsonb,
    computed_at timestamptz
  )`.execute(db)
  await sql`CREATE INDEX dataset_quality_stale ON dataset_quality (changed_at) WHERE stale`.execute(db)
  await sql`CREATE INDEX dataset_quality_score ON dataset_quality (score, dataset_id)`.execute(db)
  await sql`CREATE INDEX dataset_quality_band ON dataset_quality (band)`.execute(db)

  // A dataset write, or a write of one of its distributions, makes its score stale. The dataset may be
  // going away in the same statement (a cascade): then there is nothing to mark.
  await sql`CREATE FUNCTION dataset_quality_mark (target uuid) RETURNS void LANGUAGE sql AS $$
    INSERT INTO dataset_quality (dataset_id) SELECT id FROM datasets WHERE id = target
    ON CONFLICT (dataset_id) DO UPDATE SET stale = true, changed_at = now()
  $$`.execute(db)
  // Two trigger functions: a row's fields are resolved when the statement runs, so one for both tables fails.
  await sql`CREATE FUNCTION dataset_quality_dataset_written () RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM dataset_quality_mark(NEW.id);
      RETURN NULL;
    END $$`.execute(db)
  await sql`CREATE FUNCTION dataset_quality_distribution_written () RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN PERFORM dataset_quality_mark(OLD.dataset_id); END IF;
      IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.dataset_id <> OLD.dataset_id) THEN PERFORM dataset_quality_mark(NEW.dataset_id); END IF;
      RETURN NULL;
    END $$`.execute(db)
  await sql`CREATE TRIGGER datasets_quality AFTER INSERT OR UPDATE ON datasets
    FOR EACH ROW EXECUTE FUNCTION dataset_quality_dataset_written()`.execute(db)
  await sql`CREATE TRIGGER distributions_quality AFTER INSERT OR UPDATE OR DELETE ON distributions
    FOR EACH ROW EXECUTE FUNCTION dataset_quality_distribution_written()`.execute(db)
  await sql`INSERT INTO dataset_quality (dataset_id) SELECT id FROM datasets`.execute(db)

  // One row per external URL a distribution names; the checker claims due rows with SKIP LOCKED. A claim
  // pushes next_check_at by a lease, so a row whose node died is simply due again later.
  await sql`CREATE TABLE quality_url_checks (
    url text PRIMARY KEY,
    host text NOT NULL,
    status integer,
    detail text,
    checked_at timestamptz,
    next_check_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db)
  await sql`CREATE INDEX quality_url_checks_due ON quality_url_checks (next_check_at)`.execute(db)
  // Which datasets name which URL, written when a dataset is scored: a changed check makes those stale.
  await sql`CREATE TABLE quality_dataset_urls (
    dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    url text NOT NULL,
    PRIMARY KEY (dataset_id, url)
  )`.execute(db)
  await sql`CREATE INDEX quality_dataset_urls_url ON quality_dataset_urls (url)`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS quality_dataset_urls`.execute(db)
  await sql`DROP TABLE IF EXISTS quality_url_checks`.execute(db)
  await sql`DROP TRIGGER IF EXISTS distributions_quality ON distributions`.execute(db)
  await sql`DROP TRIGGER IF EXISTS datasets_quality ON datasets`.execute(db)
  await sql`DROP FUNCTION IF EXISTS dataset_quality_distribution_written()`.execute(db)
  await sql`DROP FUNCTION IF EXISTS dataset_quality_dataset_written()`.execute(db)
  await sql`DROP FUNCTION IF EXISTS dataset_quality_mark(uuid)`.execute(db)
  await sql`DROP TABLE IF EXISTS dataset_quality`.execute(db)
}
