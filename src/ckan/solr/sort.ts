// package_search's `sort` (ckan-compat.md §4.6): the sorts real clients send, always ending on `id` (in
// the direction of the first key, so that `metadata_modified desc` walks the (modified, id) index) so that
// offset paging over equal keys is stable. Anything else is CKAN's 400 'Invalid "sort" parameter'.
import { sql, type RawBuilder } from 'kysely'
import type { OrderTerm } from '../db/search.js'
import { SearchSyntaxError } from './parse.js'

export const DEFAULT_SORT = 'score desc, metadata_modified desc'

const COLUMNS: Record<string, RawBuilder<unknown>> = {
  id: sql`d.id`,
  name: sql`d.slug`,
  title_string: sql`d.title`,
  title: sql`d.title`,
  metadata_modified: sql`d.modified`,
  metadata_created: sql`d.created_at`,
  views_recent: sql`d.modified`
}

/** The ORDER BY of a sort; `rankText` is the free text that `score` ranks by (none: the clause is dropped). */
export function parseSort (sort: string, rankText: string | null): OrderTerm[] {
  const terms: OrderTerm[] = []
  for (const part of sort.split(',')) {
    const match = /^\s*([a-z_]+)(?:\s+(asc|desc))?\s*$/i.exec(part)
    const name = match?.[1]?.toLowerCase()
    const descending = match?.[2]?.toLowerCase() === 'desc'
    if (name === 'score') {
      if (rankText !== null) terms.push({ expression: sql`ts_rank(d.search, websearch_to_tsquery('fr_unaccent', ${rankText}))`, descending })
      continue
    }
    const column = name === undefined ? undefined : COLUMNS[name]
    if (column === undefined) throw new SearchSyntaxError('Invalid "sort" parameter')
    terms.push({ expression: column, descending: name === 'views_recent' ? true : descending })
  }
  if (!terms.some(term => term.expression === COLUMNS.id)) terms.push({ expression: COLUMNS.id!, descending: terms[0]?.descending ?? false })
  return terms
}
