// Publishers: anyone reads them; admins create, replace, patch and delete them (SPEC §2, §3, §5).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import type { Config } from '../config.js'
import { assertAdmin } from '../auth/permissions.js'
import {
  countPublisherDatasets, deletePublisher, findPublisher, insertPublisher, listPublishers, publisherValuesOf,
  updatePublisher, type PublisherValues
} from '../db/publishers.js'
import type { DB, PublisherRow } from '../db/types.js'
import { unknownCodes } from '../db/vocabularies.js'
import { toPublisherDto } from '../dto/publisher.js'
import { ConflictError, NotFoundError, invalid } from '../errors.js'
import { checkIfMatch, etagOf, sendResource } from '../http/conditional.js'
import { createOrReplace, patchExisting, sendWritten, type Store } from '../http/create-or-replace.js'
import { acceptMergePatch, MERGE_PATCH } from '../http/merge-patch.js'
import { NotModified, problems, ref, Slug } from '../schemas/common.js'
import { CreatePublisher, Publisher, PublisherList, PublisherPatch, ReplacePublisher } from '../schemas/publisher.js'
import { pageRequested } from '../web/negotiate.js'
import { sendPublisherPage } from '../web/handlers.js'

const Params = Type.Object({ id: { ...Slug, description: 'The publisher id.', examples: ['lugdunum'] } })
const IfMatchNote = 'Send `If-Match` with the ETag you read to get 412 instead of overwriting someone else\'s change.'

async function assertPublisherType (db: Kysely<DB>, type: string): Promise<void> {
  if ((await unknownCodes(db, 'publisher-type', [type])).length > 0) {
    throw invalid('body/type', `${type} is not a publisher type; see GET /vocabularies/publisher-type`)
  }
}

function valuesOf (body: ReplacePublisher): PublisherValues {
  return { name: body.name, type: body.type, homepage: body.homepage ?? null, email: body.email ?? null }
}

const publishers: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  acceptMergePatch(app)
  const dto = (row: PublisherRow): Publisher => toPublisherDto(row, config.publicUrl)
  const store: Store<PublisherRow, PublisherValues> = {
    name: 'Publisher',
    find: findPublisher,
    insert: insertPublisher,
    update: updatePublisher,
    valuesOf: publisherValuesOf,
    etag: row => etagOf(dto(row))
  }
  const sendPublisher = (reply: FastifyReply, row: PublisherRow, status: number): FastifyReply =>
    sendWritten(reply, dto(row), row.updated_at, status)

  app.get('/publishers', {
    schema: {
      tags: ['publishers'],
      operationId: 'listPublishers',
      summary: 'List every publisher',
      response: { 200: ref(PublisherList), ...problems(401) }
    }
  }, async () => {
    const rows = await listPublishers(app.db)
    return { items: rows.map(dto), total: rows.length }
  })

  app.post('/publishers', {
    schema: {
      tags: ['publishers'],
      operationId: 'createPublisher',
      summary: 'Create a publisher (admin)',
      description: '409 when the id is taken; PUT /publishers/{id} creates or replaces instead.',
      security: [{ bearer: [] }],
      body: ref(CreatePublisher),
      response: { 201: ref(Publisher), ...problems(400, 401, 403, 409, 422) }
    }
  }, async (request, reply) => {
    assertAdmin(request.principal)
    const { id, ...body } = request.body
    await assertPublisherType(app.db, body.type)
    const row = await insertPublisher(app.db, id, valuesOf(body))
    if (row === undefined) throw new ConflictError(`Publisher ${id} already exists; PUT /publishers/${id} replaces it`)
    reply.header('location', `${config.publicUrl}/publishers/${id}`)
    return sendPublisher(reply, row, 201)
  })

  app.get('/publishers/:id', {
    schema: {
      tags: ['publishers'],
      operationId: 'getPublisher',
      summary: 'Read a publisher',
      description: 'Answers 304 to `If-None-Match` / `If-Modified-Since` when the copy is current. `text/html` preferred (browsers) answers its page.',
      params: Params,
      response: {
        200: { description: 'The publisher, or its page.', content: { 'application/json': { schema: ref(Publisher) }, 'text/html': { schema: Type.String() } } },
        304: NotModified,
        ...problems(400, 401, 404)
      }
    }
  }, async (request, reply) => {
    reply.header('vary', 'Accept')
    if (pageRequested(request.headers.accept, ['application/json']) === 'html') return sendPublisherPage(request, reply, request.params.id)
    const row = await findPublisher(app.db, request.params.id)
    if (row === undefined) throw new NotFoundError('Publisher', request.params.id)
    return sendResource(request, reply, dto(row), row.updated_at)
  })

  app.put('/publishers/:id', {
    schema: {
      tags: ['publishers'],
      operationId: 'putPublisher',
      summary: 'Create or replace a publisher (admin)',
      description: `201 when created, 200 when replaced; sending the same body twice changes nothing. ${IfMatchNote}`,
      security: [{ bearer: [] }],
      params: Params,
      body: ref(ReplacePublisher),
      response: { 200: ref(Publisher), 201: ref(Publisher), ...problems(400, 401, 403, 412, 422) }
    }
  }, async (request, reply) => {
    assertAdmin(request.principal)
    await assertPublisherType(app.db, request.body.type)
    const { row, created } = await createOrReplace(app.db, store, request, request.params.id, valuesOf(request.body))
    if (created) reply.header('location', `${config.publicUrl}/publishers/${row.id}`)
    return sendPublisher(reply, row, created ? 201 : 200)
  })

  app.patch('/publishers/:id', {
    schema: {
      tags: ['publishers'],
      operationId: 'patchPublisher',
      summary: 'Change some fields of a publisher (admin)',
      description: `A JSON merge patch (\`${MERGE_PATCH}\` or \`application/json\`). ${IfMatchNote}`,
      security: [{ bearer: [] }],
      params: Params,
      consumes: [MERGE_PATCH, 'application/json'],
      body: ref(PublisherPatch),
      response: { 200: ref(Publisher), ...problems(400, 401, 403, 404, 412, 415, 422) }
    }
  }, async (request, reply) => {
    assertAdmin(request.principal)
    const patch = request.body
    if (patch.type !== undefined) await assertPublisherType(app.db, patch.type)
    const row = await patchExisting(app.db, store, request, request.params.id, current => ({ ...current, ...patch }))
    return sendPublisher(reply, row, 200)
  })

  app.delete('/publishers/:id', {
    schema: {
      tags: ['publishers'],
      operationId: 'deletePublisher',
      summary: 'Delete a publisher without datasets (admin)',
      description: `409 while datasets still reference it; its tokens go with it. ${IfMatchNote}`,
      security: [{ bearer: [] }],
      params: Params,
      response: { 204: Type.Null({ description: 'Deleted.' }), ...problems(400, 401, 403, 404, 409, 412) }
    }
  }, async (request, reply) => {
    assertAdmin(request.principal)
    const { id } = request.params
    await app.db.transaction().execute(async trx => {
      const current = await findPublisher(trx, id, true)
      if (current === undefined) throw new NotFoundError('Publisher', id)
      checkIfMatch(request, etagOf(dto(current)))
      const { live, deleted } = await countPublisherDatasets(trx, id)
      if (live > 0) throw new ConflictError(`Publisher ${id} still has ${live} datasets; delete or move them first`)
      if (deleted > 0) throw new ConflictError(`Publisher ${id} keeps ${deleted} deleted datasets, which still answer 410 Gone`)
      await deletePublisher(trx, id)
    })
    return reply.code(204).send(null)
  })
}

export default publishers
