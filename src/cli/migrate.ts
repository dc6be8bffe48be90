// `npm run db:migrate [-- down]`: applies pending migrations (or reverts the last one) and reports each.
import { loadConfig, ConfigError } from '../config.js'
import { createDatabase } from '../db/dialect.js'
import { createMigrator } from '../db/migrator.js'

try {
  const config = loadConfig()
  const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  const migrator = createMigrator(db)
  const { error, results } = process.argv[2] === 'down' ? await migrator.migrateDown() : await migrator.migrateToLatest()
  for (const r of results ?? []) console.log(`${r.status.padEnd(8)} ${r.direction.toLowerCase()} ${r.migrationName}`)
  if (!results?.length) console.log('nothing to migrate')
  await db.destroy()
  if (error) throw error
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Migration failed: ${(err as Error).message}`)
  process.exitCode = 1
}
