// The OAI-PMH records of the catalogue: every published dataset, and as a deleted record every dataset
// that left the public (unpublished or deleted) while the change log still holds its tombstone. Drafts
// that were never public have no public event and never appear. Pages are a keyset on `seq`, which never
// changes: edits keep a dataset in place, new ones land at the end, so a walk sees each dataset once.
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { DB } from '../db/types.js'
import type { DateRange } from './dates.js'

export interface RecordRow {
  id: string
  seq: string
  publisher_id: string
  themes: string[]
  /** Published and not deleted; otherwise a deleted record. */
  live: boolean
  datestamp: Date
}

export interface RecordFilter extends DateRange {
  set: string | null
}

/** Datasets in a set: `publisher`, `publisher:<id>`, `theme`, `theme:<code>`; an unknown set holds nothing. */
function inSet (set: string | null): RawBuilder<boolean> {
  if (set === null || set === 'publisher') return sql<boolean>`true`
  if (set === 'theme') return sql<boolean>`cardinality(d.themes) > 0`
  const [kind, value, ...rest] = set.split(':')
  if (rest.length > 0 || value === undefined) return sql<boolean>`false`
  if (kind === 'publisher') return sql<boolean>`d.publisher_id = ${value}`
  if (kind === 'theme') return sql<boolean>`d.themes @> ARRAY[${value}]::text[]`
  return sql<boolean>`false`
}

/**
 * A live record's datestamp moves with any change to what it serialises: the dataset and its
 * distributions (their writes touch the dataset) and its publisher. A deleted record's is its tombstone.
 */
function records (filter: RecordFilter, after: string | null): RawBuilder<RecordRow> {
  return sql<RecordRow>`SELECT r.id, r.seq, r.publisher_id, r.themes, r.live, r.datestamp FROM (
      SELECT d.id::text AS id, d.seq::text AS seq, d.seq AS position, d.publisher_id, d.themes,
        (d.status = 'published' AND d.deleted_at IS NULL) AS live,
        CASE WHEN d.status = 'published' AND d.deleted_at IS NULL THEN greatest(d.updated_at, p.updated_at)
          ELSE (SELECT max(e.occurred_at) FROM events e WHERE e.entity = 'dataset' AND e.entity_id = d.id::text AND e.public) END AS datestamp
      FROM datasets d JOIN publishers p ON p.id = d.publisher_id
      WHERE ${after === null ? sql`true` : sql`d.seq > ${after}::bigint`} AND ${inSet(filter.set)}
    ) r
    WHERE r.datestamp IS NOT NULL
      AND ${filter.from === null ? sql`true` : sql`r.datestamp >= ${filter.from}`}
      AND ${filter.before === null ? sql`true` : sql`r.datestamp < ${filter.before}`}`
}

/** Up to `limit` records after the one with seq `after`, in seq order. */
export async function recordPage (db: Kysely<DB>, filter: RecordFilter, after: string | null, limit: number): Promise<RecordRow[]> {
  const { rows } = await sql<RecordRow>`${records(filter, after)} ORDER BY r.position LIMIT ${limit}`.execute(db)
  return rows
}

export async function countRecords (db: Kysely<DB>, filter: RecordFilter): Promise<number> {
  const { rows: [row] } = await sql<{ count: string | number }>`SELECT count(*) AS count FROM (${records(filter, null)}) c`.execute(db)
  return Number(row?.count ?? 0)
}

/** One record by dataset id, or undefined when it is not (or no longer) a record. */
export async function findRecord (db: Kysely<DB>, id: string): Promise<RecordRow | undefined> {
  const { rows: [row] } = await sql<RecordRow>`${records({ set: null, from: null, before: null }, null)} AND r.id = ${id}`.execute(db)
  return row
}

/** A lower bound of every datestamp: none precedes its dataset's creation or last update (an import may backdate the latter). */
export async function earliestDatestamp (db: Kysely<DB>): Promise<Date | null> {
  const { rows: [row] } = await sql<{ earliest: Date | null }>`SELECT least(min(created_at), min(updated_at)) AS earliest FROM datasets`.execute(db)
  return row?.earliest == null ? null : new Date(row.earliest)
}

export interface SetRow { spec: string, name: string }

/** The two set families: each publisher, and each EU data theme. */
export async function listSets (db: Kysely<DB>): Promise<SetRow[]> {
  const publishers = await db.selectFrom('publishers').select(['id', 'name']).orderBy('id').execute()
  const themes = await db.selectFrom('vocabulary_terms').select(['code', 'label_fr']).where('vocabulary', '=', 'data-theme').orderBy('code').execute()
  if (publishers.length === 0 && themes.length === 0) return []
  return [
    ...publishers.length === 0 ? [] : [{ spec: 'publisher', name: 'Publishers' }],
    ...publishers.map(p => ({ spec: `publisher:${p.id}`, name: p.name })),
    ...themes.length === 0 ? [] : [{ spec: 'theme', name: 'Data themes' }],
    ...themes.map(t => ({ spec: `theme:${t.code}`, name: t.label_fr }))
  ]
}
