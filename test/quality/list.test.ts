// GET /datasets?quality= (a minimum band) and sort=quality / -quality, with keyset paging over the stored scores.
import t from 'tap'
import { sql } from 'kysely'
import { buildTestApp } from '../support/build-app.js'
import { seedDataset, seedPublisher } from '../catalog/support.js'

const app = await buildTestApp(t)
const publisher = await seedPublisher(app.db)
// Scores by hand at the band edges (bad 0–119, sufficient 120–220, good 221–350, excellent 351–405); null: not scored yet.
const SCORES: Array<[string, number | null]> = [['a', 351], ['b', 350], ['c', 221], ['d', 220], ['e', 120], ['f', 119], ['g', null], ['h', 221]]
const slugs = new Map<number | null, string[]>()
for (const [name, score] of SCORES) {
  const { id, slug } = await seedDataset(app.db, publisher, { slug: `q-${name}`, status: 'published' })
  if (score !== null) await sql`UPDATE dataset_quality SET score = ${score}, stale = false WHERE dataset_id = ${id}`.execute(app.db)
  slugs.set(score, [...slugs.get(score) ?? [], slug])
}
// The best scores of all, on a draft and a deleted dataset: no list below may show them.
for (const status of ['draft', 'deleted'] as const) {
  const { id } = await seedDataset(app.db, publisher, { slug: `q-${status}`, status: status === 'draft' ? 'draft' : 'published' })
  await sql`UPDATE dataset_quality SET score = 405, stale = false WHERE dataset_id = ${id}`.execute(app.db)
  if (status === 'deleted') await sql`UPDATE datasets SET deleted_at = now() WHERE id = ${id}`.execute(app.db)
}

async function all (query: string): Promise<{ slugs: string[], total: number, pages: number }> {
  const seen: string[] = []
  let url: string | null = `/datasets?${query}`
  let total = 0
  let pages = 0
  while (url !== null) {
    const page: string = url
    const res = await app.inject(page)
    t.equal(res.statusCode, 200, page)
    const body: { items: Array<{ slug: string }>, total: number, next: string | null } = res.json()
    seen.push(...body.items.map((item: { slug: string }) => item.slug))
    total = body.total
    url = body.next === null ? null : body.next.replace(/^https:\/\/[^/]+/, '')
    pages++
  }
  return { slugs: seen, total, pages }
}

t.test('?quality= is a minimum band; unscored datasets are left out', async t => {
  for (const [band, expected] of [['excellent', ['q-a']], ['good', ['q-a', 'q-b', 'q-c', 'q-h']], ['sufficient', ['q-a', 'q-b', 'q-c', 'q-d', 'q-e', 'q-h']], ['bad', ['q-a', 'q-b', 'q-c', 'q-d', 'q-e', 'q-f', 'q-h']]] as const) {
    const { slugs: found, total } = await all(`quality=${band}&limit=2&sort=title`)
    t.same(found, expected, band)
    t.equal(total, expected.length, `${band}: the total counts the same datasets`)
  }
})

t.test('sort=-quality pages best first through the cursor, ties by seq, unscored last; sort=quality the reverse', async t => {
  const best = await all('sort=-quality&limit=3')
  t.same(best.slugs, ['q-a', 'q-b', 'q-h', 'q-c', 'q-d', 'q-e', 'q-f', 'q-g'], 'ties (221) in seq order, descending')
  t.equal(best.pages, 3)
  t.equal(best.total, 8)
  const worst = await all('sort=quality&limit=3')
  t.same(worst.slugs, ['q-g', 'q-f', 'q-e', 'q-d', 'q-c', 'q-h', 'q-b', 'q-a'])
  const good = await all('sort=-quality&quality=good&limit=1')
  t.same(good.slugs, ['q-a', 'q-b', 'q-h', 'q-c'])
})

t.test('bad values are 400 problems', async t => {
  const first = (await app.inject('/datasets?sort=-quality&limit=1')).json()
  const cursor = new URL(first.next).searchParams.get('cursor')!
  const forged = Buffer.from(JSON.stringify({ s: '-quality', v: 'abc', i: '1' })).toString('base64url')
  for (const url of ['/datasets?quality=great', '/datasets?quality=', '/datasets?sort=best', `/datasets?sort=quality&cursor=${cursor}`, `/datasets?sort=-quality&cursor=${forged}`]) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 400, url)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', url)
  }
})
