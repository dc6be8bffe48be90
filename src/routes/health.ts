// Liveness and readiness probes for load balancers and orchestrators.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { sql } from 'kysely'
import { isMigrated } from '../db/migrator.js'
import { problems } from '../schemas/common.js'

const Status = Type.Object({ status: Type.Literal('ok') })

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', {
    schema: { tags: ['health'], operationId: 'getHealth', summary: 'Liveness: the process answers', response: { 200: Status } }
  }, async () => ({ status: 'ok' as const }))

  app.get('/ready', {
    schema: {
      tags: ['health'],
      operationId: 'getReady',
      summary: 'Readiness: the database answers, every migration is applied, and the object store (STORAGE=s3) answers',
      response: { 200: Status, ...problems(503) }
    }
  }, async (request, reply) => {
    let ready = false
    try {
      await sql`SELECT 1`.execute(app.db)
      ready = await isMigrated(app.db)
    } catch (err) {
      request.log.warn({ err }, 'database not ready')
    }
    let detail = 'The database is unreachable or not fully migrated'
    if (ready && app.storage.probe !== undefined) {
      try {
        await app.storage.probe()
      } catch (err) {
        request.log.warn({ err }, 'object store not ready')
        ready = false
        detail = 'The object store is unreachable'
      }
    }
    if (ready) return { status: 'ok' as const }
    return reply.code(503).type('application/problem+json; charset=utf-8').send({
      type: 'urn:bastille:problem:not-ready',
      title: 'Service Unavailable',
      status: 503,
      detail,
      instance: request.url
    })
  })
}

export default health
