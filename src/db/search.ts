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

/**
 * The matches of a filter's row conditions (q, modifiedSince, minScore) that its count, facets and
 * relevance ranking go over: the most recently added, at most a limit (`keepMatches`).
 */
export interface KeptMatches {
  /** Newest first. */
  seqs: string[]
  /** Each kept match's relevance to `q`, beside its seq; null when not ranked. */
  ranks: number[] | null
  /** False when the row conditions matched more than were kept. */
  complete: boolean
}

/** Where the previous page stopped: its last row's sort value (text) and seq. */
export interface Position { value: string | null, seq: string }

export type SearchRow = DatasetRecord & { sort_value: string | null }
export interface FacetCount { value: string, count: number }
/** `exact` is false when the row conditions matched more than were kept: `total` then counts only those kept. */
export interface Summary { total: number, exact: boolean, facets: Map<Facet, FacetCount[]> }

type Query<O> = SelectQueryBuilder<DB, 'datasets', O>

const tsquery = (q: string) => sql`websearch_to_tsquery('fr_unaccent', ${q})`

/** The stored MQA score (src/quality), -1 when not scored yet: unscored datasets sort below every score. */
const QUALITY = sql`coalesce((SELECT q.score FROM dataset_quality q WHERE q.dataset_id = datasets.id), -1)`
/** The scores table, one row per dataset (kept by triggers), with the dataset's seq beside its score. */
const SCORES = sql<{ seq: string, score: number | null }>`dataset_quality`.as('q')
/** QUALITY as the scores table orders it (index dataset_quality_order, with q.seq). */
const SCORE_ORDER = sql`coalesce(q.score, -1)`
const scoreAtLeast = (min: number) => sql<SqlBool>`EXISTS (SELECT 1 FROM dataset_quality q WHERE q.dataset_id = datasets.id AND q.score >= ${min})`

/** What the asker may see, as a condition on dataset rows (none for admins). */
function visibleRows (visibility: Visibility): Array<RawBuilder<SqlBool>> {
  if (visibility.all) return []
  const published = sql<SqlBool>`datasets.status = 'published'`
  return [visibility.publisherId === null ? published : sql<SqlBool>`(${published} OR datasets.publisher_id = ${visibility.publisherId})`]
}

/** The filters on columns that have no bitmaps, checked row by row. */
function rowConditions (filter: DatasetFilter): Array<RawBuilder<SqlBool>> {
  const conditions: Array<RawBuilder<SqlBool>> = []
  if (filter.q !== undefined) conditions.push(sql<SqlBool>`datasets.search @@ ${tsquery(filter.q)}`)
  if (filter.modifiedSince !== undefined) conditions.push(sql<SqlBool>`datasets.modified >= ${filter.modifiedSince}::timestamptz`)
  if (filter.minScore !== undefined) conditions.push(scoreAtLeast(filter.minScore))
  return conditions
}

