// The licence registry: anyone reads it; admins add and replace licences (SPEC §2, §3).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import type { Config } from '../config.js'
import { assertAdmin } from '../auth/permissions.js'
import { findLicence, insertLicence, licenceValuesOf, listLicences, updateLicence, type LicenceValues } from '../db/licences.js'
import type { LicenceRow } from '../db/types.js'
import { toLicenceDto } from '../dto/licence.js'
import { ConflictError, NotFoundError } from '../errors.js'
import { etagOf, sendResource } from '../http/conditional.js'
import { createOrReplace, sendWritten, type Store } from '../http/create-or-replace.js'
import { NotModified, problems, ref } from '../schemas/common.js'
import { CreateLicence, Licence, LicenceList, LicenceSlug, ReplaceLicence } from '../schemas/licence.js'

const Params = Type.Object({ id: LicenceSlug })
function valuesOf (body: ReplaceLicence): LicenceValues {
  return {
    title: body.title,
    url: body.url ?? null,
    alternate_urls: body.alternateUrls ?? [],
    spdx_id: body.spdxId ?? null,
    eu_uri: body.euUri ?? null,
    open: body.open
  }
}

const store: Store<LicenceRow, LicenceValues> = {
  name: 'Licence',
  find: findLicence,
  insert: insertLicence,
  update: updateLicence,
  valuesOf: licenceValuesOf,
  etag: row => etagOf(toLicenceDto(row))
}

const sendLicence = (reply: FastifyReply, row: LicenceRow, status: number): FastifyReply =>
  sendWritten(reply, toLicenceDto(row), row.updated_at, status)

const licences: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  app.get('/licences', {
    schema: {
      tags: ['licences'],
      operationId: 'listLicences',
      summary: 'List the licence registry',
      response: { 200: ref(LicenceList), ...problems(401) }
    }
  }, async () => {
    const rows = await listLicences(app.db)
    return { items: rows.map(toLicenceDto), total: rows.length }
  })

  app.post('/licences', {
    schema: {
      tags: ['licences'],
      operationId: 'createLicence',
      summary: 'Add a licence (admin)',
      description: 'Give `title` and `url` exactly as data.gouv.fr knows them, or its harvester will not recognise the licence.',
      security: [{ bearer: [] }],
      body: ref(CreateLicence),
      response: { 201: ref(Licence), ...problems(400, 401, 403, 409) }
    }
  }, async (request, reply) => {
    assertAdmin(request.principal)
    const { id, ...body } = request.body
    const row = await insertLicence(app.db, id, valuesOf(body))
    if (row === undefined) throw new ConflictError(`Licence ${id} already exists; PUT /licences/${id} replaces it`)
    reply.header('location', `${config.publicUrl}/licences/${id}`)
    return sendLicence(reply, row, 201)
  })

  app.get('/licences/:id', {
    schema: {
      tags: ['licences'],
      operationId: 'getLicence',
      summary: 'Read a licence',
      description: 'Answers 304 to `If-None-Match` / `If-Modified-Since` when the copy is current.',
      params: Params,
      response: { 200: ref(Licence), 304: NotModified, ...problems(400, 401, 404) }
    }
  }, async (request, reply) => {
    const row = await findLicence(app.db, request.params.id)
    if (row === undefined) throw new NotFoundError('Licence', request.params.id)
    return sendResource(request, reply, toLicenceDto(row), row.updated_at)
  })

  app.put('/licences/:id', {
    schema: {
      tags: ['licences'],
      operationId: 'putLicence',
      summary: 'Create or replace a licence (admin)',
      description: '201 when created, 200 when replaced; sending the same body twice changes nothing. ' +
        'Send `If-Match` with the ETag you read to get 412 instead of overwriting someone else\'s change.',
      security: [{ bearer: [] }],
      params: Params,
      body: ref(ReplaceLicence),
      response: { 200: ref(Licence), 201: ref(Licence), ...problems(400, 401, 403, 412) }
    }
  }, async (request, reply) => {
    assertAdmin(request.principal)
    const { row, created } = await createOrReplace(app.db, store, request, request.params.id, valuesOf(request.body))
    if (created) reply.header('location', `${config.publicUrl}/licences/${row.id}`)
    return sendLicence(reply, row, created ? 201 : 200)
  })
}

export default licences
