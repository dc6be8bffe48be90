// The importer's SQL: provenance, legacy groups, and rows written with the ids the source gave them
// (the API's own inserts let the database choose ids).
import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { DatasetValues } from '../db/datasets.js'
import type { DistributionValues } from '../db/distributions.js'
import type { FileColumns } from '../db/files.js'
import type { DB } from '../db/types.js'

/** What provenance.raw holds: the source's record, and how its parts map to Bastille's rows. */
export interface ProvenanceRaw {
  source: unknown
  /** Source distribution key → Bastille distribution id. */
  distributions: Record<string, string>
  /** Source distribution key → marker of the file stored for it. */
  files: Record<string, string>
  /** What a re-run needs to report the dataset unchanged without reading it again (absent in older records). */
  summary?: ProvenanceSummary
}

export interface ProvenanceSummary {
  /** The source's change stamp when imported (CKAN metadata_modified). */
  modified: string | null
  /** The import's fingerprint then (ImportContext.fingerprint). */
  fingerprint: string | null
  title: string
  /** The distributions written, with the URL of the file stored for each. */
  distributions: Array<{ sourceId: string, file?: string }>
}

export interface Provenance {
  dataset_id: string
  source_id: string
  content_hash: string
  raw: ProvenanceRaw
}

export async function findProvenance (db: Kysely<DB>, sourceUrl: string, sourceId: string): Promise<Provenance | undefined> {
  const row = await db.selectFrom('dataset_provenance').select(['dataset_id', 'source_id', 'content_hash', 'raw'])
    .where('source_url', '=', sourceUrl).where('source_id', '=', sourceId).executeTakeFirst()
  return row === undefined ? undefined : { ...row, raw: row.raw as ProvenanceRaw }
}

/** The source an existing dataset was imported from, if any. */
export async function provenanceOf (db: Kysely<DB>, datasetId: string): Promise<{ source_url: string, source_id: string } | undefined> {
  return await db.selectFrom('dataset_provenance').select(['source_url', 'source_id']).where('dataset_id', '=', datasetId).executeTakeFirst()
}

/** Live datasets imported from this source: Bastille id and the source's key. */
export async function sourceDatasets (db: Kysely<DB>, sourceUrl: string): Promise<Array<{ dataset_id: string, source_id: string }>> {
  return await db.selectFrom('dataset_provenance')
    .innerJoin('datasets', 'datasets.id', 'dataset_provenance.dataset_id')
    .select(['dataset_provenance.dataset_id', 'dataset_provenance.source_id'])
    .where('dataset_provenance.source_url', '=', sourceUrl).where('datasets.deleted_at', 'is', null)
    .execute()
}

export interface ProvenanceRow { datasetId: string, kind: 'ckan' | 'dcat', sourceUrl: string, sourceId: string, hash: string, raw: ProvenanceRaw }

export async function saveProvenances (db: Kysely<DB>, rows: ProvenanceRow[]): Promise<void> {
  if (rows.length === 0) return
  await db.insertInto('dataset_provenance').values(rows.map(row => ({
    dataset_id: row.datasetId,
    source_kind: row.kind,
    source_url: row.sourceUrl,
    source_id: row.sourceId,
    fetched_at: sql<Date>`now()`,
    content_hash: row.hash,
    raw: JSON.stringify(row.raw)
  })))
    .onConflict(oc => oc.column('dataset_id').doUpdateSet(eb => ({
      source_kind: eb.ref('excluded.source_kind'),
      source_url: eb.ref('excluded.source_url'),
      source_id: eb.ref('excluded.source_id'),
      fetched_at: eb.ref('excluded.fetched_at'),
      content_hash: eb.ref('excluded.content_hash'),
      raw: eb.ref('excluded.raw')
    })))
    .execute()
}

