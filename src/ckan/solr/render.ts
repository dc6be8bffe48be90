// An Expr as SQL, two ways: a WHERE clause over dataset rows (alias `d`), for the page of results; and a
// per-chunk bitmap of the matching datasets, laid out as facet_bitmaps (migration 0012: bit `seq % 8192`
// of chunk `seq / 8192`, from the left), for the count and the facets.
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import type { Expr } from './compile.js'

export function toWhere (expr: Expr): RawBuilder<SqlBool> {
  switch (expr.kind) {
    case 'true': return sql`true`
    case 'false': return sql`false`
    case 'sql': return expr.where
    case 'not': return sql`NOT (${toWhere(expr.item)})`
    case 'and': case 'or':
      return expr.items.length === 0
        ? sql`${sql.raw(expr.kind === 'and' ? 'true' : 'false')}`
        : sql`(${sql.join(expr.items.map(toWhere), sql.raw(` ${expr.kind.toUpperCase()} `))})`
    case 'term':
      switch (expr.facet) {
        case 'publisher': return sql`d.publisher_id = ${expr.value}`
        case 'licence': return sql`d.licence_id = ${expr.value}`
        case 'keyword': return sql`d.keywords @> ARRAY[${expr.value}]::text[]`
        case 'theme': return sql`d.themes @> ARRAY[${expr.value}]::text[]`
        default: return sql`EXISTS (SELECT 1 FROM distributions x WHERE x.dataset_id = d.id AND x.format = ${expr.value})`
      }
  }
}

const ZERO = sql`B'0'::bit(8192)`

/** The chunk bitmaps of the live datasets a SQL condition matches; bits gathered into 64-bit words first. */
function scannedChunks (condition: RawBuilder<SqlBool>): RawBuilder<unknown> {
  return sql`SELECT (w / 128)::integer AS chunk, bit_or(word::bit(64)::bit(8192) >> (64 * (w % 128))::integer) AS bits
    FROM (
      SELECT d.seq / 64 AS w, bit_or(1::bigint << (63 - d.seq % 64)::integer) AS word FROM datasets d
      WHERE d.deleted_at IS NULL AND ${condition} GROUP BY 1
    ) AS words GROUP BY 1`
}

/**
 * `SELECT chunk, bits` of the published, live datasets the expression matches: one pass over the
 * facet_bitmaps rows of its terms and of `status/published`, plus one scan per SQL leaf.
 */
export function matchedChunks (expr: Expr): RawBuilder<unknown> {
  const terms: Array<{ facet: string, value: string }> = []
  const scans: Array<RawBuilder<SqlBool>> = []
  const bits = (e: Expr): RawBuilder<unknown> => {
    switch (e.kind) {
      case 'true': return sql`(~${ZERO})`
      case 'false': return ZERO
      // Parenthesised: `~~` would be PostgreSQL's LIKE.
      case 'not': return sql`(~(${bits(e.item)}))`
      case 'and': case 'or':
        return e.items.length === 0
          ? (e.kind === 'and' ? sql`(~${ZERO})` : ZERO)
          : sql`(${sql.join(e.items.map(bits), sql.raw(e.kind === 'and' ? ' & ' : ' | '))})`
      case 'term': {
        let i = terms.findIndex(t => t.facet === e.facet && t.value === e.value)
        if (i < 0) i = terms.push({ facet: e.facet, value: e.value }) - 1
        return sql`coalesce(${sql.ref(`b.t${i}`)}, ${ZERO})`
      }
      case 'sql':
        scans.push(e.where)
        return sql`coalesce(${sql.ref(`s${scans.length - 1}.bits`)}, ${ZERO})`
    }
  }
  const matched = bits(expr)
  const isTerm = (t: { facet: string, value: string }) => sql`(facet = ${t.facet} AND value = ${t.value})`
  const published = sql`(facet = 'status' AND value = 'published')`
  const columns = [sql`bit_or(bits) FILTER (WHERE ${published}) AS visible`, ...terms.map((t, i) => sql`bit_or(bits) FILTER (WHERE ${isTerm(t)}) AS ${sql.id(`t${i}`)}`)]
  const joins = scans.map((condition, i) => sql`LEFT JOIN (${scannedChunks(condition)}) AS ${sql.id(`s${i}`)} ON ${sql.ref(`s${i}.chunk`)} = b.chunk`)
  return sql`SELECT b.chunk, b.visible & ${matched} AS bits
    FROM (SELECT chunk, ${sql.join(columns)} FROM facet_bitmaps WHERE ${sql.join([published, ...terms.map(isTerm)], sql` OR `)} GROUP BY chunk) AS b
    ${joins.length === 0 ? sql`` : sql.join(joins, sql` `)}
    WHERE b.visible IS NOT NULL`
}
