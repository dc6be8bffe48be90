// GET/PUT/PATCH/DELETE /distributions/{id}: one distribution; every change moves its dataset's `modified`.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import type { Config } from '../../config.js'
import type { DB, DistributionRow } from '../../db/types.js'
import { deleteDistribution, distributionValuesOf, updateDistribution } from '../../db/distributions.js'
import { distributionInputOf, distributionValuesFromInput, keepFileColumns } from '../../dto/distribution-input.js'
import { toDistributionDto } from '../../dto/distribution.js'
import { applyMergePatch } from '../../dto/merge-patch.js'
import { assertCanWrite } from '../../auth/permissions.js'
import { checkIfMatch, etagOf, sendResource } from '../../http/conditional.js'
import { acceptMergePatch } from '../../http/merge-patch.js'
import { NotModified, problems, ref, Uuid } from '../../schemas/common.js'
import { CreateDistribution, Distribution, DistributionPatch } from '../../schemas/distribution.js'
import { sendWritten } from '../datasets/load.js'
import { validateDistribution } from '../datasets/validate.js'
import { distributionChanged, loadDistribution, type LoadedDistribution } from './load.js'

const Params = Type.Object({ id: Uuid }, { additionalProperties: false })
const security = [{ bearer: [] }]
const ifMatch = 'With `If-Match`, answers 412 unless it names the current ETag.'

const distributions: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  acceptMergePatch(app)
  const dto = (row: DistributionRow) => toDistributionDto(row, config.publicUrl)

  /** Locks, checks rights and If-Match, then writes `input` when it changes anything. */
  async function replace (trx: Kysely<DB>, request: FastifyRequest, loaded: LoadedDistribution, input: (current: CreateDistribution) => CreateDistribution) {
    const { row, dataset } = loaded
    assertCanWrite(request.principal, dataset.publisher_id)
    checkIfMatch(request, etagOf(dto(row)))
    const before = distributionValuesOf(row)
    const values = keepFileColumns(distributionValuesFromInput(input(distributionInputOf(before)), dataset.licence_id), row)
    const fields = (Object.keys(values) as Array<keyof typeof values>).filter(key => JSON.stringify(values[key]) !== JSON.stringify(before[key]))
    if (fields.length === 0) return row
    await validateDistribution(trx, values)
    const updated = await updateDistribution(trx, row.id, values)
    await distributionChanged(trx, request, dataset.id, 'distribution.updated', { distribution: row.id, fields })
    return updated
  }

  app.get('/distributions/:id', {
    schema: {
      tags: ['distributions'],
      operationId: 'getDistribution',
      summary: 'Read one distribution',
      params: Params,
      response: { 200: ref(Distribution), 304: NotModified, ...problems(400, 404, 410) }
    }
  }, async (request, reply) => {
    const { row } = await loadDistribution(app.db, request, request.params.id)
    const body = dto(row)
    return sendResource(request, reply, body, new Date(body.updatedAt))
  })

  app.put('/distributions/:id', {
    schema: {
      tags: ['distributions'],
      operationId: 'putDistribution',
      summary: 'Replace the metadata of a distribution',
      description: `Omitted fields become empty (\`licence\`: the dataset's). An uploaded file's size, checksum, media type and URL stay those of its bytes. ${ifMatch}`,
      security,
      params: Params,
      body: ref(CreateDistribution),
      response: { 200: ref(Distribution), ...problems(400, 401, 403, 404, 410, 412, 422) }
    }
  }, async (request, reply) => {
    const row = await app.db.transaction().execute(async trx =>
      replace(trx, request, await loadDistribution(trx, request, request.params.id, true), () => request.body))
    return sendWritten(reply, dto(row))
  })

  app.patch('/distributions/:id', {
    schema: {
      tags: ['distributions'],
      operationId: 'patchDistribution',
      summary: 'Change some fields of a distribution',
      description: `A JSON merge patch (RFC 7396), sent as application/merge-patch+json or application/json. ${ifMatch}`,
      security,
      params: Params,
      body: ref(DistributionPatch),
      response: { 200: ref(Distribution), ...problems(400, 401, 403, 404, 410, 412, 415, 422) }
    }
  }, async (request, reply) => {
    const row = await app.db.transaction().execute(async trx =>
      replace(trx, request, await loadDistribution(trx, request, request.params.id, true), current => applyMergePatch(current, request.body)))
    return sendWritten(reply, dto(row))
  })

  app.delete('/distributions/:id', {
    schema: {
      tags: ['distributions'],
      operationId: 'deleteDistribution',
      summary: 'Delete a distribution',
      description: `Removes the distribution (and its uploaded file) and moves the dataset's \`modified\`. ${ifMatch}`,
      security,
      params: Params,
      response: { 204: Type.Null({ description: 'Deleted.' }), ...problems(400, 401, 403, 404, 410, 412) }
    }
  }, async (request, reply) => {
    const fileKey = await app.db.transaction().execute(async trx => {
      const { row, dataset } = await loadDistribution(trx, request, request.params.id, true)
      assertCanWrite(request.principal, dataset.publisher_id)
      checkIfMatch(request, etagOf(dto(row)))
      await deleteDistribution(trx, row.id)
      await distributionChanged(trx, request, dataset.id, 'distribution.deleted', { distribution: row.id })
      return row.file_key
    })
    // The row is gone for good: its bytes can go too (a failure only leaves an unreachable object).
    if (fileKey !== null) await app.storage.delete(fileKey).catch((err: unknown) => request.log.error({ err, fileKey }, 'could not remove a deleted file'))
    return reply.code(204).send(null)
  })
}

export default distributions