/** Every filter, on the dataset rows themselves: the page query's WHERE. */
function filtered<O> (query: Query<O>, filter: DatasetFilter): Query<O> {
  query = query.where('datasets.deleted_at', 'is', null)
  for (const condition of [...visibleRows(filter.visibility), ...rowConditions(filter)]) query = query.where(condition)
  if (filter.publisher !== undefined) query = query.where('datasets.publisher_id', '=', filter.publisher)
  if (filter.licence !== undefined) query = query.where('datasets.licence_id', '=', filter.licence)
  if (filter.keyword !== undefined) query = query.where(sql<SqlBool>`datasets.keywords @> ARRAY[${filter.keyword}]::text[]`)
  if (filter.theme !== undefined) query = query.where(sql<SqlBool>`datasets.themes @> ARRAY[${filter.theme}]::text[]`)
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
 * Relevance ranks only the `kept` matches when they come ranked: ranking costs as many matches as there are.
 */
export async function searchDatasets (
  db: Kysely<DB>, filter: DatasetFilter, sort: SortKey, after: Position | null, limit: number, kept: KeptMatches | null = null
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
    : sort === 'relevance' && kept?.ranks != null
      ? keptPage(db, filter, kept.seqs, kept.ranks, bounds)
      : keysetPage(matching.select('datasets.seq'), key, sql`datasets.seq`, bounds)
  const direction = descending ? 'desc' : 'asc'
  let query = selectDataset(db.selectFrom('datasets').where('datasets.seq', 'in', page))
    .select(key === null ? sql<null>`NULL::text`.as('sort_value') : sql<string>`(${key})::text`.as('sort_value'))
  if (key !== null) query = query.orderBy(key, direction)
  return query.orderBy('datasets.seq', direction).execute() as Promise<SearchRow[]>
}

/**
 * A relevance page of the kept matches, by the ranks they came with; the filters on facet values are
 * checked on the facet bitmaps, one per chunk, rather than on the dataset rows (the format filter
 * probed the distributions of each of 10,000 matches: 80 ms at a million datasets).
 */
function keptPage (db: Kysely<DB>, filter: DatasetFilter, seqs: string[], ranks: number[], bounds: PageBounds) {
  const terms = termFilters(filter)
  const ranked = db.selectFrom(sql<{ seq: string, rank: number }>`(SELECT * FROM unnest(${seqs}::bigint[], ${ranks}::real[]) AS u(seq, rank))`.as('m'))
  const matching = terms.length === 0
    ? ranked
    : ranked.innerJoin(sql<{ chunk: number, bits: string }>`(${termChunks(terms)})`.as('t'), join => join
      .on(sql<SqlBool>`t.chunk = facet_chunk(m.seq) AND get_bit(t.bits, (m.seq % 8192)::integer) = 1`))
  return keysetPage(matching.select('m.seq'), sql`m.rank`, sql`m.seq`, bounds)
}

/** What the asker may see, as the facet_bitmaps rows (alias `b`) whose union it is (migration 0012). */
function visibleTerms (visibility: Visibility): RawBuilder<SqlBool> {
  if (visibility.all) return sql`b.facet IN ('status', 'draft')`
  const published = sql<SqlBool>`(b.facet = 'status' AND b.value = 'published')`
  return visibility.publisherId === null ? published : sql`(${published} OR (b.facet = 'draft' AND b.value = ${visibility.publisherId}))`
}

/** One facet value's facet_bitmaps rows (alias `b`). */
const isTerm = ([facet, value]: [Facet, string]) => sql<SqlBool>`(b.facet = ${facet} AND b.value = ${value})`

/** Per chunk, the AND of the bitmaps of every filter on facet values; a chunk where one has no bit is absent. */
const termChunks = (terms: Array<[Facet, string]>) => sql`SELECT b.chunk, bit_and(b.bits) AS bits FROM facet_bitmaps b
  WHERE ${sql.join(terms.map(isTerm), sql` OR `)} GROUP BY b.chunk HAVING count(*) = ${terms.length}`

/** The filters on facet values, as [facet, value]. */
function termFilters (filter: DatasetFilter): Array<[Facet, string]> {
  return FACETS.flatMap(facet => {
    const value = filter[facet]
    return value === undefined ? [] : [[facet, value] as [Facet, string]]
  })
}

/**
 * The newest `limit` live datasets the row conditions match, ranked against `q` when `ranked`; null
 * without such conditions. They are read newest first and the scan stops one past the limit, so its cost
 * follows the limit and the share of datasets that match, not the catalogue's size (issue 16). By seq,
 * not modified: rows are stored about in seq order, so the scan reads the table in sequence (110 ms
 * against 300 ms for 10,000 of 108,000 matches at a million datasets). Read once per search, for both
 * the count and the page: the scan is most of a search's cost at a million datasets.
 */
export async function keepMatches (db: Kysely<DB>, filter: DatasetFilter, limit: number, ranked: boolean): Promise<KeptMatches | null> {
  const conditions = rowConditions(filter)
  if (conditions.length === 0) return null
  const where = sql`deleted_at IS NULL AND ${sql.join([...visibleRows(filter.visibility), ...conditions], sql` AND `)}`
  const rank = ranked && filter.q !== undefined ? sql`ts_rank(datasets.search, ${tsquery(filter.q)})` : null
  const scan = sql<{ seq: string, rank: number | null }>`(SELECT seq, ${rank ?? sql`NULL::real`} AS rank FROM datasets
    WHERE ${where} ORDER BY seq DESC LIMIT ${limit + 1})`
  // Seqs travel as text, as every bigint does here (src/db/dialect.ts).
  const row = await db.selectFrom(scan.as('m')).select([
    sql<string[]>`coalesce((array_agg(seq::text ORDER BY seq DESC))[1:${limit}], '{}')`.as('seqs'),
    sql<number[] | null>`(array_agg(rank ORDER BY seq DESC))[1:${limit}]`.as('ranks'),
    sql<number>`count(*)::integer`.as('matched')
  ]).executeTakeFirstOrThrow()
  return { seqs: row.seqs, ranks: rank === null ? null : row.ranks ?? [], complete: row.matched <= limit }
}

/**
 * Per chunk, the bitmap of the seqs of the CTE `matched`, laid out as facet_bit() does (bit
 * `seq % 8192`, from the left). Bits are first gathered into 64-bit words: ORing one 1 KiB bitmap per
 * matching row cost more than the full-text match.
 */
const MATCHED_CHUNKS = sql`SELECT (w / 128)::integer AS chunk, bit_or(word::bit(64)::bit(8192) >> (64 * (w % 128))::integer) AS bits
  FROM (SELECT seq / 64 AS w, bit_or(1::bigint << (63 - seq % 64)::integer) AS word FROM matched GROUP BY 1) AS words
  GROUP BY 1`

/** Per chunk: the bitmap of what the asker may see (and the other columns match), and one per facet filter, named after it. */
function chunksQuery (filter: DatasetFilter, terms: Array<[Facet, string]>, matched: boolean): RawBuilder<unknown> {
  const visible = visibleTerms(filter.visibility)
  const columns = [
    sql`bit_or(b.bits${matched ? sql` & m.bits` : sql``}) FILTER (WHERE ${visible}) AS visible`,
    ...terms.map(term => sql`bit_or(b.bits) FILTER (WHERE ${isTerm(term)}) AS ${sql.id(term[0])}`)
  ]
  return sql`SELECT b.chunk, ${sql.join(columns)} FROM facet_bitmaps b
    ${matched ? sql`JOIN (${MATCHED_CHUNKS}) AS m ON m.chunk = b.chunk` : sql``}
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
 * The row conditions count over the `kept` matches (`keepMatches`), which must be given when there are any.
 */
export async function countAndFacets (
  db: Kysely<DB>, filter: DatasetFilter, facets: readonly Facet[], kept: KeptMatches | null, limit = 50
): Promise<Summary> {
  if (kept === null && rowConditions(filter).length > 0) throw new Error('countAndFacets needs the kept matches of the row conditions')
  const terms = termFilters(filter)
  const { rows } = await sql<{ facet: string, value: string, count: string }>`
    WITH ${kept === null ? sql`` : sql`matched AS MATERIALIZED (SELECT unnest(${kept.seqs}::bigint[]) AS seq),`}
    chunks AS (${chunksQuery(filter, terms, kept !== null)}),
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
  const summary: Summary = { total: 0, exact: kept?.complete ?? true, facets: new Map(facets.map(facet => [facet, []])) }
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
