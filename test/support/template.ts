// Runs once before the suite (tap's `before`): on a server, a migrated template database each test file copies.
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { createDatabase } from '../../src/db/dialect.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import { serverTemplateName } from './test-db.js'

async function serverTemplate (databaseUrl: string): Promise<void> {
  const name = serverTemplateName(databaseUrl)
  const admin = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }) })
  await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin)
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin)
  await admin.destroy()
  const url = new URL(databaseUrl)
  url.pathname = `/${name}`
  const db = await createDatabase({ databaseUrl: url.href, dataDir: '', poolSize: 1 })
  await migrateToLatest(db)
  await db.destroy()
}

const databaseUrl = process.env.DATABASE_URL
if (databaseUrl) await serverTemplate(databaseUrl)
