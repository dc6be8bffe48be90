// What a CKAN portal's clients and importers know a record by, kept beside Bastille's own ids:
// organisation UUIDs, old slugs, legacy groups, and where an imported dataset came from. Frozen in time.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  // The CKAN organisation's UUID when the publisher was imported; the CKAN layer derives one otherwise.
  await sql`ALTER TABLE publishers ADD COLUMN ckan_id uuid UNIQUE`.execute(db)

  // Every slug a dataset was known by, so old links and `package_show?id=<old name>` still find it.
  await sql`CREATE TABLE dataset_slug_aliases (
    slug text PRIMARY KEY,
    dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db)
  await sql`CREATE INDEX dataset_slug_aliases_dataset ON dataset_slug_aliases (dataset_id)`.execute(db)
  await sql`CREATE FUNCTION dataset_slug_renamed () RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO dataset_slug_aliases (slug, dataset_id) VALUES (OLD.slug, OLD.id)
        ON CONFLICT (slug) DO UPDATE SET dataset_id = EXCLUDED.dataset_id, created_at = now();
      RETURN NEW;
    END $$`.execute(db)
  await sql`CREATE TRIGGER dataset_slug_renamed AFTER UPDATE OF slug ON datasets
    FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug) EXECUTE FUNCTION dataset_slug_renamed()`.execute(db)

  // CKAN groups that have no EU theme of their own, kept so the old portal's group pages still list them.
  await sql`CREATE TABLE legacy_groups (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE,
    title text NOT NULL,
    description text NOT NULL DEFAULT '',
    image_url text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db)
  await sql`CREATE TABLE dataset_legacy_groups (
    dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    group_id uuid NOT NULL REFERENCES legacy_groups (id) ON DELETE CASCADE,
    PRIMARY KEY (dataset_id, group_id)
  )`.execute(db)
  await sql`CREATE INDEX dataset_legacy_groups_group ON dataset_legacy_groups (group_id, dataset_id)`.execute(db)

  // Where an imported or harvested dataset came from, with the source's record as it was fetched.
  await sql`CREATE TABLE dataset_provenance (
    dataset_id uuid PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
    source_kind text NOT NULL CHECK (source_kind IN ('ckan', 'dcat')),
    source_url text NOT NULL,
    source_id text NOT NULL,
    fetched_at timestamptz NOT NULL,
    content_hash text NOT NULL,
    raw jsonb NOT NULL,
    UNIQUE (source_url, source_id)
  )`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  for (const table of ['dataset_provenance', 'dataset_legacy_groups', 'legacy_groups', 'dataset_slug_aliases']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db)
  }
  await sql`DROP TRIGGER IF EXISTS dataset_slug_renamed ON datasets`.execute(db)
  await sql`DROP FUNCTION IF EXISTS dataset_slug_renamed`.execute(db)
  await sql`ALTER TABLE publishers DROP COLUMN IF EXISTS ckan_id`.execute(db)
}
