// The bench's own database on the PostgreSQL server: created, migrated and loaded at the start, dropped
// at the end, so a run never touches anyone else's data.
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { createDatabase } from '../../src/db/dialect.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import { generateCatalogue, type GeneratedCatalogue } from '../generate.js'

function adminDb (serverUrl: string): Kysely<unknown> {
  return new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: serverUrl, max: 1 }) }) })
}

export interface BenchDatabase {
  url: string
  drop: () => Promise<void>
}

export async function createBenchDatabase (serverUrl: string): Promise<BenchDatabase> {
  const name = `bastille_bench_${process.pid}`
  const admin = adminDb(serverUrl)
  try {
    await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin)
    await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin)
  } finally {
    await admin.destroy()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.href,
    drop: async () => {
      const again = adminDb(serverUrl)
      try {
        await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(again)
      } finally {
        await again.destroy()
      }
    }
  }
}

/** Migrates, loads `datasets` datasets and refreshes the planner's statistics. */
export async function loadCatalogue (url: string, datasets: number): Promise<GeneratedCatalogue> {
  const db = await createDatabase({ databaseUrl: url, dataDir: '' })
  try {
    await migrateToLatest(db)
    const catalogue = await generateCatalogue(db, { datasets, seed: 2026 })
    await sql`VACUUM ANALYZE`.execute(db)
    return catalogue
  } finally {
    await db.destroy()
  }
}
