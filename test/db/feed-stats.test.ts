// The feed's count and latest change, kept by a trigger (feed_stats), must always equal what a scan
// of the datasets says, whatever the writes: pages read the former, a modified_since filter the latter.
import t, { type Test } from 'tap'
import { sql, type Transaction } from 'kysely'
import { createTestDb } from '../support/test-db.js'
import { countFeed, summarizeFeed } from '../../src/db/catalog.js'
import type { DB } from '../../src/db/types.js'
import { seedDataset, seedPublisher } from '../catalog/support.js'

const { db } = await createTestDb(t)
const ville = await seedPublisher(db, 'ville')
const metropole = await seedPublisher(db, 'metropole')

/**
 * Counts always agree. Latest changes agree too, except for a scope a dataset left: the scan no longer
 * sees it, while feed_stats records the departure, which is a change of that feed (`left`).
 */
async function assertInStep (t: Test, step: string, left?: string): Promise<void> {
  for (const publisherId of [undefined, ville, metropole]) {
    const kept = await summarizeFeed(db, { publisherId })
    const counted = await countFeed(db, { publisherId })
    const scanned = counted.last_change === null ? null : new Date(counted.last_change)
    t.equal(kept.total, Number(counted.total), `${step}: count (${publisherId ?? 'all'})`)
    if (publisherId !== undefined && publisherId === left) {
      t.ok(kept.lastChange !== null && (scanned === null || kept.lastChange > scanned), `${step}: the departure moves ${left}'s latest change`)
    } else {
      t.same(kept.lastChange, scanned, `${step}: latest change (${publisherId ?? 'all'})`)
    }
  }
}

const later = (seconds: number) => sql<Date>`now() + ${`${seconds} seconds`}::interval`
const update = async (id: string, values: Record<string, unknown>): Promise<void> => {
  await db.updateTable('datasets').set(values).where('id', '=', id).execute()
}

t.test('every kind of write keeps feed_stats equal to a scan', async (t) => {
  await assertInStep(t, 'empty')
  const a = await seedDataset(db, ville)
  const b = await seedDataset(db, ville, { status: 'draft' })
  const c = await seedDataset(db, metropole)
  await assertInStep(t, 'inserts, one a draft')
  await update(b.id, { title: 'Brouillon revu', updated_at: later(1) })
  await assertInStep(t, 'a draft edited: no change shows')
  await update(b.id, { status: 'published', updated_at: later(2) })
  await assertInStep(t, 'the draft published')
  await update(a.id, { title: 'Titre revu', updated_at: later(3) })
  await assertInStep(t, 'a published dataset edited')
  await update(c.id, { deleted_at: later(4), updated_at: later(4) })
  await assertInStep(t, 'a dataset deleted')
  await update(c.id, { publisher_id: ville, updated_at: later(5) })
  await assertInStep(t, 'a deleted dataset moved to another publisher', metropole)
  await update(a.id, { publisher_id: metropole, updated_at: later(6) })
  await assertInStep(t, 'a published dataset moved to another publisher', ville)
  await db.deleteFrom('datasets').where('id', '=', b.id).execute()
  t.equal((await summarizeFeed(db, {})).total, Number((await countFeed(db, {})).total), 'a row removed: the count follows')
})

t.test('unpublishing moves the latest change: the feed lost a dataset', async (t) => {
  const d = await seedDataset(db, ville)
  const before = (await summarizeFeed(db, { publisherId: ville })).lastChange
  await update(d.id, { status: 'draft', updated_at: later(60) })
  const after = await summarizeFeed(db, { publisherId: ville })
  t.ok(after.lastChange !== null && before !== null && after.lastChange > before, 'Last-Modified moves forward')
})

t.test('TRUNCATE empties the figures with the rows', async (t) => {
  await seedDataset(db, metropole)
  await sql`TRUNCATE datasets CASCADE`.execute(db)
  t.same(await summarizeFeed(db, {}), { total: 0, lastChange: null })
  await seedDataset(db, ville)
  await assertInStep(t, 'a dataset after the truncation')
})

t.test('a statement of many rows moves each publisher\'s figures once', async (t) => {
  const rows = (publisherId: string, count: number, status: 'published' | 'draft') => Array.from({ length: count }, (_, i) => ({
    slug: `lot-${publisherId}-${status}-${i}`, publisher_id: publisherId, title: `Lot ${i}`, status, modified: '2025-01-15T10:00:00Z'
  }))
  // Rows written to feed_stats by two statements: a row trigger wrote one per dataset (70 here). The
  // counters also hold this connection's writes not yet reported, hence the difference.
  const written = async (trx: Transaction<DB>) => (await sql<{ n: number }>`SELECT (pg_stat_get_xact_tuples_inserted('feed_stats'::regclass)
    + pg_stat_get_xact_tuples_updated('feed_stats'::regclass))::integer AS n`.execute(trx)).rows[0]?.n ?? NaN
  const writes = await db.transaction().execute(async (trx) => {
    const before = await written(trx)
    await trx.insertInto('datasets').values([...rows(ville, 30, 'published'), ...rows(metropole, 20, 'published'), ...rows(ville, 5, 'draft')]).execute()
    await trx.updateTable('datasets').set({ title: 'Lot revu', updated_at: later(120) }).where('slug', 'like', `lot-${metropole}-%`).execute()
    return await written(trx) - before
  })
  t.equal(writes, 3, 'the insert: one row per publisher; the update: one')
  await assertInStep(t, 'fifty inserted, then twenty edited, in two statements')
  await db.deleteFrom('datasets').where('slug', 'like', 'lot-%').execute()
  t.equal((await summarizeFeed(db, {})).total, Number((await countFeed(db, {})).total), 'all of them removed in one statement: the count follows')
})
