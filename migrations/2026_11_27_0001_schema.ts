// The catalogue's tables. Frozen in time: later changes go in new migrations.
import { type Kysely, sql } from 'kysely'

const timestamps = sql`created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()`

export async function up (db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db)
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db)
  // French stemming that ignores accents: "mobilité" and "mobilite" index alike.
  await sql`CREATE TEXT SEARCH CONFIGURATION fr_unaccent (COPY = french)`.execute(db)
  await sql`ALTER TEXT SEARCH CONFIGURATION fr_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem`.execute(db)

  await sql`CREATE TABLE vocabulary_terms (
    vocabulary text NOT NULL,
    code text NOT NULL,
    uri text NOT NULL,
    label_fr text NOT NULL,
    label_en text NOT NULL,
    PRIMARY KEY (vocabulary, code)
  )`.execute(db)

  await sql`CREATE TABLE licences (
    id text PRIMARY KEY,
    title text NOT NULL,
    url text,
    alternate_urls text[] NOT NULL DEFAULT '{}',
    spdx_id text,
    eu_uri text,
    open boolean NOT NULL,
    ${timestamps}
  )`.execute(db)

  await sql`CREATE TABLE publishers (
    id text PRIMARY KEY,
    name text NOT NULL,
    type text NOT NULL,
    homepage text,
    email text,
    ${timestamps}
  )`.execute(db)

  await sql`CREATE TABLE datasets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    slug text NOT NULL,
    identifier text,
    publisher_id text NOT NULL REFERENCES publishers (id),
    title text NOT NULL,
    description text NOT NULL DEFAULT '',
    keywords text[] NOT NULL DEFAULT '{}',
    themes text[] NOT NULL DEFAULT '{}',
    licence_id text REFERENCES licences (id),
    access_rights text NOT NULL DEFAULT 'PUBLIC',
    frequency text,
    temporal_start date,
    temporal_end date,
    spatial_bbox double precision[],
    spatial_uri text,
    landing_page text,
    contact_point jsonb,
    language text[] NOT NULL DEFAULT '{}',
    conforms_to text[] NOT NULL DEFAULT '{}',
    version text,
    issued timestamptz,
    modified timestamptz NOT NULL DEFAULT now(),
    status text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published')),
    deleted_at timestamptz,
    search tsvector,
    ${timestamps}
  )`.execute(db)
  // A deleted dataset keeps its row (GET answers 410) but frees its slug.
  await sql`CREATE UNIQUE INDEX datasets_slug_live ON datasets (slug) WHERE deleted_at IS NULL`.execute(db)
  await sql`CREATE INDEX datasets_slug ON datasets (slug)`.execute(db)
  await sql`CREATE INDEX datasets_publisher ON datasets (publisher_id, seq)`.execute(db)
  await sql`CREATE INDEX datasets_modified ON datasets (modified, id)`.execute(db)
  await sql`CREATE INDEX datasets_search ON datasets USING gin (search)`.execute(db)
  await sql`CREATE INDEX datasets_keywords ON datasets USING gin (keywords)`.execute(db)
  await sql`CREATE INDEX datasets_themes ON datasets USING gin (themes)`.execute(db)
  await sql`CREATE FUNCTION datasets_search_vector () RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.search :=
        setweight(to_tsvector('fr_unaccent', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('fr_unaccent', array_to_string(NEW.keywords, ' ')), 'B') ||
        setweight(to_tsvector('fr_unaccent', coalesce(NEW.description, '')), 'C');
      RETURN NEW;
    END $$`.execute(db)
  await sql`CREATE TRIGGER datasets_search_vector BEFORE INSERT OR UPDATE ON datasets
    FOR EACH ROW EXECUTE FUNCTION datasets_search_vector()`.execute(db)

  await sql`CREATE TABLE distributions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    title text NOT NULL,
    description text,
    access_url text,
    download_url text,
    media_type text,
    format text,
    byte_size bigint,
    checksum_sha256 text,
    licence_id text REFERENCES licences (id),
    file_key text,
    file_name text,
    issued timestamptz,
    modified timestamptz NOT NULL DEFAULT now(),
    ${timestamps}
  )`.execute(db)
  await sql`CREATE INDEX distributions_dataset ON distributions (dataset_id, created_at, id)`.execute(db)
  await sql`CREATE INDEX distributions_format ON distributions (format, dataset_id)`.execute(db)

  await sql`CREATE TABLE api_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    role text NOT NULL CHECK (role IN ('admin', 'editor')),
    publisher_id text REFERENCES publishers (id) ON DELETE CASCADE,
    secret_hash text NOT NULL UNIQUE,
    expires_at timestamptz,
    last_used_at timestamptz,
    revoked_at timestamptz,
    created_by uuid,
    ${timestamps},
    CHECK ((role = 'admin') = (publisher_id IS NULL))
  )`.execute(db)

  await sql`CREATE TABLE dataset_changes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    action text NOT NULL,
    token_id uuid,
    publisher_id text,
    summary jsonb NOT NULL DEFAULT '{}',
    at timestamptz NOT NULL DEFAULT now()
  )`.execute(db)
  await sql`CREATE INDEX dataset_changes_dataset ON dataset_changes (dataset_id, id)`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  for (const table of ['dataset_changes', 'api_tokens', 'distributions', 'datasets', 'publishers', 'licences', 'vocabulary_terms']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db)
  }
  await sql`DROP FUNCTION IF EXISTS datasets_search_vector`.execute(db)
  await sql`DROP TEXT SEARCH CONFIGURATION IF EXISTS fr_unaccent`.execute(db)
}
