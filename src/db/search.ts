// GET /datasets in SQL: French full-text search with typo correction, filters, keyset paging and facets.
import { sql, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely'
import type { DB } from './types.js'
import { selectDataset, type DatasetRecord } from './datasets.js'

export type SortKey = 'relevance' | 'modified' | '-modified' | 'title' | '-title' | 'created' | '-created'
export type Facet = 'publisher' | 'theme' | 'keyword' | 'licence' | 'format'
export type Visibility = { all: true } | { all: false, publisherId: string | null }

export interface DatasetFilter {
  q?: string | undefined
  publisher?: string | undefined
  keyword?: string | undefined
  theme?: string | undefined
  licence?: string | undefined
  format?: string | undefined
  modifiedSince?: string | undefined
  /** Who is asking: admins see every live dataset, editors their drafts too, anonymous only published ones. */
  visibility: Visibility
}

/** Where the previous page stopped: its last row's sort value (text) and seq. */
export interface Position { value: string | null, seq: string }

export type SearchRow = DatasetRecord & { sort_value: string | null }
export interface FacetCount { value: string, count: number }

type Query<O> = SelectQueryBuilder<DB, 'datasets', O>

const tsquery = (q: string) => sql`websearch_to_tsquery('fr_unaccent', ${q})`

/** Applies every filter except `skip` (a facet counts across the values of its own filter). */
function filtered<O> (query: Query<O>, filter: DatasetFilter, skip?: Facet): Query<O> {
  query = query.where('datasets.deleted_at', 'is', null)
  const { visibility } = filter
  if (!visibility.all) {
    const publisherId = visibility.publisherId
    query = publisherId === null
      ? query.where('datasets.status', '=', 'published')
      : query.where(eb => eb.or([eb('datasets.status', '=', 'published'), eb('datasets.publisher_id', '=', publisherId)]))
  }
  if (filter.q !== undefined) query = query.where(sql<SqlBool>`datasets.search @@ ${tsquery(filter.q)}`)
  if (filter.publisher !== undefined && skip !== 'publisher') query = query.where('datasets.publisher_id', '=', filter.publisher)
  if (filter.licence !== undefined && skip !== 'licence') query = query.where('datasets.licence_id', '=', filter.licence)
  if (filter.keyword !== undefined && skip !== 'keyword') query = query.where(sql<SqlBool>`datasets.keywords @> ARRAY[${filter.keyword}]::text[]`)
  if (filter.theme !== undefined && skip !== 'theme') query = query.where(sql<SqlBool>`datasets.themes @> ARRAY[${filter.theme}]::text[]`)
  if (filter.modifiedSince !== undefined) query = query.where(sql<SqlBool>`datasets.modified >= ${filter.modifiedSince}::timestamptz`)
  const format = filter.format
  if (format !== undefined && skip !== 'format') {
    query = query.where(eb => eb.exists(eb.selectFrom('distributions').select('distributions.id')
      .whereRef('distributions.dataset_id', '=', 'datasets.id').where('distributions.format', '=', format)))
  }
  return query
}

/** The sort key as SQL, and its text form for cursors (null: seq alone orders). */
function sortKey (sort: SortKey, q: string | undefined): Expression<unknown> | null {
  if (sort === 'relevance') return q === undefined ? null : sql`ts_rank(datasets.search, ${tsquery(q)})`
  if (sort.endsWith('modified')) return sql`datasets.modified`
  if (sort.endsWith('title')) return sql`datasets.title`
  return null
}

const CASTS: Record<string, string> = { relevance: 'real', modified: 'timestamptz', title: 'text' }

export async function countDatasets (db: Kysely<DB>, filter: DatasetFilter): Promise<number> {
  const row = await filtered(db.selectFrom('datasets'), filter)
    .select(eb => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow()
  return Number(row.count)
}

/** One page in sort order, after `after`; `limit` rows at most. */
export async function searchDatasets (
  db: Kysely<DB>, filter: DatasetFilter, sort: SortKey, after: Position | null, limit: number
): Promise<SearchRow[]> {
  // Relevance sorts best first; `-x` descends; seq breaks ties in the same direction.
  const descending = sort === 'relevance' || sort.startsWith('-')
  const direction = descending ? 'desc' : 'asc'
  const key = sortKey(sort, filter.q)
  let query = selectDataset(filtered(db.selectFrom('datasets'), filter))
    .select(key === null ? sql<null>`NULL::text`.as('sort_value') : sql<string>`(${key})::text`.as('sort_value'))
  if (after !== null) {
    const op = sql.raw(descending ? '<' : '>')
    query = key === null || after.value === null
      ? query.where(sql<SqlBool>`datasets.seq ${op} ${after.seq}::bigint`)
      : query.where(sql<SqlBool>`(${key}, datasets.seq) ${op} (CAST(${after.value} AS ${sql.raw(CASTS[sort.replace('-', '')] ?? 'text')}), ${after.seq}::bigint)`)
  }
  if (key !== null) query = query.orderBy(key, direction)
  return query.orderBy('datasets.seq', direction).limit(limit).execute() as Promise<SearchRow[]>
}

/** Counts per value of each facet over the datasets the filter matches (ignoring the facet's own filter). */
export async function facetCounts (db: Kysely<DB>, filter: DatasetFilter, facet: Facet, limit = 50): Promise<FacetCount[]> {
  const base = filtered(db.selectFrom('datasets'), filter, facet)
  let values: SelectQueryBuilder<any, any, { value: string | null }>
  if (facet === 'format') {
    values = db.selectFrom('distributions')
      .select(['distributions.format as value', 'distributions.dataset_id'])
      .where('distributions.format', 'is not', null)
      .where('distributions.dataset_id', 'in', base.select('datasets.id'))
      .distinct()
  } else if (facet === 'theme' || facet === 'keyword') {
    values = base.select(sql<string>`unnest(${sql.ref(facet === 'theme' ? 'datasets.themes' : 'datasets.keywords')})`.as('value'))
  } else {
    const column = facet === 'publisher' ? 'datasets.publisher_id' : 'datasets.licence_id'
    values = base.select(`${column} as value`).where(column, 'is not', null)
  }
  const rows = await db.selectFrom(values.as('v'))
    .select(['v.value', eb => eb.fn.countAll<string>().as('count')])
    .groupBy('v.value').orderBy('count', 'desc').orderBy('v.value').limit(limit).execute()
  return rows.map(row => ({ value: String(row.value), count: Number(row.count) }))
}

/**
 * The query with each unknown word replaced by the most similar known title or keyword word, or null
 * when nothing was corrected. Used only when the query as typed finds nothing.
 */
export async function correctQuery (db: Kysely<DB>, q: string): Promise<string | null> {
  const words = q.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').split(/[^a-z0-9]+/).filter(Boolean)
  let corrected = false
  const out: string[] = []
  for (const word of words) {
    const { rows } = word.length < 4
      ? { rows: [] }
      : await sql<{ word: string }>`SELECT word FROM search_words WHERE word % ${word}
          ORDER BY word = ${word} DESC, similarity(word, ${word}) DESC, word LIMIT 1`.execute(db)
    const best = rows[0]?.word
    if (best !== undefined && best !== word) corrected = true
    out.push(best ?? word)
  }
  return corrected ? out.join(' ') : null
}
