// The database as `app.db`: opened, migrated and closed with the app, unless the caller owns it; and
// `app.dbLiveness`, which the database-guard plugin and /ready read during an outage.
import fp from 'fastify-plugin'
import { sql, type Kysely } from 'kysely'
import { createDatabase } from '../db/dialect.js'
import { DatabaseLiveness } from '../db/liveness.js'
import { migrateToLatest } from '../db/migrator.js'
import { onPrimary } from '../db/read-routing.js'
import type { DB } from '../db/types.js'
import type { Config } from '../config.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<DB>
    dbLiveness: DatabaseLiveness
  }
}

export interface DbPluginOptions {
  config: Config
  /** A database owned by the caller (tests); it is not destroyed on close. */
  db?: Kysely<DB> | undefined
}

/** While the database is down, how often it is tried again: recovery is noticed within this delay. */
export const PROBE_INTERVAL_MS = 1000

export default fp<DbPluginOptions>(async function db (app, { config, db }) {
  const liveness = new DatabaseLiveness({
    // The primary's liveness, whichever request's failure set the probing off.
    probe: async () => { await onPrimary(async () => await sql`SELECT 1`.execute(app.db)) },
    intervalMs: PROBE_INTERVAL_MS,
    onChange: (up, err) => {
      if (up) app.log.info('database reachable again')
      else app.log.error({ err }, 'database unreachable: answering 503 until it is back')
    }
  })
  const owned = db === undefined
  const database = db ?? await createDatabase({
    databaseUrl: config.databaseUrl,
    databaseReadUrl: config.databaseReadUrl,
    dataDir: config.dataDir,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    queryTimeoutMs: config.databaseQueryTimeoutMs,
    onUnavailable: () => { liveness.suspect() }
  })
  app.decorate('db', database)
  app.decorate('dbLiveness', liveness)
  app.addHook('onClose', async () => { liveness.stop() })
  if (owned) {
    app.addHook('onClose', async () => { await database.destroy() })
    await migrateToLatest(database)
  }
}, { name: 'db' })
