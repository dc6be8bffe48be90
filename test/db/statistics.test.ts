// Planner statistics are refreshed once a table has changed enough since its last ANALYZE, by one node.
import t from 'tap'
import { sql, type Kysely } from 'kysely'
import { generateCatalogue } from '../../bench/generate.js'
import { analyzeStaleTables } from '../../src/db/statistics.js'
import type { DB } from '../../src/db/types.js'
import { buildTestApp, ADMIN } from '../support/build-app.js'

const app = await buildTestApp(t)
const db = app.db

/** Writes on one connection and flushes its change counters, which PostgreSQL otherwise sends within a second or so. */
async function write (datasets: number, seed: number): Promise<void> {
  await db.connection().execute(async connection => {
    await generateCatalogue(connection as Kysely<DB>, { datasets, seed })
    await sql`SELECT pg_stat_force_next_flush()`.execute(connection)
  })
}

async function analysedAt (table: string): Promise<Date | null> {
  const { rows: [row] } = await sql<{ at: Date | null }>`SELECT greatest(last_analyze, last_autoanalyze) AS at
    FROM pg_stat_user_tables WHERE relname = ${table} AND schemaname = current_schema()`.execute(db)
  return row?.at ?? null
}

t.test('a table changed beyond the threshold is analysed, once', async t => {
  await write(300, 1)
  const analysed = await analyzeStaleTables(db)
  t.ok(analysed.includes('datasets'), 'datasets')
  t.ok(analysed.includes('distributions'), 'distributions')
  t.ok(await analysedAt('datasets'))
  t.same(await analyzeStaleTables(db), [], 'nothing is stale right after')
})

t.test('small changes wait for the threshold, relative to the table size', async t => {
  await write(50, 2)
  t.notOk((await analyzeStaleTables(db)).includes('datasets'), '50 more datasets on 300')
  t.ok((await analyzeStaleTables(db, { rows: 10, fraction: 0 })).includes('datasets'))
})

// Embedded, the one connection would wait for itself: there is no other node there anyway.
if (process.env.DATABASE_URL) {
  t.test('a session holding the lock means another node is analysing: this one skips', async t => {
    await write(300, 3)
    await db.connection().execute(async holder => {
      await sql`SELECT pg_advisory_lock(hashtext('bastille-analyze'))`.execute(holder)
      try {
        t.same(await analyzeStaleTables(db), [])
      } finally {
        await sql`SELECT pg_advisory_unlock(hashtext('bastille-analyze'))`.execute(holder)
      }
    })
    t.ok((await analyzeStaleTables(db)).includes('datasets'), 'analysed once the lock is free')
  })
}

t.test('write requests lead to a check; reads do not', async t => {
  const checks: string[] = []
  const original = app.statistics.written
  app.statistics.written = () => { checks.push('write'); original() }
  t.teardown(() => { app.statistics.written = original })
  await app.inject({ url: '/datasets' })
  const created = await app.inject({ method: 'POST', url: '/publishers', headers: ADMIN, payload: { id: 'stats-test', name: 'Statistics', type: 'LocalAuthority' } })
  t.equal(created.statusCode, 201)
  const refused = await app.inject({ method: 'POST', url: '/publishers', headers: ADMIN, payload: { id: 'stats-test', name: 'Statistics', type: 'LocalAuthority' } })
  t.equal(refused.statusCode, 409)
  t.same(checks, ['write'])
  await app.statistics.settled()
})
