// The application as a plugin: everything registered explicitly, in order (STYLE A1, C4).
import type { FastifyPluginAsync } from 'fastify'
import type { Kysely } from 'kysely'
import type { Config } from './config.js'
import type { DB } from './db/types.js'
import errorHandler from './plugins/error-handler.js'
import schemas from './plugins/schemas.js'
import db from './plugins/db.js'
import auth from './plugins/auth.js'
import openapi from './plugins/openapi.js'
import health from './routes/health.js'

export interface AppOptions {
  config: Config
  /** A database owned by the caller (tests); otherwise the app opens, migrates and closes its own. */
  db?: Kysely<DB> | undefined
}

const app: FastifyPluginAsync<AppOptions> = async (app, { config, db: database }) => {
  app.addHook('onRequest', async (request, reply) => { reply.header('x-request-id', request.id) })
  await app.register(errorHandler)
  await app.register(schemas)
  await app.register(db, { config, db: database })
  await app.register(openapi, { config })
  await app.register(auth, { config })

  await app.register(health)
}

export default app
