// Reference vocabularies, read-only: the codes themes, frequencies, formats… are validated against (SPEC §2).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Config } from '../config.js'
import { lastMigratedAt } from '../db/migrator.js'
import { listTerms, VOCABULARIES, type VocabularyName as Name } from '../db/vocabularies.js'
import { toVocabularyTermDto } from '../dto/vocabulary.js'
import { NotFoundError } from '../errors.js'
import { sendResource } from '../http/conditional.js'
import { NotModified, problems, ref } from '../schemas/common.js'
import { Vocabulary, VocabularyList, VocabularyName } from '../schemas/vocabulary.js'

const isVocabulary = (name: string): name is Name => (VOCABULARIES as readonly string[]).includes(name)

const vocabularies: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  // Terms change only through migrations, so the last one applied dates every vocabulary.
  const seededAt = await lastMigratedAt(app.db)

  app.get('/vocabularies', {
    schema: {
      tags: ['vocabularies'],
      operationId: 'listVocabularies',
      summary: 'List the reference vocabularies',
      response: { 200: ref(VocabularyList), 304: NotModified, ...problems(401) }
    }
  }, async (request, reply) => {
    const items = VOCABULARIES.map(name => ({ name, url: `${config.publicUrl}/vocabularies/${name}` }))
    return sendResource(request, reply, { items }, seededAt)
  })

  app.get('/vocabularies/:name', {
    schema: {
      tags: ['vocabularies'],
      operationId: 'getVocabulary',
      summary: 'Read the terms of a vocabulary',
      description: 'Codes with their EU (or ADMS) URI and French and English labels, by code.',
      params: Type.Object({ name: VocabularyName }),
      response: { 200: ref(Vocabulary), 304: NotModified, ...problems(400, 401, 404) }
    }
  }, async (request, reply) => {
    const { name } = request.params
    if (!isVocabulary(name)) throw new NotFoundError('Vocabulary', name)
    const rows = await listTerms(app.db, name)
    return sendResource(request, reply, { name, items: rows.map(toVocabularyTermDto) }, seededAt)
  })
}

export default vocabularies
