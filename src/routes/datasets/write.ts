// PUT (create or replace), PATCH (JSON merge patch) and DELETE of /datasets/{idOrSlug}, each under If-Match.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { findDataset, softDeleteDataset, datasetValuesOf } from '../../db/datasets.js'
import { recordChange } from '../../db/changes.js'
import { releaseDatasetFiles } from '../../db/files.js'
import { deleteStoredFiles } from '../../uploads/commit.js'
import { datasetInputOf } from '../../dto/dataset-input.js'
import type { DatasetDtoOptions } from '../../dto/dataset.js'
import { applyMergePatch } from '../../dto/merge-patch.js'
import { assertCanWrite, assertVisible } from '../../auth/permissions.js'
import { checkIfMatch, etagOf } from '../../http/conditional.js'
import { GoneError, invalid, NotFoundError } from '../../errors.js'
import { problems, ref } from '../../schemas/common.js'
import { CreateDataset, Dataset, DatasetPatch } from '../../schemas/dataset.js'
import { datasetDto, loadDataset, sendWritten } from './load.js'
import { WriteParams } from './params.js'
import { createDataset, replaceDataset } from './save.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const security = [{ bearer: [] }]
const ifMatch = 'With `If-Match`, answers 412 unless it names the current ETag.'

const write: FastifyPluginAsyncTypebox<{ dto: DatasetDtoOptions }> = async (app, { dto }) => {
  app.put('/datasets/:idOrSlug', {
    schema: {
      tags: ['datasets'],
      operationId: 'putDataset',
      summary: 'Create or replace a dataset',
      description: 'Replaces the whole dataset (omitted fields become empty). On an unknown slug, creates the dataset with that slug: ' +
        `running the same request twice changes nothing, \`modified\` included. ${ifMatch}`,
      security,
      params: WriteParams,
      body: ref(CreateDataset),
      response: { 200: ref(Dataset), 201: ref(Dataset), ...problems(400, 401, 403, 404, 409, 410, 412, 422) }
    }
  }, async (request, reply) => {
    const { idOrSlug } = request.params
    const { body, created } = await app.db.transaction().execute(async trx => {
      const current = await findDataset(trx, idOrSlug, true)
      if (current === undefined || current.deleted_at !== null) {
        if (current !== undefined) assertVisible(request.principal, { status: current.status, publisherId: current.publisher_id }, idOrSlug)
        // A slug names a dataset to create; an unknown (or deleted) id cannot be created.
        if (UUID.test(idOrSlug)) throw current === undefined ? new NotFoundError('Dataset', idOrSlug) : new GoneError('Dataset', idOrSlug)
        if (request.body.slug !== undefined && request.body.slug !== idOrSlug) throw invalid('body/slug', `must be ${idOrSlug}, the slug of the URL`)
        checkIfMatch(request, null)
        return { body: await createDataset(trx, request, request.body, idOrSlug, dto), created: true }
      }
      assertVisible(request.principal, { status: current.status, publisherId: current.publisher_id }, idOrSlug)
      assertCanWrite(request.principal, current.publisher_id)
      checkIfMatch(request, etagOf(await datasetDto(trx, current, dto)))
      return { body: await replaceDataset(trx, request, current, request.body, dto), created: false }
    })
    if (created) reply.header('location', body.uri)
    return sendWritten(reply, body, created ? 201 : 200)
  })

  app.patch('/datasets/:idOrSlug', {
    schema: {
      tags: ['datasets'],
      operationId: 'patchDataset',
      summary: 'Change some fields of a dataset',
      description: `A JSON merge patch (RFC 7396), sent as application/merge-patch+json or application/json. ${ifMatch}`,
      security,
      params: WriteParams,
      body: ref(DatasetPatch),
      response: { 200: ref(Dataset), ...problems(400, 401, 403, 404, 409, 410, 412, 415, 422) }
    }
  }, async (request, reply) => {
    const body = await app.db.transaction().execute(async trx => {
      const current = await loadDataset(trx, request, request.params.idOrSlug, true)
      assertCanWrite(request.principal, current.publisher_id)
      checkIfMatch(request, etagOf(await datasetDto(trx, current, dto)))
      const input = applyMergePatch(datasetInputOf(datasetValuesOf(current)), request.body)
      return replaceDataset(trx, request, current, input, dto)
    })
    return sendWritten(reply, body)
  })

  app.delete('/datasets/:idOrSlug', {
    schema: {
      tags: ['datasets'],
      operationId: 'deleteDataset',
      summary: 'Delete a dataset',
      description: `Removes the dataset from every list, search and feed; reading it then answers 410. ${ifMatch}`,
      security,
      params: WriteParams,
      response: { 204: Type.Null({ description: 'Deleted.' }), ...problems(401, 403, 404, 410, 412) }
    }
  }, async (request, reply) => {
    const fileKeys = await app.db.transaction().execute(async trx => {
      const current = await loadDataset(trx, request, request.params.idOrSlug, true)
      assertCanWrite(request.principal, current.publisher_id)
      checkIfMatch(request, etagOf(await datasetDto(trx, current, dto)))
      await softDeleteDataset(trx, current.id)
      await recordChange(trx, { datasetId: current.id, action: 'dataset.deleted', principal: request.principal, summary: { slug: current.slug } })
      return releaseDatasetFiles(trx, current.id)
    })
    // Files go only once the deletion is committed, so a failed delete loses nothing.
    await deleteStoredFiles(app, fileKeys)
    return reply.code(204).send(null)
  })
}

export default write
