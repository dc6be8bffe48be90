// package_search in SQL: the count and facet counts from the facet bitmaps (migration 0012) ANDed with
// the query's matches, with CKAN's semantics (every filter applies to every facet, unlike GET /datasets);
// the page of results by offset in the requested order.
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely'
import type { Facet } from '../../db/search.js'
import type { DB } from '../../db/types.js'
import type { Expr } from '../solr/compile.js'
import { matchedChunks, toWhere } from '../solr/render.js'
import { packageFromRaw, selectPackage, type PackageRow } from './packages.js'

export interface FacetCount { value: string, count: number }
export interface SearchCounts { count: number, facets: Map<Facet, FacetCount[]>, legacyGroups: FacetCount[] }
export interface FacetOptions { facets: readonly Facet[], legacyGroups: boolean, limit: number, mincount: number }

/** One ORDER BY term over the dataset row `d`. */
export interface OrderTerm { expression: RawBuilder<unknown>, descending: boolean }

/** How many published datasets match, and the most frequent values of each facet among them. */
export async function countMatches (db: Kysely<DB>, expr: Expr, options: FacetOptions): Promise<SearchCounts> {
  const limit = options.limit < 0 ? null : options.limit
  const facets = options.facets.length === 0
    ? sql``
    : sql`UNION ALL SELECT facet, value, count FROM (
        SELECT f.facet, f.value, sum(bit_count(f.bits & m.bits)) AS count,
          row_number() OVER (PARTITION BY f.facet ORDER BY sum(bit_count(f.bits & m.bits)) DESC, f.value) AS rank
        FROM m JOIN facet_bitmaps f ON f.chunk = m.chunk AND f.facet IN (${sql.join([...options.facets])})
        GROUP BY f.facet, f.value HAVING sum(bit_count(f.bits & m.bits)) >= ${options.mincount}
      ) AS ranked ${limit === null ? sql`` : sql`WHERE rank <= ${limit}`}`
  const counting = sql<{ facet: string, value: string, count: string }>`WITH m AS (${matchedChunks(expr)})
    SELECT '' AS facet, '' AS value, coalesce(sum(bit_count(bits)), 0) AS count FROM m
    ${facets}`.execute(db)
  const [{ rows }, legacyGroups] = await Promise.all([counting, options.legacyGroups ? countLegacyGroups(db, expr, options) : []])
  const result: SearchCounts = { count: 0, facets: new Map(options.facets.map(facet => [facet, []])), legacyGroups }
  for (const row of rows) {
    if (row.facet === '') result.count = Number(row.count)
    else result.facets.get(row.facet as Facet)?.push({ value: row.value, count: Number(row.count) })
  }
  return result
}

/** Legacy groups have no bitmaps: they are few, and counted over their members. */
async function countLegacyGroups (db: Kysely<DB>, expr: Expr, options: FacetOptions): Promise<FacetCount[]> {
  const { rows } = await sql<{ value: string, count: string }>`SELECT g.name AS value, count(*) AS count
    FROM legacy_groups g JOIN dataset_legacy_groups dg ON dg.group_id = g.id JOIN datasets d ON d.id = dg.dataset_id
    WHERE d.deleted_at IS NULL AND d.status = 'published' AND ${toWhere(expr)}
    GROUP BY g.name HAVING count(*) >= ${options.mincount} ORDER BY count(*) DESC, g.name
    ${options.limit < 0 ? sql`` : sql`LIMIT ${options.limit}`}`.execute(db)
  return rows.map(row => ({ value: row.value, count: Number(row.count) }))
}

/**
 * The published datasets that match, in `order`, `rows` from `start`. The page's ids are found first,
 * sorting only the keys, then its rows are built: building every match's JSON would cost more.
 */
export async function searchPage (db: Kysely<DB>, expr: Expr, order: readonly OrderTerm[], rows: number, start: number): Promise<PackageRow[]> {
  if (rows === 0) return []
  const keys = order.map((term, i) => sql`${term.expression} AS ${sql.id(`k${i}`)}`)
  const orderBy = (alias: string) => sql.join(order.map((term, i) =>
    sql`${alias === '' ? term.expression : sql.ref(`${alias}.k${i}`)} ${sql.raw(term.descending ? 'DESC' : 'ASC')}`))
  const page = sql<{ id: string }>`(SELECT d.id, ${sql.join(keys)} FROM datasets d
    WHERE d.deleted_at IS NULL AND d.status = 'published' AND ${toWhere(expr) as RawBuilder<SqlBool>}
    ORDER BY ${orderBy('')} LIMIT ${rows} OFFSET ${start})`
  const found = await selectPackage(db.selectFrom('datasets'))
    .innerJoin(page.as('page'), 'page.id', 'datasets.id')
    .orderBy(orderBy('page'))
    .execute()
  return found.map(packageFromRaw)
}
