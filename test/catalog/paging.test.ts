// Crawl safety and filtering: keyset pages walked to the end while datasets are added, edited and
// deleted; absolute links keeping the query; modified_since; drafts, deletions, sub-catalogues.
import t from 'tap'
import { sql } from 'kysely'
import { allDatasets } from '../../src/routes/catalog/full.js'
import { viewBuilder } from '../../src/routes/catalog/views.js'
import { buildTestApp, PUBLIC_URL, testConfig } from '../support/build-app.js'
import { clearCatalogue, DCAT, fetchRdf, HYDRA, objects, pageOf, seedDataset, seedPublisher } from './support.js'

const app = await buildTestApp(t)
const ville = await seedPublisher(app.db, 'ville')
const metropole = await seedPublisher(app.db, 'metropole')
t.beforeEach(() => clearCatalogue(app.db))

const uri = (id: string): string => `${PUBLIC_URL}/datasets/${id}`
const path = (url: string): string => url.slice(PUBLIC_URL.length)

async function seedMany (count: number, publisherId = ville): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) ids.push((await seedDataset(app.db, publisherId)).id)
  return ids
}

async function deleteDataset (id: string): Promise<void> {
  await app.db.updateTable('datasets').set({ deleted_at: sql`now()`, updated_at: sql`now()` }).where('id', '=', id).execute()
}

/** Follows hydra:next from `start` to the last page, calling `between` after each page. */
async function crawl (start: string, between: (page: number, seen: string[]) => Promise<void> = async () => {}): Promise<{ seen: string[], pages: string[] }> {
  const seen: string[] = []
  const pages: string[] = []
  let next: string | null = start
  while (next !== null) {
    t.ok(next.startsWith(`${PUBLIC_URL}/`), `absolute link ${next}`)
    pages.push(next)
    const res = await fetchRdf(app, path(next), 'ttl')
    t.equal(res.status, 200, next)
    const page = pageOf(res.quads)
    seen.push(...page.datasets)
    next = page.next
    await between(pages.length, seen)
    if (pages.length > 50) throw new Error('the crawl does not end')
  }
  return { seen, pages }
}

t.test('a crawl under concurrent inserts, edits and deletions sees no gap and no repeat', async (t) => {
  const initial = await seedMany(23)
  const added: string[] = []
  const deleted: string[] = []
  const { seen, pages } = await crawl(`${PUBLIC_URL}/catalog.ttl?page_size=4`, async (page, seenSoFar) => {
    const seenIds = new Set(seenSoFar)
    const unseen = initial.filter((id) => !seenIds.has(uri(id)) && !deleted.includes(id))
    if (page > 4 || unseen.length < 3) return
    added.push(...await seedMany(2))
    // Edit a seen and an unseen dataset: both "move" in a modified-desc order, not in this one.
    const edited = [initial.find((id) => seenIds.has(uri(id)))!, unseen[0]!]
    await app.db.updateTable('datasets').set({ modified: sql`now()`, updated_at: sql`now()`, title: 'Modifié' }).where('id', 'in', edited).execute()
    // Delete a seen and an unseen dataset: neither may shift the remaining pages.
    const gone = [initial.find((id) => seenIds.has(uri(id)) && !deleted.includes(id))!, unseen[1]!]
    for (const id of gone) await deleteDataset(id)
    deleted.push(...gone)
  })
  t.equal(new Set(seen).size, seen.length, 'no dataset seen twice')
  const expected = [...initial, ...added].filter((id) => !deleted.includes(id) || seen.includes(uri(id)))
  t.same([...seen].sort(), expected.map(uri).sort(), 'every dataset alive at the end was seen, added ones included')
  t.ok(added.length >= 6, 'datasets were added during the crawl')
  const last = await fetchRdf(app, path(pages.at(-1)!), 'ttl')
  t.same(objects(last.quads, `${HYDRA}next`), [], 'the last page has no hydra:next')
})

