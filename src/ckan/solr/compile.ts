// A parsed query → a boolean expression over one dataset row (alias `d`). Leaves on facet values stay
// symbolic (`term`), so the counts can AND the facet bitmaps instead of reading rows; every other leaf
// is SQL. CKAN's string fields are exact; unknown fields match nothing, as CKAN's dynamic fields do.
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import type { Facet } from '../../db/search.js'
import { bastilleLicenceId } from '../licences.js'
import { parseDateBound } from './dates.js'
import { SearchSyntaxError, type Query, type Value } from './parse.js'

export type Expr =
  | { kind: 'true' }
  | { kind: 'false' }
  | { kind: 'term', facet: Facet, value: string }
  | { kind: 'sql', where: RawBuilder<SqlBool> }
  | { kind: 'and', items: Expr[] }
  | { kind: 'or', items: Expr[] }
  | { kind: 'not', item: Expr }

/** Names the query may use that only the database can resolve. */
export interface Lookups {
  /** The publisher whose CKAN organisation id (or slug) this is. */
  publisherOf: (ownerOrg: string) => Promise<string | undefined>
  /** The EU theme code of a group name, when it is a theme. */
  themeOf: (group: string) => Promise<string | undefined>
  /** Whether a legacy group has this name. */
  isLegacyGroup: (group: string) => Promise<boolean>
}

const TRUE: Expr = { kind: 'true' }
const FALSE: Expr = { kind: 'false' }
const where = (condition: RawBuilder<SqlBool>): Expr => ({ kind: 'sql', where: condition })
const like = (prefix: string): string => `${prefix.replace(/[\\%_]/g, '\\$&')}%`
const tsquery = (value: Value): RawBuilder<unknown> => value.type === 'phrase'
  ? sql`phraseto_tsquery('fr_unaccent', ${value.text})`
  : sql`plainto_tsquery('fr_unaccent', ${value.type === 'term' ? value.text : ''})`

/** A text match on one column: the search vector's GIN index narrows, the column decides. */
function textMatch (column: RawBuilder<unknown> | null, value: Value): Expr {
  if (value.type === 'any') return TRUE
  if (value.type === 'range') throw new SearchSyntaxError('a text field takes no range')
  if (column === null && value.type === 'term' && value.prefix) {
    // A word's beginning (`arbr*`): a prefix lexeme, the word reduced to letters and digits.
    const word = value.text.replace(/[^\p{L}\p{N}]+/gu, '')
    return word === '' ? FALSE : where(sql<SqlBool>`d.search @@ to_tsquery('fr_unaccent', ${`${word}:*`})`)
  }
  if (column === null) return freeText([value])
  const query = tsquery(value)
  return where(sql<SqlBool>`(d.search @@ ${query} AND to_tsvector('fr_unaccent', ${column}) @@ ${query})`)
}

/** Words and phrases as one web-search query, as GET /datasets reads `q`: every word required, stop words dropped. */
export function webSearchText (values: readonly Value[]): string {
  return values.map(v => v.type === 'phrase' ? `"${v.text.replaceAll('"', ' ')}"` : v.type === 'term' ? v.text : '').join(' ')
}

/** Free text, all of it required: one match of the search vector, as GET /datasets does. */
function freeText (values: readonly Value[]): Expr {
  return where(sql<SqlBool>`d.search @@ websearch_to_tsquery('fr_unaccent', ${webSearchText(values)})`)
}

type Match = Extract<Query, { type: 'match' }>
const isFreeText = (q: Query): q is Match =>
  q.type === 'match' && (q.field === null || q.field === 'text') && ((q.value.type === 'term' && !q.value.prefix) || q.value.type === 'phrase')

/** A value compared with a column of plain strings: exact, or by prefix. */
function stringMatch (column: RawBuilder<unknown>, value: Value): Expr {
  switch (value.type) {
    case 'any': return where(sql<SqlBool>`${column} IS NOT NULL`)
    case 'range': throw new SearchSyntaxError('a string field takes no range')
    case 'phrase': return where(sql<SqlBool>`${column} = ${value.text}`)
    default: return where(value.prefix ? sql<SqlBool>`${column} LIKE ${like(value.text)}` : sql<SqlBool>`${column} = ${value.text}`)
  }
}

