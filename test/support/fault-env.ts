// The environment of one fault scenario on the database the suite was given: a fresh database on the
// DATABASE_URL server, or an embedded database in a folder on disk; storage in a temporary folder.
import { createHash, randomBytes } from 'node:crypto'
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Test } from 'tap'
import { ADMIN_TOKEN } from './fault-client.js'
import { ROOT } from './server-process.js'
import { openEmbedded } from '../../src/db/dialect.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import { MIGRATIONS_DIR } from '../../src/paths.js'

/**
 * A migrated embedded database, made once per version of the migrations and copied into each scenario's
 * DATA_DIR: migrating PGlite on disk takes most of a minute on a busy 2-core machine, four times over.
 * Kept with the other tools' caches in node_modules/.cache, so it goes with a fresh install.
 */
async function embeddedTemplate (): Promise<string> {
  const hash = createHash('sha256')
  for (const name of (await readdir(MIGRATIONS_DIR)).sort()) hash.update(name).update(await readFile(path.join(MIGRATIONS_DIR, name)))
  hash.update(await readFile(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json')))
  const cache = path.join(ROOT, 'node_modules/.cache/bastille-faults')
  const template = path.join(cache, `embedded-${hash.digest('hex').slice(0, 16)}`)
  if (await stat(template).then(() => true, () => false)) return template
  await mkdir(cache, { recursive: true })
  const building = await mkdtemp(path.join(cache, 'building-'))
  const pglite = await openEmbedded(building)
  const db = new Kysely<any>({ dialect: new PGliteDialect({ pglite }) })
  await migrateToLatest(db)
  await db.destroy()
  await rename(building, template).catch(async () => { await rm(building, { recursive: true, force: true }) })
  return template
}

export interface FaultEnv {
  /** `postgres` or `embedded`, for the figures. */
  database: string
  env: Record<string, string>
  storageDir: string
}

export async function faultEnv (t: Test, extra: Record<string, string> = {}): Promise<FaultEnv> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bastille-fault-'))
  const storageDir = path.join(dir, 'files')
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const env: Record<string, string> = { DATA_DIR: path.join(dir, 'data'), STORAGE_DIR: storageDir, ADMIN_TOKEN, ...extra }
  const serverUrl = process.env.DATABASE_URL
  if (serverUrl === undefined || serverUrl === '') {
    await cp(await embeddedTemplate(), env.DATA_DIR!, { recursive: true })
    return { database: 'embedded', env, storageDir }
  }
  const name = `bastille_fault_${randomBytes(6).toString('hex')}`
  const admin = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: serverUrl, max: 1 }) }) })
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin)
  t.teardown(async () => {
    await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin)
    await admin.destroy()
  })
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return { database: 'postgres', env: { ...env, DATABASE_URL: url.href }, storageDir }
}
