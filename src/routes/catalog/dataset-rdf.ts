// One dataset as DCAT-AP, for GET /datasets/{idOrSlug}.{ext} and GET /datasets/{idOrSlug} with an RDF
// Accept header. The datasets route owns the URL and hands over here (SPEC §3).
import type { FastifyReply, FastifyRequest } from 'fastify'
import { assertVisible } from '../../auth/permissions.js'
import { findFeedDataset, listFeedDistributions } from '../../db/catalog.js'
import { UUID } from '../../db/datasets.js'
import { datasetQuads, type FeedProfile } from '../../dcat/feed.js'
import type { DatasetView } from '../../dcat/types.js'
import { isRdfFormat, preferredRdfFormat, type RdfFormat } from '../../dcat/serialize/index.js'
import { GoneError, NotFoundError } from '../../errors.js'
import { withMeasurements } from '../../quality/dqv.js'
import { feedOptions, sendRdf } from './send-rdf.js'
import { viewBuilder } from './views.js'

const WITH_EXTENSION = /^(.+)\.([a-z]+)$/

/**
 * Whether the request asks for RDF: the parameter ends in `.ttl`, `.rdf`, `.jsonld` or `.nt` (slugs
 * have no dot), or Accept names an RDF type before application/json. Null: serve the JSON.
 */
export function rdfRequest (request: FastifyRequest, idOrSlug: string): { idOrSlug: string, format: RdfFormat } | null {
  const match = WITH_EXTENSION.exec(idOrSlug)
  if (match?.[1] !== undefined && match[2] !== undefined && isRdfFormat(match[2])) return { idOrSlug: match[1], format: match[2] }
  const format = preferredRdfFormat(request.headers.accept, 'application/json')
  return format === null ? null : { idOrSlug, format }
}

/** A published dataset (or a draft its publisher may see) as the feed's view; 404 unknown or hidden, 410 deleted. */
export async function loadDatasetView (request: FastifyRequest, idOrSlug: string, profile?: FeedProfile): Promise<{ view: DatasetView, lastModified: Date }> {
  const { db, feedConfig: config } = request.server
  const row = await findFeedDataset(db, idOrSlug, UUID.test(idOrSlug))
  if (row === undefined) throw new NotFoundError('Dataset', idOrSlug)
  assertVisible(request.principal, { status: row.status, publisherId: row.publisher_id }, idOrSlug)
  if (row.deleted_at !== null) throw new GoneError('Dataset', idOrSlug)
  const distributions = await listFeedDistributions(db, [row.id])
  const built = await viewBuilder(db, config).datasets([row], distributions)
  const [view] = feedOptions(config, profile).quality ? await withMeasurements(db, built) : built
  const changes = [row.updated_at, row.publisher_updated_at, ...distributions.map((d) => d.updated_at)]
  return { view: view!, lastModified: new Date(Math.max(...changes.map((date) => date.getTime()))) }
}

/** The dataset of loadDatasetView() as DCAT-AP. */
export async function sendDatasetRdf (request: FastifyRequest, reply: FastifyReply, idOrSlug: string, format: RdfFormat, profile?: FeedProfile): Promise<FastifyReply> {
  const { view, lastModified } = await loadDatasetView(request, idOrSlug, profile)
  return sendRdf(request, reply, request.server.feedConfig, {
    format,
    profile,
    lastModified,
    quads: (options) => [datasetQuads(view, options)]
  })
}