/** A facet value: a bitmap term when exact, SQL on `column` (a text expression) for prefixes and `*`. */
function facetMatch (facet: Facet, column: RawBuilder<unknown>, value: Value, normalise = (v: string) => v): Expr {
  if (value.type === 'range') throw new SearchSyntaxError('a string field takes no range')
  if (value.type === 'any') return where(sql<SqlBool>`EXISTS (SELECT 1 FROM ${column} AS v(v))`)
  if (value.type === 'term' && value.prefix) return where(sql<SqlBool>`EXISTS (SELECT 1 FROM ${column} AS v(v) WHERE v.v LIKE ${like(normalise(value.text))})`)
  return { kind: 'term', facet, value: normalise(value.text) }
}

function rangeOf (value: Value, column: RawBuilder<unknown>, parse: (bound: string) => unknown, cast: string): Expr {
  if (value.type === 'any') return TRUE
  if (value.type === 'range') {
    const parts: Array<RawBuilder<SqlBool>> = []
    if (value.from !== null) parts.push(sql`${column} ${sql.raw(value.fromInclusive ? '>=' : '>')} CAST(${parse(value.from)} AS ${sql.raw(cast)})`)
    if (value.to !== null) parts.push(sql`${column} ${sql.raw(value.toInclusive ? '<=' : '<')} CAST(${parse(value.to)} AS ${sql.raw(cast)})`)
    return parts.length === 0 ? TRUE : where(sql.join(parts, sql` AND `) as RawBuilder<SqlBool>)
  }
  if (value.type === 'term' && value.prefix) throw new SearchSyntaxError('a date or number field takes no wildcard')
  return where(sql<SqlBool>`${column} = CAST(${parse(value.text)} AS ${sql.raw(cast)})`)
}

function dateRange (value: Value, column: RawBuilder<unknown>, now: Date): Expr {
  return rangeOf(value, column, bound => parseDateBound(bound, now).toISOString(), 'timestamptz')
}

function numberRange (value: Value, column: RawBuilder<unknown>): Expr {
  return rangeOf(value, column, bound => {
    if (!/^-?\d{1,9}$/.test(bound)) throw new SearchSyntaxError(`"${bound}" is not a number`)
    return Number(bound)
  }, 'integer')
}

/** Always-true fields: CKAN's `state`, `capacity`, `type` hold one value on this anonymous layer. */
function constant (value: Value, only: string): Expr {
  if (value.type === 'any') return TRUE
  if (value.type === 'range') return FALSE
  return value.text.toLowerCase() === only ? TRUE : FALSE
}

async function groupMatch (value: Value, lookups: Lookups): Promise<Expr> {
  if (value.type === 'range') throw new SearchSyntaxError('a string field takes no range')
  const legacy = (condition: RawBuilder<SqlBool>) => where(sql<SqlBool>`EXISTS (SELECT 1 FROM dataset_legacy_groups dg
    JOIN legacy_groups g ON g.id = dg.group_id WHERE dg.dataset_id = d.id AND ${condition})`)
  if (value.type === 'any') return { kind: 'or', items: [where(sql<SqlBool>`cardinality(d.themes) > 0`), legacy(sql`true`)] }
  if (value.type === 'term' && value.prefix) {
    return { kind: 'or', items: [where(sql<SqlBool>`EXISTS (SELECT 1 FROM unnest(d.themes) t WHERE lower(t) LIKE ${like(value.text.toLowerCase())})`), legacy(sql`g.name LIKE ${like(value.text)}`)] }
  }
  const items: Expr[] = []
  const theme = await lookups.themeOf(value.text)
  if (theme !== undefined) items.push({ kind: 'term', facet: 'theme', value: theme })
  if (await lookups.isLegacyGroup(value.text)) items.push(legacy(sql`g.name = ${value.text}`))
  return items.length === 0 ? FALSE : items.length === 1 ? items[0]! : { kind: 'or', items }
}