/** Whether any row, live or deleted, has this id. */
export async function datasetIdTaken (db: Kysely<DB>, id: string): Promise<boolean> {
  return (await db.selectFrom('datasets').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
}

export async function distributionIdTaken (db: Kysely<DB>, id: string): Promise<boolean> {
  return (await db.selectFrom('distributions').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
}

/** Dataset columns, with `modified` from the source when it has one (never in the future). */
function datasetColumns (values: DatasetValues, modified: string | null) {
  return {
    ...values,
    contact_point: values.contact_point === null ? null : JSON.stringify(values.contact_point),
    modified: modified === null ? sql<Date>`now()` : sql<Date>`least(${modified}::timestamptz, now())`,
    updated_at: sql<Date>`now()`
  }
}

/** One statement for many rows: the tables' statement-level triggers (facet bitmaps) then run once. */
export async function insertImportedDatasets (db: Kysely<DB>, rows: Array<{ id: string, values: DatasetValues, modified: string | null }>): Promise<void> {
  if (rows.length === 0) return
  await db.insertInto('datasets').values(rows.map(row => ({ id: row.id, ...datasetColumns(row.values, row.modified) }))).execute()
}

export async function updateImportedDataset (db: Kysely<DB>, id: string, values: DatasetValues, modified: string | null): Promise<void> {
  await db.updateTable('datasets').set(datasetColumns(values, modified)).where('id', '=', id).execute()
}

export type ImportedDistributionColumns = DistributionValues & Partial<Pick<FileColumns, 'file_key' | 'file_name'>> & { modified: string | null }

function distributionColumns<T extends ImportedDistributionColumns> (values: T) {
  const { modified, ...rest } = values
  return {
    ...rest,
    modified: modified === null ? sql<Date>`now()` : sql<Date>`least(${modified}::timestamptz, now())`,
    updated_at: sql<Date>`now()`
  }
}

/** `position` orders the distributions as the source does (the API lists them by created_at, id). */
export async function insertImportedDistributions (db: Kysely<DB>, rows: Array<{ row: ImportedDistributionColumns & { id: string, dataset_id: string }, position: number }>): Promise<void> {
  if (rows.length === 0) return
  await db.insertInto('distributions').values(rows.map(({ row, position }) => ({
    ...distributionColumns(row),
    created_at: sql<Date>`now() + ${position} * interval '1 millisecond'`
  }))).execute()
}

export async function updateImportedDistribution (db: Kysely<DB>, id: string, row: ImportedDistributionColumns): Promise<void> {
  await db.updateTable('distributions').set(distributionColumns(row)).where('id', '=', id).execute()
}

export interface LegacyGroup { id: string, name: string, title: string, description: string, image_url: string | null }

/**
 * Inserts or updates a source's group; `dryRun` only says which it would do. A group is this source's by
 * (source URL, source id); its CKAN UUID and name are kept when no other group has them, else it gets a
 * new id and the first free `name-2`, `name-3`… (`renamed` says so).
 */
export async function upsertLegacyGroup (
  db: Kysely<DB>, source: { url: string, id: string }, group: LegacyGroup, dryRun: boolean
): Promise<{ outcome: 'created' | 'updated' | 'unchanged', id: string, name: string, renamed?: string }> {
  const columns = ['id', 'name', 'title', 'description', 'image_url', 'source_url'] as const
  const ours = await db.selectFrom('legacy_groups').select(columns).where('source_url', '=', source.url).where('source_id', '=', source.id).executeTakeFirst() ??
    // Imported before groups knew their source: the same UUID is taken to be the same group.
    await db.selectFrom('legacy_groups').select(columns).where('id', '=', group.id).where('source_url', 'is', null).executeTakeFirst()
  if (ours !== undefined) {
    const values = { title: group.title, description: group.description, image_url: group.image_url }
    const same = ours.source_url !== null && ours.title === values.title && ours.description === values.description && ours.image_url === values.image_url
    if (same) return { outcome: 'unchanged', id: ours.id, name: ours.name }
    if (!dryRun) {
      await db.updateTable('legacy_groups').set({ ...values, source_url: source.url, source_id: source.id, updated_at: sql`now()` }).where('id', '=', ours.id).execute()
    }
    return { outcome: 'updated', id: ours.id, name: ours.name }
  }
  const idTaken = await db.selectFrom('legacy_groups').select('id').where('id', '=', group.id).executeTakeFirst() !== undefined
  const names = new Set((await db.selectFrom('legacy_groups').select('name')
    .where(eb => eb.or([eb('name', '=', group.name), eb('name', 'like', `${group.name.replace(/[\\%_]/g, '\\$&')}-%`)])).execute()).map(row => row.name))
  let name = group.name
  for (let n = 2; names.has(name); n++) name = `${group.name}-${n}`
  const id = idTaken ? randomUUID() : group.id
  if (!dryRun) await db.insertInto('legacy_groups').values({ ...group, id, name, source_url: source.url, source_id: source.id }).execute()
  return { outcome: 'created', id, name, ...(name === group.name ? {} : { renamed: name }) }
}

/** Replaces the legacy groups of these datasets, in two statements. */
export async function setDatasetsGroups (db: Kysely<DB>, memberships: Array<{ datasetId: string, groupIds: readonly string[] }>): Promise<void> {
  if (memberships.length === 0) return
  await db.deleteFrom('dataset_legacy_groups').where('dataset_id', 'in', memberships.map(m => m.datasetId)).execute()
  const rows = memberships.flatMap(m => [...new Set(m.groupIds)].map(groupId => ({ dataset_id: m.datasetId, group_id: groupId })))
  if (rows.length > 0) await db.insertInto('dataset_legacy_groups').values(rows).execute()
}