t.test('hydra links are absolute from PUBLIC_URL, keep the query and the syntax', async (t) => {
  await seedMany(5)
  const res = await fetchRdf(app, '/catalog.jsonld?modified_since=2025-01-01&page_size=2', 'jsonld')
  const [view] = objects(res.quads, `${HYDRA}view`, `${PUBLIC_URL}/catalog`)
  t.equal(view, `${PUBLIC_URL}/catalog.jsonld?page_size=2&modified_since=2025-01-01`)
  t.same(objects(res.quads, `${HYDRA}first`), [`${PUBLIC_URL}/catalog.jsonld?page_size=2&modified_since=2025-01-01`])
  const [next] = objects(res.quads, `${HYDRA}next`)
  t.match(next, new RegExp(`^${PUBLIC_URL}/catalog\\.jsonld\\?page_size=2&modified_since=2025-01-01&cursor=[\\w-]+$`))
  t.same(objects(res.quads, `${HYDRA}totalItems`, `${PUBLIC_URL}/catalog`), ['5'])
  t.same(objects(res.quads, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', view), [`${HYDRA}PartialCollectionView`])
  const { seen, pages } = await crawl(`${PUBLIC_URL}/catalog.ttl?page_size=2`)
  t.equal(seen.length, 5)
  t.equal(pages.length, 3, 'pages of 2, 2 and 1')
  const exact = await crawl(`${PUBLIC_URL}/catalog.ttl?page_size=5`)
  t.equal(exact.pages.length, 1, 'a full last page has no next either')
})

t.test('page_size defaults to 100', async (t) => {
  await seedMany(101)
  const res = await fetchRdf(app, '/catalog', 'ttl')
  const page = pageOf(res.quads)
  t.equal(page.datasets.length, 100)
  t.equal(page.total, 101)
  t.match(page.next, /\/catalog\?page_size=100&cursor=/)
})

t.test('modified_since filters datasets and totalItems', async (t) => {
  const [old] = await seedMany(1)
  const recent = await seedDataset(app.db, ville, { modified: '2025-06-01T12:00:00Z' })
  for (const since of ['2025-03-01', '2025-06-01T12:00:00Z', '2025-06-01T14:00:00%2B02:00']) {
    const page = pageOf((await fetchRdf(app, `/catalog.ttl?modified_since=${since}`, 'ttl')).quads)
    t.same(page.datasets, [uri(recent.id)], since)
    t.equal(page.total, 1)
  }
  const all = pageOf((await fetchRdf(app, '/catalog.ttl?modified_since=2020-01-01', 'ttl')).quads)
  t.same(all.datasets.sort(), [uri(old!), uri(recent.id)].sort())
})

t.test('drafts and deleted datasets never appear, nor count', async (t) => {
  const [live] = await seedMany(1)
  const draft = await seedDataset(app.db, ville, { status: 'draft' })
  const [gone] = await seedMany(1)
  await deleteDataset(gone!)
  for (const url of ['/catalog.ttl', '/publishers/ville/catalog.ttl', '/catalog/full.ttl']) {
    const res = await fetchRdf(app, url, 'ttl')
    const datasets = objects(res.quads, `${DCAT}dataset`)
    t.same(datasets, [uri(live!)], url)
    t.notMatch(res.body, draft.id, `${url}: the draft is nowhere`)
    t.notMatch(res.body, gone!, `${url}: the deleted dataset is nowhere`)
    if (!url.includes('full')) t.equal(pageOf(res.quads).total, 1, `${url}: totalItems`)
  }
  const admin = await fetchRdf(app, '/catalog.ttl', 'ttl', { authorization: 'Bearer bst_test_admin_token_0123456789abcdef' })
  t.same(pageOf(admin.quads).datasets, [uri(live!)], 'not even for an admin: the feed is public')
})

t.test('a publisher sub-catalogue lists its datasets only, under its own URI', async (t) => {
  const mine = await seedMany(3, metropole)
  await seedMany(2, ville)
  const res = await fetchRdf(app, '/publishers/metropole/catalog.ttl?page_size=2', 'ttl')
  const catalog = `${PUBLIC_URL}/publishers/metropole/catalog`
  t.same(objects(res.quads, `${DCAT}dataset`, catalog).sort(), mine.slice(0, 2).map(uri).sort())
  t.same(objects(res.quads, 'http://purl.org/dc/terms/publisher', catalog), [`${PUBLIC_URL}/publishers/metropole`])
  t.equal(pageOf(res.quads).total, 3)
  t.match(pageOf(res.quads).next, `${catalog}.ttl?page_size=2&cursor=`)
  const { seen } = await crawl(`${catalog}.ttl?page_size=2`)
  t.same(seen.sort(), mine.map(uri).sort())
})

t.test('the full catalogue reads the database chunk by chunk, every dataset once', async (t) => {
  const ids = await seedMany(7)
  const draft = await seedDataset(app.db, ville, { status: 'draft' })
  const builder = viewBuilder(app.db, testConfig('/tmp'))
  const seen: string[] = []
  for await (const view of allDatasets(app.db, builder, 3)) seen.push(view.id)
  t.same(seen, ids, 'in seq order, across chunk boundaries, drafts left out')
  t.notOk(seen.includes(draft.id))
  const res = await fetchRdf(app, '/catalog/full.nt', 'nt')
  t.same(objects(res.quads, `${DCAT}dataset`).sort(), ids.map(uri).sort())
  t.same(objects(res.quads, `${HYDRA}next`), [], 'not paged')
})
