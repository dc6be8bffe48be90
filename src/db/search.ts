// GET /datasets in SQL: French full-text search with typo correction, filters, keyset paging and facets.
import { sql, type Expression, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely'
import type { DB } from './types.js'
import { selectDataset, type DatasetRecord } from './datasets.js'

export type SortKey = 'relevance' | 'modified' | '-modified' | 'title' | '-title' | 'created' | '-created' | 'quality' | '-quality'
export const FACETS = ['publisher', 'theme', 'keyword', 'licence', 'format'] as const
export type Facet = typeof FACETS[number]
export type Visibility = { all: true } | { all: false, publisherId: string | null }

export interface DatasetFilter {
  q?: string | undefined
  publisher?: string | undefined
  keyword?: string | undefined
  theme?: string | undefined
  licence?: string | undefined
  format?: string | undefined
  modifiedSince?: string | undefined
  /** Only datasets whose stored MQA score is at least this (`?quality=good`: 221). */
  minScore?: number | undefined
  /** Who is asking: admins see every live dataset, editors their drafts too, anonymous only published ones. */
  visibility: Visibility
}

/** Where the previous page stopped: its last row's sort value (text) and seq. */
export interface Position { value: string | null, seq: string }

export type SearchRow = DatasetRecord & { sort_value: string | null }
export interface FacetCount { value: string, count: number }
export interface Summary { total: number, facets: Map<Facet, FacetCount[]> }

type Query<O> = SelectQueryBuilder<DB, 'datasets', O>

const tsquery = (q: string) => sql`websearch_to_tsquery('fr_unaccent', ${q})`

/** The stored MQA score (src/quality), -1 when not scored yet: unscored datasets sort below every score. */
const QUALITY = sql`coalesce((SELECT q.score FROM dataset_quality q WHERE q.dataset_id = datasets.id), -1)`
/** The scores table, one row per dataset (kept by triggers), with the dataset's seq beside its score. */
const SCORES = sql<{ seq: string, score: number | null }>`dataset_quality`.as('q')
/** QUALITY as the scores table orders it (index dataset_quality_order, with q.seq). */
const SCORE_ORDER = sql`coalesce(q.score, -1)`
const scoreAtLeast = (min: number) => sql<SqlBool>`EXISTS (SELECT 1 FROM dataset_quality q WHERE q.dataset_id = datasets.id AND q.score >= ${min})`

/** Every filter, on the dataset rows themselves: the page query's WHERE. */
function filtered<O> (query: Query<O>, filter: DatasetFilter): Query<O> {
  query = query.where('datasets.deleted_at', 'is', null)
  const { visibility } = filter
  if (!visibility.all) {
    const publisherId = visibility.publisherId
    query = publisherId === null
      ? query.where('datasets.status', '=', 'published')
      : query.where(eb => eb.or([eb('datasets.status', '=', 'published'), eb('datasets.publisher_id', '=', publisherId)]))
  }
  if (filter.q !== undefined) query = query.where(sql<SqlBool>`datasets.search @@ ${tsquery(filter.q)}`)
  if (filter.publisher !== undefined) query = query.where('datasets.publisher_id', '=', filter.publisher)
  if (filter.licence !== undefined) query = query.where('datasets.licence_id', '=', filter.licence)
  if (filter.keyword !== undefined) query = query.where(sql<SqlBool>`datasets.keywords @> ARRAY[${filter.keyword}]::text[]`)
  if (filter.theme !== undefined) query = query.where(sql<SqlBool>`datasets.themes @> ARRAY[${filter.theme}]::text[]`)
  if (filter.modifiedSince !== undefined) query = query.where(sql<SqlBool>`datasets.modified >= ${filter.modifiedSince}::timestamptz`)
  if (filter.minScore !== undefined) query = query.where(scoreAtLeast(filter.minScore))
  const format = filter.format
  if (format !== undefined) {
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
  if (sort.endsWith('quality')) return QUALITY
  return null
}

const CASTS: Record<string, string> = { relevance: 'real', modified: 'timestamptz', title: 'text', quality: 'integer' }

/** Where a page starts and how long it is, in the direction of its sort. */
interface PageBounds { descending: boolean, after: Position | null, limit: number, cast: string }

/** The seqs of one page of `seqs`, ordered by (key, seq), after `after`. */
function keysetPage<D, T extends keyof D> (
  seqs: SelectQueryBuilder<D, T, { seq: string }>, key: Expression<unknown> | null, seq: Expression<unknown>, { descending, after, limit, cast }: PageBounds
): SelectQueryBuilder<D, T, { seq: string }> {
  const direction = descending ? 'desc' : 'asc'
  if (after !== null) {
    const op = sql.raw(descending ? '<' : '>')
    seqs = key === null || after.value === null
      ? seqs.where(sql<SqlBool>`${seq} ${op} ${after.seq}::bigint`)
      : seqs.where(sql<SqlBool>`(${key}, ${seq}) ${op} (CAST(${after.value} AS ${sql.raw(cast)}), ${after.seq}::bigint)`)
  }
  if (key !== null) seqs = seqs.orderBy(key, direction)
  return seqs.orderBy(seq, direction).limit(limit)
}

/**
 * One page in sort order, after `after`; `limit` rows at most. The page's seqs are found first, sorting
 * only (key, seq): sorting whole rows cost more than ranking 5,000 matches (measured, 14 ms against 23).
 */
export async function searchDatasets (
  db: Kysely<DB>, filter: DatasetFilter, sort: SortKey, after: Position | null, limit: number
): Promise<SearchRow[]> {
  // Relevance sorts best first; `-x` descends; seq breaks ties in the same direction.
  const descending = sort === 'relevance' || sort.startsWith('-')
  const bounds = { descending, after, limit, cast: CASTS[sort.replace('-', '')] ?? 'text' }
  const key = sortKey(sort, filter.q)
  const matching = filtered(db.selectFrom('datasets'), filter)
  // By quality, the page is read off the scores table in its index's order, each row checked against the
  // filters, so it stops after `limit` matches; a score per row, then a sort, cost 150–650 ms at 50,000.
  const page = sort.endsWith('quality')
    ? keysetPage(db.selectFrom(SCORES).select('q.seq')
      .where(({ exists }) => exists(matching.select('datasets.seq').where(sql<SqlBool>`datasets.seq = q.seq`))), SCORE_ORDER, sql`q.seq`, bounds)
    : keysetPage(matching.select('datasets.seq'), key, sql`datasets.seq`, bounds)
  const direction = descending ? 'desc' : 'asc'
  let query = selectDataset(db.selectFrom('datasets').where('datasets.seq', 'in', page))
    .select(key === null ? sql<null>`NULL::text`.as('sort_value') : sql<string>`(${key})::text`.as('sort_value'))
  if (key !== null) query = query.orderBy(key, direction)
  return query.orderBy('datasets.seq', direction).execute() as Promise<SearchRow[]>
}

/** What the asker may see, as the facet_bitmaps rows (alias `b`) whose union it is (migration 0012). */
function visibleTerms (visibility: Visibility): RawBuilder<SqlBool> {
  if (visibility.all) return sql`b.facet IN ('status', 'draft')`
  const published = sql<SqlBool>`(b.facet = 'status' AND b.value = 'published')`
  return visibility.publisherId === null ? published : sql`(${published} OR (b.facet = 'draft' AND b.value = ${visibility.publisherId}))`
}

/** The filters on facet values, as [facet, value]. */
function termFilters (filter: DatasetFilter): Array<[Facet, string]> {
  return FACETS.flatMap(facet => {
    const value = filter[facet]
    return value === undefined ? [] : [[facet, value] as [Facet, string]]
  })
}

/**
 * Bitmaps of the datasets the filters on other columns (q, modifiedSince) match, per chunk, laid out as
 * facet_bit() does (bit `seq % 8192`, from the left); null without such filters. Bits are first gathered
 * into 64-bit words: ORing one 1 KiB bitmap per matching row cost more than the full-text match.
 */
function matchedChunks (filter: DatasetFilter): RawBuilder<unknown> | null {
  const conditions: Array<RawBuilder<unknown>> = []
  if (filter.q !== undefined) conditions.push(sql`search @@ ${tsquery(filter.q)}`)
  if (filter.modifiedSince !== undefined) conditions.push(sql`modified >= ${filter.modifiedSince}::timestamptz`)
  if (filter.minScore !== undefined) conditions.push(scoreAtLeast(filter.minScore))
  if (conditions.length === 0) return null
  return sql`SELECT (w / 128)::integer AS chunk, bit_or(word::bit(64)::bit(8192) >> (64 * (w % 128))::integer) AS bits
    FROM (
      SELECT seq / 64 AS w, bit_or(1::bigint << (63 - seq % 64)::integer) AS word FROM datasets
      WHERE deleted_at IS NULL AND ${sql.join(conditions, sql` AND `)} GROUP BY 1
    ) AS words GROUP BY 1`
}

/** Per chunk: the bitmap of what the asker may see (and the other columns match), and one per facet filter, named after it. */
function chunksQuery (filter: DatasetFilter, terms: Array<[Facet, string]>): RawBuilder<unknown> {
  const visible = visibleTerms(filter.visibility)
  const matched = matchedChunks(filter)
  const isTerm = ([facet, value]: [Facet, string]) => sql`(b.facet = ${facet} AND b.value = ${value})`
  const columns = [
    sql`bit_or(b.bits${matched === null ? sql`` : sql` & m.bits`}) FILTER (WHERE ${visible}) AS visible`,
    ...terms.map(term => sql`bit_or(b.bits) FILTER (WHERE ${isTerm(term)}) AS ${sql.id(term[0])}`)
  ]
  return sql`SELECT b.chunk, ${sql.join(columns)} FROM facet_bitmaps b
    ${matched === null ? sql`` : sql`JOIN (${matched}) AS m ON m.chunk = b.chunk`}
    WHERE ${sql.join([visible, ...terms.map(isTerm)], sql` OR `)} GROUP BY b.chunk`
}

/** Per chunk, the bitmap each facet counts over: every filter but its own; every filter for '' (the total). */
function basesQuery (terms: Array<[Facet, string]>, facets: readonly Facet[]): RawBuilder<unknown> {
  return sql.join((['', ...facets] as const).map(facet => {
    const others = terms.filter(([f]) => f !== facet).map(([f]) => sql.id(f))
    return sql`SELECT chunk, ${facet}::text AS facet, ${sql.join([sql`visible`, ...others], sql` & `)} AS bits FROM chunks`
  }), sql` UNION ALL `)
}

/**
 * How many datasets the filter matches, and the counts per value of each facet in `facets` (the `limit`
 * largest, over the other filters, ignoring the facet's own). One query over facet_bitmaps: per chunk,
 * AND the bitmaps of what the asker may see and of each filter, then count the bits each value shares.
 * The bits are counted before grouping (OFFSET 0 keeps that subquery apart): otherwise PostgreSQL sorted
 * the 1 KiB bitmap rows to group them, 20 ms of a 60 ms search at 50,000 datasets (issue 15).
 */
export async function countAndFacets (db: Kysely<DB>, filter: DatasetFilter, facets: readonly Facet[], limit = 50): Promise<Summary> {
  const terms = termFilters(filter)
  const { rows } = await sql<{ facet: string, value: string, count: string }>`
    WITH chunks AS (${chunksQuery(filter, terms)}),
    bases AS (${basesQuery(terms, facets)}),
    counts AS (
      SELECT facet, value, sum(n) AS count FROM (
        SELECT b.facet, b.value, bit_count(b.bits & x.bits) AS n
        FROM bases x JOIN facet_bitmaps b ON b.facet = x.facet AND b.chunk = x.chunk
        OFFSET 0
      ) AS per_chunk GROUP BY facet, value
    )
    SELECT '' AS facet, '' AS value, coalesce(sum(bit_count(bits)), 0) AS count FROM bases WHERE facet = ''
    UNION ALL
    SELECT facet, value, count FROM (
      SELECT facet, value, count, row_number() OVER (PARTITION BY facet ORDER BY count DESC, value) AS rank
      FROM counts WHERE count > 0
    ) AS ranked WHERE rank <= ${limit}
    ORDER BY facet, count DESC, value`.execute(db)
  const summary: Summary = { total: 0, facets: new Map(facets.map(facet => [facet, []])) }
  for (const row of rows) {
    if (row.facet === '') summary.total = Number(row.count)
    else summary.facets.get(row.facet as Facet)?.push({ value: row.value, count: Number(row.count) })
  }
  return summary
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
