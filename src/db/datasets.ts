// Dataset rows: lookup by id or slug, writes that move `modified` only when the content changes, soft delete.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import type { ContactPoint, DB, DatasetRow } from './types.js'

/** A dataset row as the API needs it: dates as `YYYY-MM-DD` text, no search vector. */
export type DatasetRecord = Omit<DatasetRow, 'temporal_start' | 'temporal_end' | 'search'> & {
  temporal_start: string | null
  temporal_end: string | null
}

/** The columns a client controls, normalised so that two equal contents compare equal as JSON. */
export interface DatasetValues {
  slug: string
  identifier: string | null
  publisher_id: string
  title: string
  description: string
  keywords: string[]
  themes: string[]
  licence_id: string | null
  access_rights: string
  frequency: string | null
  temporal_start: string | null
  temporal_end: string | null
  spatial_bbox: number[] | null
  spatial_uri: string | null
  landing_page: string | null
  contact_point: ContactPoint | null
  language: string[]
  conforms_to: string[]
  version: string | null
  issued: string | null
  status: 'draft' | 'published'
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Adds the columns of a DatasetRecord to a query on `datasets`. */
export function selectDataset<O> (query: SelectQueryBuilder<DB, 'datasets', O>): SelectQueryBuilder<DB, 'datasets', O & DatasetRecord> {
  return query.select([
    'datasets.id', 'datasets.seq', 'datasets.slug', 'datasets.identifier', 'datasets.publisher_id', 'datasets.title',
    'datasets.description', 'datasets.keywords', 'datasets.themes', 'datasets.licence_id', 'datasets.access_rights',
    'datasets.frequency', 'datasets.spatial_bbox', 'datasets.spatial_uri', 'datasets.landing_page', 'datasets.contact_point',
    'datasets.language', 'datasets.conforms_to', 'datasets.version', 'datasets.issued', 'datasets.modified', 'datasets.status',
    'datasets.deleted_at', 'datasets.created_at', 'datasets.updated_at',
    sql<string | null>`datasets.temporal_start::text`.as('temporal_start'),
    sql<string | null>`datasets.temporal_end::text`.as('temporal_end')
  ]) as unknown as SelectQueryBuilder<DB, 'datasets', O & DatasetRecord>
}

/**
 * The dataset an id or slug names: the live one, else the most recently deleted one (so the caller
 * can answer 410), else undefined. `forUpdate` locks the row for the rest of the transaction.
 */
export async function findDataset (db: Kysely<DB>, idOrSlug: string, forUpdate = false): Promise<DatasetRecord | undefined> {
  let query = selectDataset(db.selectFrom('datasets'))
  query = UUID.test(idOrSlug)
    ? query.where('datasets.id', '=', idOrSlug.toLowerCase())
    : query.where('datasets.slug', '=', idOrSlug).orderBy(sql`deleted_at IS NULL`, 'desc').orderBy('datasets.deleted_at', 'desc')
  if (forUpdate) query = query.forUpdate()
  return query.limit(1).executeTakeFirst()
}

/** Normalised client-controlled content of a stored row, comparable with a DatasetValues built from input. */
export function datasetValuesOf (row: DatasetRecord): DatasetValues {
  const cp = row.contact_point
  return {
    slug: row.slug,
    identifier: row.identifier,
    publisher_id: row.publisher_id,
    title: row.title,
    description: row.description,
    keywords: row.keywords,
    themes: row.themes,
    licence_id: row.licence_id,
    access_rights: row.access_rights,
    frequency: row.frequency,
    temporal_start: row.temporal_start,
    temporal_end: row.temporal_end,
    spatial_bbox: row.spatial_bbox === null ? null : row.spatial_bbox.map(Number),
    spatial_uri: row.spatial_uri,
    landing_page: row.landing_page,
    contact_point: cp === null ? null : { name: cp.name ?? null, email: cp.email ?? null, url: cp.url ?? null } as ContactPoint,
    language: row.language,
    conforms_to: row.conforms_to,
    version: row.version,
    issued: row.issued === null ? null : new Date(row.issued).toISOString(),
    status: row.status
  }
}

function columns (values: DatasetValues) {
  return { ...values, contact_point: values.contact_point === null ? null : JSON.stringify(values.contact_point) }
}

export async function insertDataset (db: Kysely<DB>, values: DatasetValues): Promise<DatasetRecord> {
  const { id } = await db.insertInto('datasets').values(columns(values)).returning('id').executeTakeFirstOrThrow()
  return (await findDataset(db, id))!
}

/** Names of the fields that differ between two contents (empty: nothing to write). */
export function changedFields (before: DatasetValues, after: DatasetValues): string[] {
  return (Object.keys(after) as Array<keyof DatasetValues>)
    .filter(key => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
}

/** Replaces the content and moves `modified`; callers skip it when changedFields() is empty. */
export async function updateDataset (db: Kysely<DB>, id: string, values: DatasetValues): Promise<DatasetRecord> {
  await db.updateTable('datasets')
    .set({ ...columns(values), modified: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id).execute()
  return (await findDataset(db, id))!
}

/** Marks the dataset deleted: it leaves every list and its slug becomes free. */
export async function softDeleteDataset (db: Kysely<DB>, id: string): Promise<void> {
  await db.updateTable('datasets').set({ deleted_at: sql`now()`, updated_at: sql`now()` }).where('id', '=', id).execute()
}

/** A distribution changed: the dataset's content changed too. */
export async function touchDatasetModified (db: Kysely<DB>, datasetId: string): Promise<void> {
  await db.updateTable('datasets').set({ modified: sql`now()`, updated_at: sql`now()` }).where('id', '=', datasetId).execute()
}

/** `base`, or `base-2`, `base-3`… : the first slug no live dataset uses. */
export async function freeSlug (db: Kysely<DB>, base: string): Promise<string> {
  const taken = new Set((await db.selectFrom('datasets').select('slug')
    .where('deleted_at', 'is', null)
    .where(eb => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base.replace(/[\\%_]/g, '\\$&')}-%`)]))
    .execute()).map(row => row.slug))
  let candidate = base
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`
  return candidate
}

/** Whether a live dataset other than `exceptId` uses the slug. */
export async function slugTaken (db: Kysely<DB>, slug: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom('datasets').select('id').where('slug', '=', slug).where('deleted_at', 'is', null)
  if (exceptId !== null) query = query.where('id', '<>', exceptId)
  return (await query.executeTakeFirst()) !== undefined
}
