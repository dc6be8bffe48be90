// POST /datasets: creates a dataset, its slug generated from the title unless given.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { DatasetDtoOptions } from '../../dto/dataset.js'
import { problems, ref } from '../../schemas/common.js'
import { CreateDataset, Dataset } from '../../schemas/dataset.js'
import { sendWritten } from './load.js'
import { createDataset } from './save.js'

const create: FastifyPluginAsyncTypebox<{ dto: DatasetDtoOptions }> = async (app, { dto }) => {
  app.post('/datasets', {
    schema: {
      tags: ['datasets'],
      operationId: 'createDataset',
      summary: 'Create a dataset',
      description: 'The slug is generated from the title (made unique) unless given. An editor token publishes as its publisher; ' +
        'an admin token names the `publisher`. Use PUT /datasets/{slug} for scripts that must be safe to run twice.',
      security: [{ bearer: [] }],
      body: ref(CreateDataset),
      response: { 201: ref(Dataset), ...problems(400, 401, 403, 409, 422) }
    }
  }, async (request, reply) => {
    const body = await app.db.transaction().execute(trx => createDataset(trx, request, request.body, request.body.slug ?? null, dto))
    return sendWritten(reply.header('location', body.uri), body, 201)
  })
}

export default create
