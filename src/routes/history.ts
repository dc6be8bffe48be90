// GET /datasets/{idOrSlug}/history: who changed a dataset and when, for its publisher and admins only.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Config } from '../config.js'
import { problems, ref } from '../schemas/common.js'
import { DatasetHistory } from '../schemas/history.js'
import { findDataset } from '../db/datasets.js'
import { listDatasetChanges, type DatasetChangeRow } from '../db/history.js'
import { assertVisible, canSeeDrafts } from '../auth/permissions.js'
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors.js'
import type { Principal } from '../plugins/auth.js'

const DEFAULT_LIMIT = 20

/** The cursor is the id of the last change of a page, opaque to clients. */
const encodeCursor = (id: string): string => Buffer.from(`change:${id}`).toString('base64url')

function decodeCursor (cursor: string): string {
  const match = /^change:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (match?.[1] === undefined) throw new BadRequestError('The cursor is malformed; use the `next` link of a previous page')
  return match[1]
}

function toChangeDto (row: DatasetChangeRow) {
  return {
    id: Number(row.id),
    action: row.action,
    at: row.at.toISOString(),
    by: { token: row.token_id, publisher: row.publisher_id },
    summary: row.summary
  }
}

const history: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  app.get('/datasets/:idOrSlug/history', {
    schema: {
      tags: ['datasets'],
      operationId: 'getDatasetHistory',
      summary: 'The changes made to a dataset',
      description: 'Every write to the dataset and its distributions, newest first, with the token and publisher that made it. ' +
        'Readable by the dataset’s publisher and admins; a draft of another publisher answers 404, like a dataset that does not exist. ' +
        'Deleted datasets keep their history.',
      security: [{ bearer: [] }],
      params: Type.Object({
        idOrSlug: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', minLength: 1, maxLength: 100, description: 'The dataset id (UUID) or its slug.', examples: ['arrets-de-bus'] })
      }, { additionalProperties: false }),
      querystring: Type.Object({
        limit: Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_LIMIT }),
        cursor: Type.Optional(Type.String({ maxLength: 200, description: 'Opaque; from `next`.' }))
      }, { additionalProperties: false }),
      response: { 200: ref(DatasetHistory), ...problems(400, 401, 403, 404, 429) }
    }
  }, async (request, reply) => {
    const principal = request.principal as Principal
    const { idOrSlug } = request.params
    const { limit, cursor } = request.query
    const dataset = await findDataset(app.db, idOrSlug)
    if (dataset === undefined) throw new NotFoundError('Dataset', idOrSlug)
    assertVisible(principal, { status: dataset.status, publisherId: dataset.publisher_id }, idOrSlug)
    if (!canSeeDrafts(principal, dataset.publisher_id)) {
      throw new ForbiddenError('Only the dataset’s publisher and admins may read its history')
    }
    // One extra row tells whether another page follows.
    const rows = await listDatasetChanges(app.db, dataset.id, limit + 1, cursor === undefined ? undefined : decodeCursor(cursor))
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    const next = rows.length > limit && last !== undefined
      ? `${config.publicUrl}/datasets/${encodeURIComponent(idOrSlug)}/history?limit=${limit}&cursor=${encodeCursor(last.id)}`
      : null
    if (next !== null) reply.header('link', `<${next}>; rel="next"`)
    return { items: page.map(toChangeDto), next }
  })
}

export default history
