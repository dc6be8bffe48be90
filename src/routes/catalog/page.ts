// One page of a catalogue (the portal's or a publisher's): keyset paging by an opaque cursor, and
// hydra links that are absolute, keep the query, and stop on the last page.
// @see ../../../../shared/notes/datagouv-harvester.md §1 (pagination) and §11.2
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Static } from 'typebox'
import type { Config } from '../../config.js'
import { listFeedDatasets, listFeedDistributions, summarizeFeed } from '../../db/catalog.js'
import type { PublisherRow } from '../../db/types.js'
import { catalogQuads } from '../../dcat/feed.js'
import type { RdfFormat } from '../../dcat/serialize/index.js'
import type { PageView } from '../../dcat/types.js'
import { invalid } from '../../errors.js'
import { DEFAULT_PAGE_SIZE, type FeedQuery } from './schemas.js'
import { withMeasurements } from '../../quality/dqv.js'
import { feedOptions, sendRdf } from './send-rdf.js'
import { viewBuilder } from './views.js'

/** The cursor is the last seq served, base64url-encoded so that clients treat it as opaque. */
const encodeCursor = (seq: string): string => Buffer.from(seq).toString('base64url')

function decodeCursor (cursor: string | undefined): string | null {
  if (cursor === undefined) return null
  const seq = Buffer.from(cursor, 'base64url').toString()
  if (!/^\d{1,18}$/.test(seq)) throw invalid('querystring/cursor', 'is not a cursor of this feed', 400)
  return seq
}

function pageUrl (base: string, query: Static<typeof FeedQuery>, cursor: string | null): string {
  const params = new URLSearchParams({ page_size: String(query.page_size ?? DEFAULT_PAGE_SIZE) })
  // The profile stays on every link: a harvester registered with it must get every page in it.
  if (query.profile !== undefined) params.set('profile', query.profile)
  if (query.modified_since !== undefined) params.set('modified_since', query.modified_since)
  if (cursor !== null) params.set('cursor', cursor)
  return `${base}?${params}`
}

const latest = (dates: Array<Date | null>): Date =>
  new Date(Math.max(0, ...dates.map((date) => date?.getTime() ?? 0)))

export interface PageRequest {
  config: Config
  /** The sub-catalogue's publisher; null for the portal's catalogue. */
  publisher: PublisherRow | null
  format: RdfFormat
  /** The path this page is served at (`/catalog.ttl`), which every link reuses. */
  path: string
  query: Static<typeof FeedQuery>
}

export async function sendCatalogPage (request: FastifyRequest, reply: FastifyReply, { config, publisher, format, path, query }: PageRequest): Promise<FastifyReply> {
  const { db } = request.server
  const filter = {
    publisherId: publisher?.id,
    modifiedSince: query.modified_since === undefined ? undefined : new Date(query.modified_since)
  }
  const after = decodeCursor(query.cursor)
  const size = query.page_size ?? DEFAULT_PAGE_SIZE
  // One row more than the page tells whether there is a next page. On a server the summary is read on
  // a connection of its own meanwhile.
  const [rows, summary] = await Promise.all([listFeedDatasets(db, filter, after, size + 1), summarizeFeed(db, filter)])
  const pageRows = rows.slice(0, size)
  const distributions = await listFeedDistributions(db, pageRows.map((row) => row.id))
  const builder = viewBuilder(db, config)
  const built = await builder.datasets(pageRows, distributions)
  const views = feedOptions(config, query.profile).quality ? await withMeasurements(db, built) : built
  const catalog = await builder.catalog(publisher, summary.lastChange)
  const base = config.publicUrl + path
  const last = pageRows.at(-1)
  const page: PageView = {
    url: pageUrl(base, query, query.cursor ?? null),
    firstUrl: pageUrl(base, query, null),
    nextUrl: rows.length > size && last !== undefined ? pageUrl(base, query, encodeCursor(last.seq)) : null,
    totalItems: summary.total
  }
  return sendRdf(request, reply, config, {
    format,
    profile: query.profile,
    lastModified: latest([
      summary.lastChange, publisher?.updated_at ?? null,
      ...pageRows.flatMap((row) => [row.updated_at, row.publisher_updated_at]),
      ...distributions.map((row) => row.updated_at)
    ]),
    quads: (options) => catalogQuads(catalog, views, page, options)
  })
}
