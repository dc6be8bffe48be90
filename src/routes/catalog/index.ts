// The DCAT-AP feed's URLs (SPEC §4): the paged catalogue by extension or by Accept, each publisher's
// sub-catalogue, and the full catalogue. No URL here ever redirects: harvesters fail on a 3xx.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import { findCatalogPublisher } from '../../db/catalog.js'
import type { PublisherRow } from '../../db/types.js'
import { negotiateRdfFormat, RDF_EXTENSIONS, RDF_FORMATS, type RdfFormat } from '../../dcat/serialize/index.js'
import { NotAcceptableError, NotFoundError } from '../../errors.js'
import { FEED_TYPES, pageRequested } from '../../web/negotiate.js'
import { sendHomePage, sendPublisherPage } from '../../web/handlers.js'
import { sendFullCatalog } from './full.js'
import { sendCatalogPage } from './page.js'
import { FeedQuery, FormatParams, fullResponses, pageResponses, ProfileQuery, PublisherFormatParams, PublisherParams } from './schemas.js'

const FORMATS_NOTE = 'Turtle (`.ttl`), RDF/XML (`.rdf`), JSON-LD (`.jsonld`) or N-Triples (`.nt`).'
const PAGING_NOTE = 'Paged with `hydra:PartialCollectionView`: follow `hydra:next` (absolute, absent on the last page). ' +
  'The order is stable, so datasets added, edited or deleted during a crawl are neither skipped nor repeated.'

/** Extensionless URLs: Turtle for no Accept or `*∕*` (what harvesters send), 406 when nothing fits. */
function negotiated (request: FastifyRequest, reply: FastifyReply): RdfFormat {
  reply.header('vary', 'Accept')
  const format = negotiateRdfFormat(request.headers.accept)
  if (format === null) throw new NotAcceptableError(RDF_EXTENSIONS.map((f) => RDF_FORMATS[f].mediaType).join(', '))
  return format
}

async function publisherOf (request: FastifyRequest, id: string): Promise<PublisherRow> {
  const publisher = await findCatalogPublisher(request.server.db, id)
  if (publisher === undefined) throw new NotFoundError('Publisher', id)
  return publisher
}

const catalog: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  app.get('/catalog', {
    schema: {
      tags: ['catalog'],
      operationId: 'getCatalog',
      summary: 'The DCAT-AP catalogue, negotiated on Accept',
      description: `${FORMATS_NOTE} Turtle when Accept is absent or \`*/*\`. ${PAGING_NOTE}`,
      querystring: FeedQuery,
      response: pageResponses(true)
    }
  }, async (request, reply) => {
    // Browsers get the catalogue's page; harvesters send no Accept, `*/*` or an RDF type.
    if (pageRequested(request.headers.accept, FEED_TYPES) === 'html') return sendHomePage(request, reply.header('vary', 'Accept'))
    return sendCatalogPage(request, reply, {
      config, publisher: null, format: negotiated(request, reply), path: '/catalog', query: request.query
    })
  })

  app.get('/catalog.:format', {
    schema: {
      tags: ['catalog'],
      operationId: 'getCatalogAs',
      summary: 'The DCAT-AP catalogue in one RDF syntax',
      description: `${FORMATS_NOTE} The URL to register with a harvester. ${PAGING_NOTE}`,
      params: FormatParams,
      querystring: FeedQuery,
      response: pageResponses(false)
    }
  }, async (request, reply) => sendCatalogPage(request, reply, {
    config, publisher: null, format: request.params.format, path: `/catalog.${request.params.format}`, query: request.query
  }))

  app.get('/catalog/full.:format', {
    schema: {
      tags: ['catalog'],
      operationId: 'getFullCatalog',
      summary: 'The whole DCAT-AP catalogue in one streamed document',
      description: `${FORMATS_NOTE} Not paged: every published dataset, streamed from the database.`,
      params: FormatParams,
      querystring: ProfileQuery,
      response: fullResponses
    }
  }, async (request, reply) => sendFullCatalog(request, reply, config, request.params.format, request.query.profile))

  app.get('/publishers/:id/catalog', {
    schema: {
      tags: ['catalog'],
      operationId: 'getPublisherCatalog',
      summary: 'One publisher’s DCAT-AP sub-catalogue, negotiated on Accept',
      description: `The URL a publisher registers as its own harvest source on data.gouv.fr. ${FORMATS_NOTE} ${PAGING_NOTE}`,
      params: PublisherParams,
      querystring: FeedQuery,
      response: pageResponses(true)
    }
  }, async (request, reply) => {
    if (pageRequested(request.headers.accept, FEED_TYPES) === 'html') return sendPublisherPage(request, reply.header('vary', 'Accept'), request.params.id)
    const format = negotiated(request, reply)
    const publisher = await publisherOf(request, request.params.id)
    return sendCatalogPage(request, reply, {
      config, publisher, format, path: `/publishers/${encodeURIComponent(publisher.id)}/catalog`, query: request.query
    })
  })

  app.get('/publishers/:id/catalog.:format', {
    schema: {
      tags: ['catalog'],
      operationId: 'getPublisherCatalogAs',
      summary: 'One publisher’s DCAT-AP sub-catalogue in one RDF syntax',
      description: `${FORMATS_NOTE} ${PAGING_NOTE}`,
      params: PublisherFormatParams,
      querystring: FeedQuery,
      response: pageResponses(false)
    }
  }, async (request, reply) => {
    const { id, format } = request.params
    const publisher = await publisherOf(request, id)
    return sendCatalogPage(request, reply, {
      config, publisher, format, path: `/publishers/${encodeURIComponent(publisher.id)}/catalog.${format}`, query: request.query
    })
  })
}

export default catalog
