// Migrations must apply on an empty database, roll back to nothing, and apply again (STYLE C7).
import t from 'tap'
import { sql } from 'kysely'
import { createTestDb } from '../support/test-db.js'
import { NO_MIGRATIONS } from 'kysely/migration'
import { createMigrator, isMigrated, migrateToLatest } from '../../src/db/migrator.js'

const { db } = await createTestDb(t)
const migrator = createMigrator(db)

async function tables (): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%' ORDER BY table_name`.execute(db)
  return rows.map(row => row.table_name)
}

async function vocabularyCounts (): Promise<Record<string, number>> {
  const rows = await db.selectFrom('vocabulary_terms').select(['vocabulary', eb => eb.fn.countAll<string>().as('n')])
    .groupBy('vocabulary').execute()
  return Object.fromEntries(rows.map(row => [row.vocabulary, Number(row.n)]))
}

t.test('the latest schema is applied, with its reference data', async t => {
  t.ok(await isMigrated(db))
  const applied = await tables()
  for (const table of ['api_tokens', 'dataset_changes', 'datasets', 'distributions', 'licences', 'publishers', 'vocabulary_terms']) {
    t.ok(applied.includes(table), `table ${table}`)
  }
  t.match(await vocabularyCounts(), {
    'data-theme': 13, frequency: 38, 'access-right': 3, 'file-type': Number, language: Number, 'publisher-type': 11
  })
  const etalab = await db.selectFrom('licences').selectAll().where('id', '=', 'etalab-2.0').executeTakeFirstOrThrow()
  t.equal(etalab.title, 'Licence Ouverte / Open Licence version 2.0')
  t.equal(etalab.url, 'https://www.etalab.gouv.fr/licence-ouverte-open-licence')
  t.same(etalab.alternate_urls.length, 3)
})

t.test('every migration rolls back down to an empty database', async t => {
  const { error, results } = await migrator.migrateTo(NO_MIGRATIONS)
  t.error(error)
  t.ok(results?.every(r => r.status === 'Success' && r.direction === 'Down'))
  t.same(await tables(), [])
})

t.test('and applies again from zero', async t => {
  await migrateToLatest(db)
  t.ok(await isMigrated(db))
  t.equal((await vocabularyCounts())['data-theme'], 13)
  const licences = await db.selectFrom('licences').select('id').orderBy('id').execute()
  t.same(licences.map(l => l.id), ['cc-by-4.0', 'cc-by-sa-4.0', 'cc0-1.0', 'etalab-1.0', 'etalab-2.0', 'notspecified', 'odbl-1.0', 'odc-by-1.0', 'pddl-1.0'])
})

t.test('on an up-to-date database nothing runs, and an applied migration missing from disk is still an error', async t => {
  t.same(await migrateToLatest(db), { results: [] })
  await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('2026_12_31_9999_gone', ${new Date().toISOString()})`.execute(db)
  t.equal(await isMigrated(db), true, 'every migration on disk is applied')
  await t.rejects(migrateToLatest(db), /corrupted migrations/)
  await sql`DELETE FROM kysely_migration WHERE name = '2026_12_31_9999_gone'`.execute(db)
  t.same(await migrateToLatest(db), { results: [] })
})
