// The bench's own database on the PostgreSQL server: created, migrated and loaded at the start, dropped
// at the end, so a run never touches anyone else's data. With --keep-database NAME, the catalogue is loaded
// once into NAME, marked as the bench's, kept, and reused by later runs asking for the same catalogue.
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { createDatabase } from '../../src/db/dialect.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import type { DB } from '../../src/db/types.js'
import { generateCatalogue, type GeneratedCatalogue } from '../generate.js'

const SEED = 2026
/** A table only the bench creates: a database without it was not made by the bench and is never used. */
const MARKER = 'bastille_bench_catalogue'

function adminDb (serverUrl: string): Kysely<unknown> {
  return new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: serverUrl, max: 1 }) }) })
}

export interface BenchDatabase {
  url: string
  /** True when a kept database already existed: its catalogue is read, not loaded. */
  existing: boolean
  drop: () => Promise<void>
}

function databaseUrl (serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.href
}

/** A new database (by default `bastille_bench_<pid>`), dropped by `drop()`. */
export async function createBenchDatabase (serverUrl: string, name = `bastille_bench_${process.pid}`): Promise<BenchDatabase> {
  const admin = adminDb(serverUrl)
  try {
    await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin)
    await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin)
  } finally {
    await admin.destroy()
  }
  return {
    url: databaseUrl(serverUrl, name),
    existing: false,
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

/** A database kept between runs: created when missing, never dropped; its name must say "bench". */
export async function keptBenchDatabase (serverUrl: string, name: string): Promise<BenchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || !name.includes('bench')) throw new Error(`--keep-database ${name}: lower-case letters, digits and _ only, with "bench" in the name`)
  const admin = adminDb(serverUrl)
  let existing: boolean
  try {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_database WHERE datname = ${name}`.execute(admin)
    existing = rows[0]?.n === 1
    if (!existing) await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin)
  } finally {
    await admin.destroy()
  }
  return { url: databaseUrl(serverUrl, name), existing, drop: async () => {} }
}

/** Migrates, loads `datasets` datasets, refreshes the planner's statistics and marks the database as the bench's. */
export async function loadCatalogue (url: string, datasets: number): Promise<GeneratedCatalogue> {
  const db = await createDatabase({ databaseUrl: url, dataDir: '' })
  try {
    await migrateToLatest(db)
    const catalogue = await generateCatalogue(db, { datasets, seed: SEED })
    await sql`VACUUM ANALYZE`.execute(db)
    await sql`CREATE TABLE ${sql.id(MARKER)} (datasets integer NOT NULL, seed integer NOT NULL)`.execute(db)
    await sql`INSERT INTO ${sql.id(MARKER)} VALUES (${datasets}, ${SEED})`.execute(db)
    return catalogue
  } finally {
    await db.destroy()
  }
}

/**
 * The catalogue of a kept database, after checking the bench made it with this size, and applying any
 * newer migration. Throws when the database is someone else's or holds another catalogue.
 */
export async function readCatalogue (url: string, datasets: number): Promise<GeneratedCatalogue> {
  const db = await createDatabase({ databaseUrl: url, dataDir: '' })
  try {
    const name = new URL(url).pathname.slice(1)
    const { rows: [marked] } = await sql<{ exists: boolean }>`SELECT to_regclass(${MARKER}) IS NOT NULL AS exists`.execute(db)
    if (marked?.exists !== true) throw new Error(`${name} exists but was not made by the bench: choose another --keep-database`)
    const { rows: [made] } = await sql<{ datasets: number, seed: number }>`SELECT datasets, seed FROM ${sql.id(MARKER)}`.execute(db)
    if (made?.datasets !== datasets || made.seed !== SEED) {
      throw new Error(`${name} holds ${made?.datasets ?? 0} datasets, not ${datasets}: drop it or choose another --keep-database`)
    }
    await migrateToLatest(db)
    return await catalogueIds(db)
  } finally {
    await db.destroy()
  }
}

async function catalogueIds (db: Kysely<DB>): Promise<GeneratedCatalogue> {
  const publishers = await db.selectFrom('publishers').select('id').orderBy('id').execute()
  const datasets = await db.selectFrom('datasets').select('id').orderBy('created_at').orderBy('id').execute()
  return { publisherIds: publishers.map(p => p.id), datasetIds: datasets.map(d => d.id) }
}
