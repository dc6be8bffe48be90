// /harvest-sources: an admin, or a publisher's editor for its own publisher, registers the catalogues
// harvested into that publisher; other publishers' sources answer 404 (issue 14).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import type { Config } from '../config.js'
import type { DB, HarvestSourceRow } from '../db/types.js'
import { findPublisher } from '../db/publishers.js'
import { assertCanWrite } from '../auth/permissions.js'
import { ConflictError, invalid, NotFoundError } from '../errors.js'
import { checkIfMatch, etagOf, sendResource } from '../http/conditional.js'
import { acceptMergePatch, MERGE_PATCH } from '../http/merge-patch.js'
import { NotModified, problems } from '../schemas/common.js'
import { checkUrl, OutboundRefusedError } from '../outbound/policy.js'
import { CreateHarvestSource, HarvestSource, HarvestSourceList, HarvestSourcePatch, SourceParams } from './schemas.js'
import { deleteSource, findSource, hasRunningRun, insertSource, listSources, updateSource, urlTaken, type SourceValues } from './sources.js'
import { scheduleInterval } from './schedule.js'
import { toHarvestSourceDto } from './dto.js'

export const TAG = 'harvesting'
const security = [{ bearer: [] }]
const ifMatch = 'With `If-Match`, answers 412 unless it names the current ETag.'

/** The source the caller may manage; others' sources answer like unknown ones. */
export async function loadSource (db: Kysely<DB>, request: FastifyRequest, id: string, forUpdate = false): Promise<HarvestSourceRow> {
  const row = await findSource(db, id, forUpdate)
  const principal = request.principal!
  if (row === undefined || (principal.role !== 'admin' && principal.publisherId !== row.publisher_id)) throw new NotFoundError('Harvest source', id)
  return row
}

const sources: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  acceptMergePatch(app)
  const policy = { allowPrivate: config.outboundAllowPrivate === true }

  /** The normalised URL, once the outbound policy accepts it (400 with the reason otherwise). */
  async function sourceUrl (text: string): Promise<string> {
    try {
      return (await checkUrl(policy, text)).href
    } catch (err) {
      throw err instanceof OutboundRefusedError ? invalid('body/url', err.message, 400) : err
    }
  }

  const sourceTaken = (url: string) => new ConflictError(`A harvest source already reads ${url}`)

  app.get('/harvest-sources', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'listHarvestSources',
      summary: 'List the harvest sources the token manages',
      security,
      response: { 200: HarvestSourceList, ...problems(401) }
    }
  }, async request => {
    const principal = request.principal!
    const rows = await listSources(app.db, principal.role === 'admin' ? null : principal.publisherId)
    return { items: rows.map(toHarvestSourceDto), total: rows.length }
  })

  app.post('/harvest-sources', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'createHarvestSource',
      summary: 'Register a catalogue to harvest into a publisher',
      description: 'An admin names the publisher; an editor token registers for its own. The URL must resolve to a public ' +
        'address (not loopback, private, link-local, CGNAT, multicast or cloud metadata) unless the server sets ' +
        '`OUTBOUND_ALLOW_PRIVATE=true`; 400 says why otherwise. 409 when another source already reads the URL.',
      security,
      body: CreateHarvestSource,
      response: { 201: HarvestSource, ...problems(400, 401, 403, 409, 422) }
    }
  }, async (request, reply) => {
    const { body } = request
    const publisherId = body.publisher ?? request.principal!.publisherId
    if (publisherId === null) throw invalid('body/publisher', 'is required with an admin token', 400)
    assertCanWrite(request.principal, publisherId)
    if (await findPublisher(app.db, publisherId) === undefined) throw invalid('body/publisher', `${publisherId} is not a publisher`)
    const interval = scheduleInterval(body.schedule)
    const url = await sourceUrl(body.url)
    const row = await insertSource(app.db, publisherId, { kind: body.kind, url, schedule: body.schedule, interval_seconds: interval })
    if (row === undefined) throw sourceTaken(url)
    const dto = toHarvestSourceDto(row)
    return reply.code(201).header('location', `${config.publicUrl}/harvest-sources/${row.id}`).header('etag', etagOf(dto)).send(dto)
  })

  app.get('/harvest-sources/:id', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'getHarvestSource',
      summary: 'Read a harvest source',
      security,
      params: SourceParams,
      response: { 200: HarvestSource, 304: NotModified, ...problems(400, 401, 404) }
    }
  }, async (request, reply) => {
    const row = await loadSource(app.db, request, request.params.id)
    return sendResource(request, reply, toHarvestSourceDto(row), row.updated_at)
  })

  app.patch('/harvest-sources/:id', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'patchHarvestSource',
      summary: 'Change the kind, URL or schedule of a harvest source',
      description: `A JSON merge patch (\`${MERGE_PATCH}\` or \`application/json\`); a new schedule makes the source due at once. ${ifMatch}`,
      security,
      params: SourceParams,
      consumes: [MERGE_PATCH, 'application/json'],
      body: HarvestSourcePatch,
      response: { 200: HarvestSource, ...problems(400, 401, 404, 409, 412, 415) }
    }
  }, async (request, reply) => {
    const patch = request.body
    const interval = patch.schedule === undefined ? undefined : scheduleInterval(patch.schedule)
    const url = patch.url === undefined ? undefined : await sourceUrl(patch.url)
    const row = await app.db.transaction().execute(async trx => {
      const current = await loadSource(trx, request, request.params.id, true)
      checkIfMatch(request, etagOf(toHarvestSourceDto(current)))
      const values: SourceValues = {
        kind: patch.kind ?? current.kind,
        url: url ?? current.url,
        schedule: patch.schedule ?? current.schedule,
        interval_seconds: interval === undefined ? current.interval_seconds : interval
      }
      if (values.kind === current.kind && values.url === current.url && values.schedule === current.schedule) return current
      if (values.url !== current.url && await urlTaken(trx, values.url, current.id)) throw sourceTaken(values.url)
      return updateSource(trx, current.id, values, values.schedule !== current.schedule)
    })
    const dto = toHarvestSourceDto(row)
    return reply.header('etag', etagOf(dto)).header('last-modified', new Date(dto.updatedAt).toUTCString()).send(dto)
  })

  app.delete('/harvest-sources/:id', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'deleteHarvestSource',
      summary: 'Delete a harvest source',
      description: 'Its runs go with it; the datasets it harvested stay as they are and can then be edited by hand. ' +
        `409 while one of its runs is in progress. ${ifMatch}`,
      security,
      params: SourceParams,
      response: { 204: Type.Null({ description: 'Deleted.' }), ...problems(400, 401, 404, 409, 412) }
    }
  }, async (request, reply) => {
    await app.db.transaction().execute(async trx => {
      const current = await loadSource(trx, request, request.params.id, true)
      checkIfMatch(request, etagOf(toHarvestSourceDto(current)))
      if (await hasRunningRun(trx, current.id)) throw new ConflictError(`Harvest source ${current.id} is being harvested; delete it once the run ends`)
      await deleteSource(trx, current.id)
    })
    return reply.code(204).send(null)
  })
}

export default sources
