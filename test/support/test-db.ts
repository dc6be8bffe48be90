// One fresh, migrated database per test file (STYLE C12): on a server, a copy of the template made by
// template.ts; embedded, a new in-memory PGlite migrated in place (loading a dump kept tap's process alive).
import { randomBytes } from 'node:crypto'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Test } from 'tap'
import { createDatabase } from '../../src/db/dialect.js'
import type { DB } from '../../src/db/types.js'
import { migrateToLatest } from '../../src/db/migrator.js'

export function serverTemplateName (databaseUrl: string): string {
  return `${new URL(databaseUrl).pathname.slice(1) || 'postgres'}_bastille_template`
}

async function serverDatabase (t: Test, databaseUrl: string): Promise<{ db: Kysely<DB>, url: string }> {
  const name = `bastille_test_${randomBytes(6).toString('hex')}`
  const admin = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }) })
  await sql`CREATE DATABASE ${sql.id(name)} TEMPLATE ${sql.id(serverTemplateName(databaseUrl))}`.execute(admin)
  const url = new URL(databaseUrl)
  url.pathname = `/${name}`
  const db = await createDatabase({ databaseUrl: url.href, dataDir: '' })
  t.teardown(async () => {
    await db.destroy()
    await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin)
    await admin.destroy()
  })
  return { db, url: url.href }
}

/** A migrated database of its own for this test file, destroyed on teardown; `url` is set on a server. */
export async function createTestDb (t: Test): Promise<{ db: Kysely<DB>, url?: string }> {
  const databaseUrl = process.env.DATABASE_URL
  if (databaseUrl) return serverDatabase(t, databaseUrl)
  const db = await createDatabase({ dataDir: 'memory://' })
  await migrateToLatest(db)
  t.teardown(() => db.destroy())
  return { db }
}
