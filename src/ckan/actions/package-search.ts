// package_search (ckan-compat.md §1.6, §4, §5.3): q and fq in the Solr subset, rows ≤ 1000, start, sort,
// facets in both shapes. Parameters CKAN does not know are its 400 "Search Query Error".
import type { Facet } from '../../db/search.js'
import { countMatches, searchPage, type FacetCount, type SearchCounts } from '../db/search.js'
import { searchQueryError } from '../errors.js'
import { ckanLicenceId } from '../licences.js'
import { toPackageDict } from '../map/package.js'
import { integer, list, natural, text, bool, type ActionInput } from '../params.js'
import { compile, rankingText, type Expr } from '../solr/compile.js'
import { parseSolr, SearchSyntaxError, type Query } from '../solr/parse.js'
import { DEFAULT_SORT, parseSort } from '../solr/sort.js'
import type { Action, ActionContext } from './context.js'

/** CKAN's VALID_SOLR_PARAMETERS, what package_search itself pops, and what browsers add. */
const KNOWN = new Set([
  'q', 'fl', 'fq', 'rows', 'sort', 'start', 'wt', 'qf', 'bf', 'boost', 'facet', 'facet.mincount', 'facet.limit', 'facet.field',
  'extras', 'fq_list', 'tie', 'defType', 'mm', 'df', 'include_private', 'include_drafts', 'include_deleted', 'use_default_schema',
  'callback', '_'
])

export const ROWS_MAX = 1000

/** CKAN facet fields and the bitmap facet behind each. */
const FACETS: Record<string, Facet> = { organization: 'publisher', groups: 'theme', tags: 'keyword', res_format: 'format', license_id: 'licence' }

interface FacetItem { name: string, display_name: string, count: number }

async function facetItems (context: ActionContext, field: string, counts: SearchCounts): Promise<FacetItem[]> {
  const facet = FACETS[field]
  if (facet === undefined) return []
  const values = counts.facets.get(facet) ?? []
  const { registry } = context
  switch (field) {
    case 'organization': {
      const publishers = await registry.publishers()
      return values.map(v => ({ name: v.value, display_name: publishers.find(p => p.id === v.value)?.name ?? v.value, count: v.count }))
    }
    case 'groups': {
      const [themes, legacy] = await Promise.all([registry.themes(), registry.legacyGroups()])
      return [
        ...values.map(v => ({ name: v.value.toLowerCase(), display_name: themes.find(t => t.code === v.value)?.label_fr ?? v.value, count: v.count })),
        ...counts.legacyGroups.map(v => ({ name: v.value, display_name: legacy.find(g => g.name === v.value)?.title ?? v.value, count: v.count }))
      ]
    }
    case 'license_id': {
      const licences = await registry.licences()
      return values.map(v => ({ name: ckanLicenceId(v.value), display_name: licences.find(l => l.id === v.value)?.title ?? v.value, count: v.count }))
    }
    default:
      return values.map((v: FacetCount) => ({ name: v.value, display_name: v.value, count: v.count }))
  }
}

/** Filter queries: one string, repeated ones, or (fq_list) a JSON list; never split on commas, which queries contain. */
function queries (input: ActionInput, name: string): string[] {
  const value = input[name]
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]
  return items.flatMap(item => typeof item === 'string' && item.trim().startsWith('[') && name === 'fq_list' ? list({ [name]: item }, name) : [String(item)])
}

const EMPTY: SearchCounts = { count: 0, facets: new Map(), legacyGroups: [] }

function parse (source: string): Query {
  try {
    return parseSolr(source)
  } catch (err) {
    if (err instanceof SearchSyntaxError) throw searchQueryError(err.message)
    throw err
  }
}

export const packageSearch: Action = async (context, input: ActionInput) => {
  const unknown = Object.keys(input).filter(key => !KNOWN.has(key) && !key.startsWith('ext_'))
  if (unknown.length > 0) throw searchQueryError(`Invalid search parameters: ${JSON.stringify(unknown)}`)
  const rows = natural(input, 'rows', 10, ROWS_MAX)
  const start = natural(input, 'start', 0)
  const withFacets = bool(input, 'facet', true)
  const fields = withFacets ? [...new Set(list(input, 'facet.field'))] : []
  const limit = integer(input, 'facet.limit', 50)
  const mincount = natural(input, 'facet.mincount', 1)
  const sort = text(input, 'sort')?.trim() || DEFAULT_SORT
  const q = parse(text(input, 'q') ?? '')
  const filters = [...queries(input, 'fq_list'), ...queries(input, 'fq')].map(parse)
  const query: Query = { type: 'and', items: [q, ...filters] }
  let expr: Expr
  let order
  try {
    expr = await compile(query, context.registry, new Date())
    order = parseSort(sort, rankingText(q))
  } catch (err) {
    if (err instanceof SearchSyntaxError) throw searchQueryError(err.message)
    throw err
  }
  const facets = [...new Set(fields.map(field => FACETS[field]).filter(f => f !== undefined))]
  // The labels of the facet values are read beside the search, not after it (the registry keeps them).
  const [counts, page] = await Promise.all([
    countMatches(context.db, expr, { facets, legacyGroups: fields.includes('groups'), limit, mincount }),
    searchPage(context.db, expr, order, rows, start),
    ...fields.map(async field => await facetItems(context, field, EMPTY))
  ])
  const searchFacets: Record<string, { title: string, items: FacetItem[] }> = {}
  const flatFacets: Record<string, Record<string, number>> = {}
  for (const field of fields) {
    const items = await facetItems(context, field, counts)
    flatFacets[field] = Object.fromEntries(items.map(item => [item.name, item.count]))
    searchFacets[field] = { title: field, items: items.sort((a, b) => a.display_name < b.display_name ? 1 : a.display_name > b.display_name ? -1 : 0) }
  }
  return {
    count: counts.count,
    facets: flatFacets,
    results: page.map(row => toPackageDict(row, context.dto)),
    sort,
    search_facets: searchFacets
  }
}
