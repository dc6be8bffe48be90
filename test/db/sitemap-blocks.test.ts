// The sitemap index reads its blocks from sitemap_blocks, kept by triggers: whatever the writes, the
// counts must equal a scan of the published datasets, and a block's last change must never be older
// than what the scan says (it moves forward too when a dataset leaves the block).
import t, { type Test } from 'tap'
import { sql } from 'kysely'
import { createTestDb } from '../support/test-db.js'
import { sitemapBlocks, SITEMAP_LIMIT } from '../../src/web/queries.js'
import { seedDataset, seedPublisher } from '../catalog/support.js'

const { db } = await createTestDb(t)
const ville = await seedPublisher(db, 'ville')

interface Scanned { block: number, count: number, lastModified: Date }

/** What the sitemap index computed before the triggers: a scan of every published dataset. */
async function scan (): Promise<Scanned[]> {
  const { rows } = await sql<{ block: string, count: string, last_modified: Date }>`
    SELECT seq / ${SITEMAP_LIMIT} AS block, count(*) AS count, max(greatest(updated_at, modified)) AS last_modified
    FROM datasets WHERE status = 'published' AND deleted_at IS NULL GROUP BY 1 ORDER BY 1`.execute(db)
  return rows.map((row) => ({ block: Number(row.block), count: Number(row.count), lastModified: new Date(row.last_modified) }))
}

async function assertInStep (t: Test, step: string): Promise<void> {
  const [kept, scanned] = await Promise.all([sitemapBlocks(db), scan()])
  t.same(kept.map(({ block, count }) => ({ block, count })), scanned.map(({ block, count }) => ({ block, count })), `${step}: blocks and counts`)
  for (const [i, block] of scanned.entries()) {
    t.ok(kept[i] !== undefined && kept[i].lastModified >= block.lastModified, `${step}: block ${block.block} is not older than its datasets`)
  }
}

const later = (seconds: number) => sql<Date>`now() + ${`${seconds} seconds`}::interval`
const update = async (id: string, values: Record<string, unknown>): Promise<void> => {
  await db.updateTable('datasets').set(values).where('id', '=', id).execute()
}
const lastModified = async (block: number): Promise<Date | undefined> => (await sitemapBlocks(db)).find((b) => b.block === block)?.lastModified

t.test('every kind of write keeps the blocks equal to a scan', async (t) => {
  await assertInStep(t, 'empty')
  // Two datasets on each side of the first block's end, without writing 50,000 rows.
  await sql`SELECT setval(pg_get_serial_sequence('datasets', 'seq'), ${SITEMAP_LIMIT - 3})`.execute(db)
  const a = await seedDataset(db, ville)
  const b = await seedDataset(db, ville, { status: 'draft' })
  const c = await seedDataset(db, ville)
  const d = await seedDataset(db, ville)
  await assertInStep(t, 'inserts on both sides of a block\'s end, one a draft')
  t.same((await sitemapBlocks(db)).map((block) => block.count), [1, 2])

  const beforeDraft = await lastModified(0)
  await update(b.id, { title: 'Brouillon revu', updated_at: later(1) })
  await assertInStep(t, 'a draft edited')
  t.same(await lastModified(0), beforeDraft, 'a draft\'s edit does not show in its block')
  await update(b.id, { status: 'published', updated_at: later(2) })
  await assertInStep(t, 'the draft published')
  await update(a.id, { title: 'Titre revu', updated_at: later(3) })
  await assertInStep(t, 'a published dataset edited')
  t.same(await lastModified(0), (await scan())[0]?.lastModified, 'its block dates from the edit')

  const before = await lastModified(1)
  await update(c.id, { deleted_at: later(4), updated_at: later(4) })
  await assertInStep(t, 'a dataset deleted')
  const after = await lastModified(1)
  t.ok(before !== undefined && after !== undefined && after > before, 'a departure moves its block\'s last change')
  await update(d.id, { status: 'draft', updated_at: later(5) })
  await assertInStep(t, 'the block\'s last dataset unpublished: the block leaves the index')
  t.same((await sitemapBlocks(db)).map((block) => block.block), [0])

  await db.deleteFrom('datasets').where('id', 'in', [a.id, b.id]).execute()
  await assertInStep(t, 'rows removed')
  t.same(await sitemapBlocks(db), [])
})

t.test('statements of many rows, and TRUNCATE', async (t) => {
  const rows = Array.from({ length: 40 }, (_, i) => ({
    slug: `lot-${i}`, publisher_id: ville, title: `Lot ${i}`, status: i % 4 === 0 ? 'draft' as const : 'published' as const, modified: '2025-01-15T10:00:00Z'
  }))
  await sql`SELECT setval(pg_get_serial_sequence('datasets', 'seq'), ${3 * SITEMAP_LIMIT - 20})`.execute(db)
  await db.insertInto('datasets').values(rows).execute()
  await assertInStep(t, 'forty rows in one statement, across two blocks')
  await db.updateTable('datasets').set({ status: 'draft', updated_at: later(10) }).where('slug', 'in', ['lot-1', 'lot-30']).execute()
  await db.updateTable('datasets').set({ status: 'published', updated_at: later(11) }).where('slug', '=', 'lot-0').execute()
  await assertInStep(t, 'several rows published and unpublished')
  await db.deleteFrom('datasets').where('slug', 'like', 'lot-1%').execute()
  await assertInStep(t, 'eleven removed in one statement')
  await sql`TRUNCATE datasets CASCADE`.execute(db)
  t.same(await sitemapBlocks(db), [], 'the blocks go with the rows')
  await seedDataset(db, ville)
  await assertInStep(t, 'a dataset after the truncation')
})
