// Harvest sources (a town's own catalogue, fetched on a schedule into its publisher), their runs as a
// PostgreSQL job queue, and the link from a harvested dataset to its source. Frozen in time.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE harvest_sources (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    publisher_id text NOT NULL REFERENCES publishers (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('ckan', 'dcat')),
    url text NOT NULL UNIQUE,
    schedule text NOT NULL,
    interval_seconds integer CHECK (interval_seconds > 0),
    next_run_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db)
  await sql`CREATE INDEX harvest_sources_publisher ON harvest_sources (publisher_id)`.execute(db)
  await sql`CREATE INDEX harvest_sources_due ON harvest_sources (next_run_at) WHERE next_run_at IS NOT NULL`.execute(db)

  // One row per run; queued and running rows are the queue. A worker holds a running row by its lease.
  await sql`CREATE TABLE harvest_runs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    source_id uuid NOT NULL REFERENCES harvest_sources (id) ON DELETE CASCADE,
    trigger text NOT NULL CHECK (trigger IN ('manual', 'schedule')),
    status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    worker text,
    lease_expires_at timestamptz,
    queued_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    report jsonb,
    error text
  )`.execute(db)
  // At most one waiting and one running run per source, whatever the number of nodes.
  await sql`CREATE UNIQUE INDEX harvest_runs_one_queued ON harvest_runs (source_id) WHERE status = 'queued'`.execute(db)
  await sql`CREATE UNIQUE INDEX harvest_runs_one_running ON harvest_runs (source_id) WHERE status = 'running'`.execute(db)
  await sql`CREATE INDEX harvest_runs_queue ON harvest_runs (queued_at) WHERE status IN ('queued', 'running')`.execute(db)
  await sql`CREATE INDEX harvest_runs_source ON harvest_runs (source_id, queued_at DESC)`.execute(db)

  // A harvested dataset belongs to its source until detached; a detached one keeps its row (source null)
  // so later runs do not claim it again. A table of its own, so the importer's provenance writes never touch it.
  await sql`CREATE TABLE harvested_datasets (
    dataset_id uuid PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
    source_id uuid REFERENCES harvest_sources (id) ON DELETE CASCADE,
    detached_at timestamptz,
    CHECK ((source_id IS NULL) = (detached_at IS NOT NULL))
  )`.execute(db)
  await sql`CREATE INDEX harvested_datasets_source ON harvested_datasets (source_id) WHERE source_id IS NOT NULL`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS harvested_datasets`.execute(db)
  await sql`DROP TABLE IF EXISTS harvest_runs`.execute(db)
  await sql`DROP TABLE IF EXISTS harvest_sources`.execute(db)
}
