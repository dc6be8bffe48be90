// GET /datasets: search, filters, facets and keyset paging, as reusers' applications use them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { distributionsOf } from '../../db/distributions.js'
import {
  correctQuery, countAndFacets, keepMatches, searchDatasets,
  type DatasetFilter, type Facet, type SortKey, type Visibility
} from '../../db/search.js'
import { toDatasetDto, type DatasetDtoOptions } from '../../dto/dataset.js'
import { etagOf } from '../../http/conditional.js'
import { BadRequestError } from '../../errors.js'
import { NotModified, problems, ref } from '../../schemas/common.js'
import { DatasetList, DatasetQuery } from '../../schemas/dataset.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import { pageRequested } from '../../web/negotiate.js'
import { sendDatasetListPage } from '../../web/handlers.js'

/** The lowest score of each MQA band (src/quality/metrics.ts `bandOf`): `?quality=` is a minimum band. */
const MIN_SCORES = { excellent: 351, good: 221, sufficient: 120, bad: 0 } as const

function visibility (request: FastifyRequest): Visibility {
  const principal = request.principal
  if (principal?.role === 'admin') return { all: true }
  return { all: false, publisherId: principal?.publisherId ?? null }
}

/** The URL of the page after this one: the same query with the new cursor. */
function nextUrl (request: FastifyRequest, publicUrl: string, cursor: string): string {
  const params = new URL(request.url, 'http://localhost').searchParams
  params.set('cursor', cursor)
  return `${publicUrl}/datasets?${params.toString()}`
}

const list: FastifyPluginAsyncTypebox<{ dto: DatasetDtoOptions, matchLimit: number }> = async (app, { dto, matchLimit }) => {
  app.get('/datasets', {
    schema: {
      tags: ['datasets'],
      operationId: 'listDatasets',
      summary: 'Search and list datasets',
      description: 'French full-text search (stemming, accents ignored; when nothing matches, misspelt words are corrected), filters, ' +
        'sort, keyset paging with an opaque cursor (`next`, and a `Link: rel="next"` header) and facet counts. Each facet counts over ' +
        'the other filters, ignoring its own, so a client can offer alternatives. Drafts are listed only to their publisher and admins. ' +
        'A search on `q`, `modifiedSince` or `quality` counts and ranks at most `SEARCH_MATCH_LIMIT` (10,000) matches, the most recently added (`totalExact`).',
      querystring: DatasetQuery,
      response: {
        200: { description: 'A page of datasets; `text/html` preferred (browsers) answers the search page.', content: { 'application/json': { schema: ref(DatasetList) }, 'text/html': { schema: Type.String() } } },
        304: NotModified,
        ...problems(400)
      }
    }
  }, async (request, reply) => {
    const query = request.query
    const sort = (query.sort ?? (query.q === undefined ? '-modified' : 'relevance')) as SortKey
    if (sort === 'relevance' && query.q === undefined) throw new BadRequestError('sort=relevance needs a search query q')
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, sort)
    const filter: DatasetFilter = {
      q: query.q,
      publisher: query.publisher,
      keyword: query.keyword,
      theme: query.theme,
      licence: query.licence,
      format: query.format,
      modifiedSince: query.modifiedSince,
      minScore: query.quality === undefined ? undefined : MIN_SCORES[query.quality],
      visibility: visibility(request)
    }
    const facetNames = query.facets === undefined ? [] : [...new Set(query.facets.split(','))] as Facet[]
    // The kept matches are read once, for the count and for a relevance page; any other sort pages through
    // every match, so its page is read meanwhile, on a connection of its own on a server.
    const read = async (f: DatasetFilter) => {
      const kept = keepMatches(app.db, f, matchLimit, sort === 'relevance')
      const rows = sort === 'relevance'
        ? kept.then(async k => await searchDatasets(app.db, f, sort, after, query.limit + 1, k))
        : searchDatasets(app.db, f, sort, after, query.limit + 1)
      return await Promise.all([kept.then(async k => await countAndFacets(app.db, f, facetNames, k)), rows])
    }
    let [summary, rows] = await read(filter)
    // A query that finds nothing is retried with its misspelt words corrected.
    const corrected = summary.total === 0 && query.q !== undefined ? await correctQuery(app.db, query.q) : null
    if (corrected !== null) [summary, rows] = await read({ ...filter, q: corrected })
    const page = rows.slice(0, query.limit)
    const distributions = await distributionsOf(app.db, page.map(row => row.id))
    const last = page.at(-1)
    const next = rows.length > query.limit && last !== undefined
      ? nextUrl(request, dto.publicUrl, encodeCursor(sort, { value: last.sort_value, seq: last.seq }))
      : null
    reply.header('vary', 'Accept, Authorization')
    if (pageRequested(request.headers.accept, ['application/json']) === 'html') {
      return sendDatasetListPage(request, reply, { rows: page, distributions, total: summary.total, exact: summary.exact, next, q: query.q, corrected })
    }
    const facets = query.facets === undefined ? undefined : Object.fromEntries(summary.facets)
    const body = {
      items: page.map(row => toDatasetDto(row, distributions.get(row.id) ?? [], dto)),
      total: summary.total,
      totalExact: summary.exact,
      next,
      ...(facets === undefined ? {} : { facets })
    }
    if (next !== null) reply.header('link', `<${next}>; rel="next"`)
    const etag = etagOf(body)
    reply.header('etag', etag)
    if (request.headers['if-none-match']?.split(',').some(tag => tag.trim() === etag) === true) return reply.code(304).send(null)
    return body
  })
}

export default list
