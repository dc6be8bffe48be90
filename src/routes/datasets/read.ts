// GET /datasets/{idOrSlug}: one dataset as JSON (with its distributions) or, negotiated, as DCAT-AP.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { NotModified, problems } from '../../schemas/common.js'
import { rdfRequest, sendDatasetRdf } from '../catalog/dataset-rdf.js'
import { toDatasetDto, type DatasetDtoOptions } from '../../dto/dataset.js'
import { loadDatasetWithDistributions, sendSerialized } from './load.js'
import { datasetOrRdf, ReadParams } from './params.js'

const read: FastifyPluginAsyncTypebox<{ dto: DatasetDtoOptions }> = async (app, { dto }) => {
  app.get('/datasets/:idOrSlug', {
    schema: {
      tags: ['datasets'],
      operationId: 'getDataset',
      summary: 'Read one dataset',
      description: 'The dataset with its distributions embedded. Drafts answer 404 except to their publisher and admins; deleted datasets 410. ' +
        'An RDF `Accept` (text/turtle, application/rdf+xml, application/ld+json, application/n-triples) preferred over JSON, or a ' +
        '`.ttl`/`.rdf`/`.jsonld`/`.nt` suffix, answers DCAT-AP.',
      params: ReadParams,
      response: { 200: datasetOrRdf, 304: NotModified, ...problems(404, 406, 410) }
    }
  }, async (request, reply) => {
    const rdf = rdfRequest(request, request.params.idOrSlug)
    if (rdf !== null) return sendDatasetRdf(request, reply, rdf.idOrSlug, rdf.format)
    const row = await loadDatasetWithDistributions(app.db, request, request.params.idOrSlug)
    const body = toDatasetDto(row, row.distributions, dto)
    reply.header('vary', 'Accept').type('application/json; charset=utf-8')
    return sendSerialized(request, reply, body, new Date(body.updatedAt))
  })
}

export default read
