// One migrator for start-up, `npm run db:migrate` and tests (STYLE C7).
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Kysely } from 'kysely'
import { Migrator, FileMigrationProvider, type MigrationResultSet } from 'kysely/migration'

// migrations/ sits beside src/ both in the source tree and in dist/.
export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations')

export function createMigrator (db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR })
  })
}

/** Applies every pending migration; throws the first error. */
export async function migrateToLatest (db: Kysely<any>): Promise<MigrationResultSet> {
  const result = await createMigrator(db).migrateToLatest()
  if (result.error) throw result.error
  return result
}

/** True when every migration on disk has been applied. */
export async function isMigrated (db: Kysely<any>): Promise<boolean> {
  const migrations = await createMigrator(db).getMigrations()
  return migrations.every(m => m.executedAt !== undefined)
}
