// GET /datasets/{idOrSlug}: one dataset as JSON (with its distributions) or, negotiated, as DCAT-AP.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { NotModified, problems } from '../../schemas/common.js'
import { rdfRequest, sendDatasetRdf } from '../catalog/dataset-rdf.js'
import { ProfileQuery } from '../catalog/schemas.js'
import type { DatasetDtoOptions } from '../../dto/dataset.js'
import { BodyCache } from '../../http/body-cache.js'
import { renderDataset, sendRendered } from './load.js'
import { datasetOrRdf, ReadParams } from './params.js'
import { DATASET_TYPES, pageRequested } from '../../web/negotiate.js'
import { sendDatasetPage } from '../../web/handlers.js'

/** Room for the bodies of a few thousand typical datasets (about 4 KB each). */
const BODY_CACHE_BYTES = 16 * 1024 * 1024

const read: FastifyPluginAsyncTypebox<{ dto: DatasetDtoOptions }> = async (app, { dto }) => {
  const bodies = new BodyCache(BODY_CACHE_BYTES)
  app.get('/datasets/:idOrSlug', {
    schema: {
      tags: ['datasets'],
      operationId: 'getDataset',
      summary: 'Read one dataset',
      description: 'The dataset with its distributions embedded. Drafts answer 404 except to their publisher and admins; deleted datasets 410. ' +
        'An RDF `Accept` (text/turtle, application/rdf+xml, application/ld+json, application/n-triples) preferred over JSON, or a ' +
        '`.ttl`/`.rdf`/`.jsonld`/`.nt` suffix, answers DCAT-AP. `text/html` preferred (browsers) answers the dataset\'s page, ' +
        '`application/ld+json;profile="https://schema.org"` its schema.org Dataset.',
      params: ReadParams,
      querystring: ProfileQuery,
      response: { 200: datasetOrRdf, 304: NotModified, ...problems(404, 406, 410) }
    }
  }, async (request, reply) => {
    // A slug has no dot: with an extension, the extension decides.
    const page = request.params.idOrSlug.includes('.') ? null : pageRequested(request.headers.accept, DATASET_TYPES)
    if (page !== null) return sendDatasetPage(request, reply, request.params.idOrSlug, page)
    const rdf = rdfRequest(request, request.params.idOrSlug)
    if (rdf !== null) return sendDatasetRdf(request, reply, rdf.idOrSlug, rdf.format, request.query.profile)
    const rendered = await renderDataset(app.db, request, reply, request.params.idOrSlug, bodies, dto)
    reply.header('vary', 'Accept').type('application/json; charset=utf-8')
    return sendRendered(request, reply, rendered)
  })
}

export default read
