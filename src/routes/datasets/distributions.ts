// GET/POST /datasets/{idOrSlug}/distributions: a dataset's distributions; POST adds a link (JSON) or,
// as multipart/form-data, an uploaded file (src/uploads).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { distributionsOf, insertDistribution } from '../../db/distributions.js'
import { assertCanWrite } from '../../auth/permissions.js'
import { distributionValuesFromInput } from '../../dto/distribution-input.js'
import { toDistributionDto } from '../../dto/distribution.js'
import type { DatasetDtoOptions } from '../../dto/dataset.js'
import { etagOf } from '../../http/conditional.js'
import { NotModified, problems, ref } from '../../schemas/common.js'
import { CreateDistribution, Distribution, DistributionList } from '../../schemas/distribution.js'
import { createUploadedDistribution } from '../../uploads/create-distribution.js'
import { skipMultipartBody, UploadForm } from '../../uploads/form-schemas.js'
import { distributionChanged } from '../distributions/load.js'
import { loadDataset, sendWritten } from './load.js'
import { WriteParams } from './params.js'
import { validateDistribution } from './validate.js'

const distributions: FastifyPluginAsyncTypebox<{ dto: DatasetDtoOptions }> = async (app, { dto }) => {
  app.get('/datasets/:idOrSlug/distributions', {
    schema: {
      tags: ['distributions'],
      operationId: 'listDatasetDistributions',
      summary: 'List the distributions of a dataset',
      params: WriteParams,
      response: { 200: ref(DistributionList), 304: NotModified, ...problems(400, 404, 410) }
    }
  }, async (request, reply) => {
    const dataset = await loadDataset(app.db, request, request.params.idOrSlug)
    const rows = (await distributionsOf(app.db, [dataset.id])).get(dataset.id) ?? []
    const body = { items: rows.map(row => toDistributionDto(row, dto.publicUrl)) }
    const etag = etagOf(body)
    reply.header('etag', etag)
    if (request.headers['if-none-match']?.split(',').some(tag => tag.trim() === etag) === true) return reply.code(304).send(null)
    return body
  })

  app.post('/datasets/:idOrSlug/distributions', {
    validatorCompiler: skipMultipartBody(app),
    schema: {
      tags: ['distributions'],
      operationId: 'createDistribution',
      summary: 'Add a distribution to a dataset',
      description: 'JSON adds a link (`accessUrl` or `downloadUrl`). multipart/form-data uploads a file: metadata fields, then one ' +
        '`file` part; size, sha256 and media type come from the bytes. `licence` defaults to the dataset\'s. Moves the dataset\'s `modified`.',
      security: [{ bearer: [] }],
      params: WriteParams,
      body: {
        content: {
          'application/json': { schema: ref(CreateDistribution) },
          'multipart/form-data': { schema: UploadForm }
        }
      },
      response: { 201: ref(Distribution), ...problems(400, 401, 403, 404, 410, 413, 415, 422) }
    }
  }, async (request, reply) => {
    const dataset = await loadDataset(app.db, request, request.params.idOrSlug)
    assertCanWrite(request.principal, dataset.publisher_id)
    if (request.isMultipart()) {
      return createUploadedDistribution(request, reply, { id: dataset.id, publisherId: dataset.publisher_id, licenceId: dataset.licence_id })
    }
    const row = await app.db.transaction().execute(async trx => {
      // Locked and checked again: the dataset may have changed since the check above.
      const locked = await loadDataset(trx, request, dataset.id, true)
      const values = distributionValuesFromInput(request.body as CreateDistribution, locked.licence_id)
      await validateDistribution(trx, values)
      const inserted = await insertDistribution(trx, locked.id, values)
      await distributionChanged(trx, request, locked.id, 'distribution.created', { distribution: inserted.id })
      return inserted
    })
    const body = toDistributionDto(row, dto.publicUrl)
    return sendWritten(reply.header('location', body.uri), body, 201)
  })
}

export default distributions
