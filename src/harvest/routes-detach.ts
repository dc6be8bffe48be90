// POST /datasets/{idOrSlug}/detach: a publisher takes a harvested dataset back from its source, to edit it
// by hand; later runs of the source neither claim it back nor unpublish it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { DatasetDtoOptions } from '../dto/dataset.js'
import { recordChange } from '../db/changes.js'
import { assertCanWrite } from '../auth/permissions.js'
import { problems, ref } from '../schemas/common.js'
import { Dataset } from '../schemas/dataset.js'
import { WriteParams } from '../routes/datasets/params.js'
import { datasetDto, loadDataset, sendWritten } from '../routes/datasets/load.js'
import { detach } from './links.js'
import { TAG } from './routes-sources.js'

const detachRoute: FastifyPluginAsyncTypebox<{ dto: DatasetDtoOptions }> = async (app, { dto }) => {
  app.post('/datasets/:idOrSlug/detach', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'detachDataset',
      summary: 'Detach a harvested dataset from its source',
      description: 'Harvested datasets answer 409 to every hand edit (PUT, PATCH, DELETE, and their distributions). ' +
        'Detaching drops the link to the source: the dataset can then be edited, and later runs of the source do not ' +
        'claim it back nor unpublish it. Answers the dataset; detaching one that no source owns changes nothing.',
      security: [{ bearer: [] }],
      params: WriteParams,
      response: { 200: ref(Dataset), ...problems(400, 401, 403, 404, 410) }
    }
  }, async (request, reply) => {
    const body = await app.db.transaction().execute(async trx => {
      const current = await loadDataset(trx, request, request.params.idOrSlug, true)
      assertCanWrite(request.principal, current.publisher_id)
      if (await detach(trx, current.id)) {
        await recordChange(trx, { datasetId: current.id, action: 'dataset.detached', principal: request.principal })
      }
      return datasetDto(trx, current, dto)
    })
    return sendWritten(reply, body)
  })
}

export default detachRoute
