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
      summary: 'Readiness: the database answers and every migration is applied',
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
    if (ready) return { status: 'ok' as const }
    return reply.code(503).type('application/problem+json; charset=utf-8').send({
      type: 'urn:bastille:problem:not-ready',
      title: 'Service Unavailable',
      status: 503,
      detail: 'The database is unreachable or not fully migrated',
      instance: request.url
    })
  })
}

export default health
