// The application as a plugin: everything registered explicitly, in order (STYLE A1, C4).
import type { FastifyPluginAsync } from 'fastify'
import type { Kysely } from 'kysely'
import type { Config } from './config.js'
import type { DB } from './db/types.js'
import errorHandler from './plugins/error-handler.js'
import schemas from './plugins/schemas.js'
import db from './plugins/db.js'
import databaseGuard from './plugins/database-guard.js'
import readReplica from './plugins/read-replica.js'
import auth from './plugins/auth.js'
import storage from './plugins/storage.js'
import orphanFiles from './plugins/orphan-files.js'
import multipart from './plugins/multipart.js'
import uploadDrain from './plugins/upload-drain.js'
import openapi from './plugins/openapi.js'
import security from './plugins/security.js'
import statistics from './plugins/statistics.js'
import tokens from './routes/tokens.js'
import history from './routes/history.js'
import health from './routes/health.js'
import publishers from './routes/publishers.js'
import licences from './routes/licences.js'
import vocabularies from './routes/vocabularies.js'
import feedConfig from './routes/catalog/feed-config.js'
import catalog from './routes/catalog/index.js'
import datasets from './routes/datasets/index.js'
import distributions from './routes/distributions/index.js'
import distributionFile from './routes/distributions/file.js'
import ckan from './ckan/index.js'
import harvest from './harvest/index.js'
import events from './events/index.js'
import quality from './quality/index.js'
import oai from './oai/index.js'
import webhooks from './webhooks/index.js'
import tus from './tus/index.js'
import web from './web/index.js'

export interface AppOptions {
  config: Config
  /** A database owned by the caller (tests); otherwise the app opens, migrates and closes its own. */
  db?: Kysely<DB> | undefined
}

const app: FastifyPluginAsync<AppOptions> = async (app, { config, db: database }) => {
  app.addHook('onRequest', async (request, reply) => { reply.header('x-request-id', request.id) })
  await app.register(errorHandler)
  await app.register(schemas)
  // Before openapi (its /docs routes get their own CSP) and auth (preflights answer before any token check).
  await app.register(security, { config })
  await app.register(db, { config, db: database })
  await app.register(databaseGuard)
  await app.register(readReplica, { enabled: config.databaseReadUrl !== undefined })
  await app.register(statistics)
  await app.register(openapi, { config })
  await app.register(auth, { config })
  await app.register(storage, { config })
  await app.register(orphanFiles)
  await app.register(multipart, { config })
  await app.register(uploadDrain)
  await app.register(feedConfig, { config })
  // Before the routes: its hook words their errors for browsers.
  await app.register(web)

  await app.register(health)
  await app.register(tokens)
  await app.register(history, { config })
  await app.register(publishers, { config })
  await app.register(licences, { config })
  await app.register(vocabularies, { config })
  await app.register(catalog, { config })
  await app.register(datasets, { config })
  await app.register(distributions, { config })
  await app.register(distributionFile)
  await app.register(tus)
  await app.register(ckan, { config })
  await app.register(harvest, { config })
  await app.register(events, { config })
  await app.register(quality, { config })
  await app.register(oai, { config })
  await app.register(webhooks, { config })
}

export default app