async function field (name: string | null, value: Value, lookups: Lookups, now: Date): Promise<Expr> {
  switch (name) {
    case null: case 'text': return textMatch(null, value)
    case 'title': return textMatch(sql`d.title`, value)
    case 'notes': return textMatch(sql`d.description`, value)
    case 'id': return value.type === 'term' && !value.prefix && !/^[0-9a-f-]{36}$/i.test(value.text) ? FALSE : stringMatch(sql`d.id::text`, value.type === 'term' ? { ...value, text: value.text.toLowerCase() } : value)
    case 'name': {
      const slug = stringMatch(sql`d.slug`, value)
      if (value.type !== 'term' || value.prefix) return slug
      return { kind: 'or', items: [slug, where(sql<SqlBool>`d.id IN (SELECT dataset_id FROM dataset_slug_aliases WHERE slug = ${value.text})`)] }
    }
    case 'organization': return facetMatch('publisher', sql`(VALUES (d.publisher_id))`, value)
    case 'owner_org': {
      if (value.type !== 'term' && value.type !== 'phrase') return value.type === 'any' ? TRUE : FALSE
      const publisher = await lookups.publisherOf(value.text.toLowerCase())
      return publisher === undefined ? FALSE : { kind: 'term', facet: 'publisher', value: publisher }
    }
    case 'tags': return facetMatch('keyword', sql`unnest(d.keywords)`, value)
    case 'groups': return groupMatch(value, lookups)
    case 'res_format': return facetMatch('format', sql`(SELECT x.format FROM distributions x WHERE x.dataset_id = d.id AND x.format IS NOT NULL)`, value, v => v.toUpperCase())
    case 'license_id': return facetMatch('licence', sql`(SELECT d.licence_id WHERE d.licence_id IS NOT NULL)`, value, bastilleLicenceId)
    case 'res_name': return textIn(sql`x.title`, value)
    case 'res_description': return textIn(sql`coalesce(x.description, '')`, value)
    case 'res_url': {
      if (value.type === 'range') throw new SearchSyntaxError('a string field takes no range')
      const text = value.type === 'any' ? null : value.text
      return where(sql<SqlBool>`EXISTS (SELECT 1 FROM distributions x WHERE x.dataset_id = d.id AND ${text === null
        ? sql`true`
        : sql`(x.download_url = ${text} OR x.access_url = ${text})`})`)
    }
    case 'metadata_modified': return dateRange(value, sql`d.modified`, now)
    case 'metadata_created': return dateRange(value, sql`d.created_at`, now)
    case 'num_resources': return numberRange(value, sql`(SELECT count(*) FROM distributions x WHERE x.dataset_id = d.id)`)
    case 'num_tags': return numberRange(value, sql`cardinality(d.keywords)`)
    case 'version': return stringMatch(sql`d.version`, value)
    case 'dataset_type': case 'type': return constant(value, 'dataset')
    case 'state': return constant(value, 'active')
    case 'capacity': return constant(value, 'public')
    case 'private': return constant(value, 'false')
    default: return FALSE
  }
}

/** A text match on a distribution column. */
function textIn (column: RawBuilder<unknown>, value: Value): Expr {
  if (value.type === 'range') throw new SearchSyntaxError('a text field takes no range')
  const match = value.type === 'any' ? sql`true` : sql`to_tsvector('fr_unaccent', ${column}) @@ ${tsquery(value)}`
  return where(sql<SqlBool>`EXISTS (SELECT 1 FROM distributions x WHERE x.dataset_id = d.id AND ${match})`)
}

/** The expression a parsed query means, for the datasets an anonymous caller may see. */
export async function compile (query: Query, lookups: Lookups, now: Date): Promise<Expr> {
  switch (query.type) {
    case 'all': return TRUE
    case 'not': return { kind: 'not', item: await compile(query.item, lookups, now) }
    case 'and': case 'or': {
      // The free words of a conjunction make one text match, so stop words among them are dropped, not failed.
      const texts = query.type === 'and' ? query.items.filter(isFreeText) : []
      const items: Expr[] = texts.length > 0 ? [freeText(texts.map(t => t.value))] : []
      for (const item of query.items) if (!texts.includes(item as Match)) items.push(await compile(item, lookups, now))
      return { kind: query.type, items }
    }
    default: return field(query.field, query.value, lookups, now)
  }
}

/** The free text of a query's positive clauses, which `score` ranks by; null when there is none. */
export function rankingText (query: Query): string | null {
  const values: Value[] = []
  const walk = (q: Query): void => {
    if (q.type === 'and' || q.type === 'or') q.items.forEach(walk)
    else if (q.type === 'match' && (q.value.type === 'term' || q.value.type === 'phrase') && (q.field === null || q.field === 'text' || q.field === 'title')) values.push(q.value)
  }
  walk(query)
  return values.length === 0 ? null : webSearchText(values)
}
