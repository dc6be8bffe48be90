// Queries compiled by prepared() run as named statements on a PostgreSQL server; one that goes stale (a
// migration changed its result type, or a pooler lost it) is run again unprepared on a fresh connection.
import t from 'tap'
import { sql, type Kysely } from 'kysely'
import { createDatabase } from '../../src/db/dialect.js'
import { readDataset } from '../../src/db/dataset-read.js'
import { prepared } from '../../src/db/prepared.js'
import type { DB } from '../../src/db/types.js'
import { createTestDb } from '../support/test-db.js'

const { db, url } = await createTestDb(t)
await db.insertInto('publishers').values({ id: 'metropole', name: 'Métropole', type: 'LocalAuthority' }).execute()
const { id } = await db.insertInto('datasets').values({ slug: 'velos', publisher_id: 'metropole', title: 'Vélos', version: '1' })
  .returning('id').executeTakeFirstOrThrow()
await db.insertInto('distributions').values({ dataset_id: id, title: 'CSV' }).execute()

t.test('the same rows, prepared or not, on both databases', async t => {
  for (const idOrSlug of [id, 'velos', 'velos', id]) {
    const row = (await readDataset(db, idOrSlug))?.dataset
    t.equal(row?.id, id)
    t.same(row?.distributions.map(d => d.title), ['CSV'])
  }
})

// Named statements and JIT exist on a server only: the embedded run has nothing to check here.
if (url !== undefined) {
  t.test('server connections do not JIT-compile queries', async t => {
    const { rows } = await sql<{ jit: string }>`SHOW jit`.execute(db)
    t.same(rows, [{ jit: 'off' }])
  })

  t.test('a stale prepared statement is run again unprepared, on a new connection', async t => {
  // One connection, so that each query runs where the statement was prepared.
    const single: Kysely<DB> = await createDatabase({ databaseUrl: url, dataDir: '', poolSize: 1 })
    t.teardown(() => single.destroy())
    const backend = async () => (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(single)).rows[0]!.pid
    const versionOf = prepared((db: Kysely<DB>, slug: string) => db.selectFrom('datasets').select('version').where('slug', '=', slug))
    const read = async () => (await versionOf(single, 'velos'))[0]?.version

    t.equal(await read(), '1')
    const { rows } = await sql<{ name: string }>`SELECT name FROM pg_prepared_statements`.execute(single)
    t.ok(rows.some(row => row.name.startsWith('bastille_')), 'prepared on the connection')
    const first = await backend()

    await sql`ALTER TABLE datasets ALTER COLUMN version TYPE varchar(100)`.execute(single)
    t.equal(await read(), '1', 'its result type changed: run again unprepared')
    const second = await backend()
    t.not(second, first, 'the connection holding the stale statement was closed')

    t.equal(await read(), '1')
    await sql`DEALLOCATE ALL`.execute(single)
    t.equal(await read(), '1', 'the statement is gone, as behind a transaction-mode pooler: run again unprepared')
    t.not(await backend(), second)
  })
}
