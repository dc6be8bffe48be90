// `GET /datasets?sort=-quality` in the order of an index: the dataset's seq is kept beside its score, so
// the scores table read backwards by (score, seq) yields a page and stops after `limit` rows, instead of
// computing and sorting the score of every live dataset (150–650 ms at 50,000, issue 15). A dataset's seq
// never changes (an identity column), so the copy cannot drift.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE dataset_quality ADD COLUMN seq bigint`.execute(db)
  await sql`UPDATE dataset_quality q SET seq = d.seq FROM datasets d WHERE d.id = q.dataset_id`.execute(db)
  await sql`ALTER TABLE dataset_quality ALTER COLUMN seq SET NOT NULL`.execute(db)
  // Unscored datasets sort below every score (-1), as src/db/search.ts orders them.
  await sql`CREATE INDEX dataset_quality_order ON dataset_quality ((coalesce(score, -1)), seq)`.execute(db)
  await sql`CREATE OR REPLACE FUNCTION dataset_quality_mark (target uuid) RETURNS void LANGUAGE sql AS $$
    INSERT INTO dataset_quality (dataset_id, seq) SELECT id, seq FROM datasets WHERE id = target
    ON CONFLICT (dataset_id) DO UPDATE SET stale = true, changed_at = now()
  $$`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`CREATE OR REPLACE FUNCTION dataset_quality_mark (target uuid) RETURNS void LANGUAGE sql AS $$
    INSERT INTO dataset_quality (dataset_id) SELECT id FROM datasets WHERE id = target
    ON CONFLICT (dataset_id) DO UPDATE SET stale = true, changed_at = now()
  $$`.execute(db)
  await sql`DROP INDEX IF EXISTS dataset_quality_order`.execute(db)
  await sql`ALTER TABLE dataset_quality DROP COLUMN IF EXISTS seq`.execute(db)
}
