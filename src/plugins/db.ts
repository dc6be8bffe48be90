// The database as `app.db`: opened, migrated and closed with the app, unless the caller owns it.
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import { createDatabase } from '../db/dialect.js'
import { migrateToLatest } from '../db/migrator.js'
import type { DB } from '../db/types.js'
import type { Config } from '../config.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<DB>
  }
}

export interface DbPluginOptions {
  config: Config
  /** A database owned by the caller (tests); it is not destroyed on close. */
  db?: Kysely<DB> | undefined
}

export default fp<DbPluginOptions>(async function db (app, { config, db }) {
  const owned = db === undefined
  const database = db ?? await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  if (owned) {
    await migrateToLatest(database)
    app.addHook('onClose', async () => { await database.destroy() })
  }
  app.decorate('db', database)
}, { name: 'db' })
