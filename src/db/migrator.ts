// One migrator for start-up, `npm run db:migrate` and tests (STYLE C7).
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import { Migrator, FileMigrationProvider, type MigrationResultSet } from 'kysely/migration'
import { MIGRATIONS_DIR } from '../paths.js'

// The files FileMigrationProvider loads (.js, .ts, .mjs… but no declaration files), named without extension.
const MIGRATION_FILE = /^(?!.*\.d\.[cm]?ts$)(.+)\.[cm]?[jt]s$/

export function createMigrator (db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR })
  })
}

async function namesOnDisk (): Promise<string[]> {
  const files = await fs.readdir(MIGRATIONS_DIR)
  return files.flatMap(file => MIGRATION_FILE.exec(file)?.[1] ?? [])
}

/**
 * The applied migrations, read directly: Kysely's Migrator imports every migration file and introspects
 * the whole catalogue to find its own tables, about a second of a warm embedded start (issue 15).
 */
async function appliedNames (db: Kysely<any>): Promise<Set<string> | null> {
  const { rows: [table] } = await sql<{ exists: boolean }>`SELECT to_regclass('kysely_migration') IS NOT NULL AS exists`.execute(db)
  if (table?.exists !== true) return null
  const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db)
  return new Set(rows.map(row => row.name))
}

/** Applies every pending migration; throws the first error. */
export async function migrateToLatest (db: Kysely<any>): Promise<MigrationResultSet> {
  // Nothing to do when exactly the migrations on disk are applied; any other case (pending ones, or applied
  // ones missing from disk, which Kysely reports as an error) goes through the Migrator and its lock.
  const [onDisk, applied] = await Promise.all([namesOnDisk(), appliedNames(db)])
  if (applied !== null && applied.size === onDisk.length && onDisk.every(name => applied.has(name))) return { results: [] }
  const result = await createMigrator(db).migrateToLatest()
  if (result.error) throw result.error
  return result
}

/** True when every migration on disk has been applied. */
export async function isMigrated (db: Kysely<any>): Promise<boolean> {
  const [onDisk, applied] = await Promise.all([namesOnDisk(), appliedNames(db)])
  return applied !== null && onDisk.every(name => applied.has(name))
}

/** When the last migration was applied (epoch when none was): vocabularies change only through migrations. */
export async function lastMigratedAt (db: Kysely<any>): Promise<Date> {
  if (await appliedNames(db) === null) return new Date(0)
  // Kysely keeps ISO 8601 strings, which sort as the times they name.
  const { rows: [last] } = await sql<{ at: string | null }>`SELECT max(timestamp) AS at FROM kysely_migration`.execute(db)
  return new Date(last?.at ?? 0)
}
