// Kysely table types, written by hand to match migrations/ (STYLE C6).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
/** A timestamp the database defaults on insert. */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>
/** bigint comes back from pg as a string. */
type BigIntColumn = ColumnType<string, number | string | bigint, number | string | bigint>
type DateColumn = ColumnType<Date, Date | string, Date | string>
type Json<T> = ColumnType<T, string, string>

export interface VocabularyTermTable {
  vocabulary: string
  code: string
  uri: string
  label_fr: string
  label_en: string
}

export interface LicenceTable {
  id: string
  title: string
  url: string | null
  alternate_urls: ColumnType<string[], string[] | undefined, string[]>
  spdx_id: string | null
  eu_uri: string | null
  open: boolean
  /** ADMS licence types (`Attribution`, `ViralEffect-ShareAlike`…), for the feed. */
  adms_types: ColumnType<string[], string[] | undefined, string[]>
  created_at: CreatedAt
  updated_at: CreatedAt
}

export interface PublisherTable {
  id: string
  name: string
  type: string
  homepage: string | null
  email: string | null
  /** The CKAN organisation's UUID, kept when the publisher was imported. */
  ckan_id: ColumnType<string | null, string | null | undefined, string | null>
  created_at: CreatedAt
  updated_at: CreatedAt
}

export interface ContactPoint { name?: string, email?: string, url?: string }

export interface DatasetTable {
  id: Generated<string>
  seq: ColumnType<string, never, never>
  slug: string
  identifier: string | null
  publisher_id: string
  title: string
  description: Generated<string>
  keywords: ColumnType<string[], string[] | undefined, string[]>
  themes: ColumnType<string[], string[] | undefined, string[]>
  licence_id: string | null
  access_rights: Generated<string>
  frequency: string | null
  temporal_start: DateColumn | null
  temporal_end: DateColumn | null
  /** [west, south, east, north] in WGS84 degrees. */
  spatial_bbox: number[] | null
  spatial_uri: string | null
  landing_page: string | null
  contact_point: Json<ContactPoint> | null
  language: ColumnType<string[], string[] | undefined, string[]>
  conforms_to: ColumnType<string[], string[] | undefined, string[]>
  version: string | null
  issued: Timestamp | null
  modified: CreatedAt
  status: Generated<'draft' | 'published'>
  deleted_at: Timestamp | null
  search: ColumnType<string | null, never, never>
  created_at: CreatedAt
  updated_at: CreatedAt
}

export interface DistributionTable {
  id: Generated<string>
  dataset_id: string
  title: string
  description: string | null
  access_url: string | null
  download_url: string | null
  media_type: string | null
  format: string | null
  byte_size: BigIntColumn | null
  checksum_sha256: string | null
  licence_id: string | null
  file_key: string | null
  file_name: string | null
  issued: Timestamp | null
  modified: CreatedAt
  created_at: CreatedAt
  updated_at: CreatedAt
}

export interface ApiTokenTable {
  id: Generated<string>
  name: string
  role: 'admin' | 'editor'
  publisher_id: string | null
  secret_hash: string
  expires_at: Timestamp | null
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: CreatedAt
}

export interface DatasetChangeTable {
  id: Generated<string>
  dataset_id: string
  action: string
  token_id: string | null
  publisher_id: string | null
  summary: Json<Record<string, unknown>>
  at: CreatedAt
}

/** Written only by the datasets trigger of migration 0013. */
export interface FeedStatsTable {
  publisher_id: string
  published: number
  last_change: Timestamp | null
}

/** Per block of 50,000 seqs, the published datasets and their latest change, kept by triggers (migration 2026_12_10_0101). */
export interface SitemapBlockTable {
  block: string
  published: number
  last_change: Timestamp
}

/** Old slugs, recorded by a trigger when a dataset's slug changes (and by imports). */
export interface DatasetSlugAliasTable {
  slug: string
  dataset_id: string
  created_at: CreatedAt
}

export interface LegacyGroupTable {
  id: string
  name: string
  title: string
  description: Generated<string>
  image_url: string | null
  /** The CKAN site it was imported from, and its id there (null for groups imported before sources were kept). */
  source_url: string | null
  source_id: string | null
  created_at: CreatedAt
  updated_at: CreatedAt
}

export interface DatasetLegacyGroupTable {
  dataset_id: string
  group_id: string
}

export interface DatasetProvenanceTable {
  dataset_id: string
  source_kind: 'ckan' | 'dcat'
  source_url: string
  source_id: string
  fetched_at: Timestamp
  /** A hash of the source record, so a re-run can tell "unchanged" without comparing fields. */
  content_hash: string
  raw: Json<unknown>
}

export interface HarvestSourceTable {
  id: Generated<string>
  publisher_id: string
  kind: 'ckan' | 'dcat'
  url: string
  /** As registered: `manual`, `hourly`, `daily`, `weekly` or an ISO 8601 duration such as `PT6H`. */
  schedule: string
  /** The schedule's period; null for a manual source. */
  interval_seconds: number | null
  /** null for a manual source. */
  next_run_at: Timestamp | null
  created_at: CreatedAt
  updated_at: CreatedAt
}

export type HarvestRunStatus = 'queued' | 'running' | 'succeeded' | 'failed'

export interface HarvestRunTable {
  id: Generated<string>
  source_id: string
  trigger: 'manual' | 'schedule'
  status: ColumnType<HarvestRunStatus, HarvestRunStatus | undefined, HarvestRunStatus>
  attempts: Generated<number>
  /** The node holding a running run, until `lease_expires_at`. */
  worker: string | null
  lease_expires_at: Timestamp | null
  queued_at: CreatedAt
  started_at: Timestamp | null
  finished_at: Timestamp | null
  report: Json<unknown> | null
  error: string | null
  /** Started with ?force=true: withdraws even past HARVEST_WITHDRAW_MAX_SHARE. */
  force: Generated<boolean>
}

export interface HarvestedDatasetTable {
  dataset_id: string
  /** null once detached. */
  source_id: string | null
  detached_at: Timestamp | null
  /** Consecutive runs of its source that did not list it. */
  missing_runs: Generated<number>
}

export interface DB {
  vocabulary_terms: VocabularyTermTable
  licences: LicenceTable
  publishers: PublisherTable
  datasets: DatasetTable
  distributions: DistributionTable
  api_tokens: ApiTokenTable
  dataset_changes: DatasetChangeTable
  feed_stats: FeedStatsTable
  sitemap_blocks: SitemapBlockTable
  dataset_slug_aliases: DatasetSlugAliasTable
  legacy_groups: LegacyGroupTable
  dataset_legacy_groups: DatasetLegacyGroupTable
  dataset_provenance: DatasetProvenanceTable
  harvest_sources: HarvestSourceTable
  harvest_runs: HarvestRunTable
  harvested_datasets: HarvestedDatasetTable
}

export type PublisherRow = Selectable<PublisherTable>
export type LicenceRow = Selectable<LicenceTable>
export type DatasetRow = Selectable<DatasetTable>
export type NewDatasetRow = Insertable<DatasetTable>
export type DatasetUpdate = Updateable<DatasetTable>
export type DistributionRow = Selectable<DistributionTable>
export type NewDistributionRow = Insertable<DistributionTable>
export type ApiTokenRow = Selectable<ApiTokenTable>
export type VocabularyTermRow = Selectable<VocabularyTermTable>
export type HarvestSourceRow = Selectable<HarvestSourceTable>
export type HarvestRunRow = Selectable<HarvestRunTable>
