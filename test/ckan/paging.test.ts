// The four paging walkers of real clients (ckan-compat.md §7.3) over a few thousand datasets, while a
// writer keeps editing them: with `sort=id asc` each published dataset is seen exactly once.
import t from 'tap'
import { sql } from 'kysely'
import { generateCatalogue } from '../../bench/generate.js'
import { buildTestApp } from '../support/build-app.js'
import { ckanGet } from './helpers.js'

const DATASETS = 2500
const app = await buildTestApp(t)
await generateCatalogue(app.db, { datasets: DATASETS, distributionsPerDataset: 1, seed: 13, draftRatio: 0.1 })
const published = (await app.db.selectFrom('datasets').select('id').where('status', '=', 'published').where('deleted_at', 'is', null).orderBy('id').execute()).map(r => r.id)

interface Page { count: number, ids: string[], body: string }

let edits = 0
/** Titles, keywords and `modified` move; offset paging on `metadata_modified` would skip and repeat. */
async function edit (): Promise<void> {
  await sql`UPDATE datasets SET title = title || '.', keywords = keywords || ARRAY['modifié'], modified = now(), updated_at = now()
    WHERE id = (SELECT id FROM datasets WHERE status = 'published' ORDER BY random() LIMIT 1)`.execute(app.db)
  edits++
}

/** One page, after the writer has edited a dataset: the embedded database runs one statement at a time, so
 * the writer goes between pages rather than beside them; on a server it also runs in the background. */
async function page (rows: number, start: number): Promise<Page> {
  await edit()
  const res = await ckanGet(app, 'package_search', `rows=${rows}&start=${start}&sort=id%20asc`)
  if (res.status !== 200) throw new Error(`page at ${start} answered ${res.status}`)
  return { count: res.body.result.count, ids: res.body.result.results.map((r: { id: string }) => r.id), body: res.res.body }
}

/** ckanapi `search datasets`: start moves by what came back, until an empty page. */
async function ckanapi (): Promise<string[]> {
  const seen: string[] = []
  for (let start = 0; ;) {
    const { ids } = await page(1000, start)
    if (ids.length === 0) return seen
    seen.push(...ids)
    start += ids.length
  }
}

/** ckanext-harvest: start moves by rows, until an empty page; two identical pages abort the run. */
async function ckanextHarvest (): Promise<string[]> {
  const seen: string[] = []
  let previous = ''
  for (let start = 0; ; start += 100) {
    const { ids, body } = await page(100, start)
    if (ids.length === 0) return seen
    if (body === previous) throw new Error('The paging doesn\'t seem to work')
    previous = body
    seen.push(...ids)
  }
}

/** Magda: start moves by the page size asked for, while start < count. */
async function magda (): Promise<string[]> {
  const seen: string[] = []
  for (let start = 0, count = 1; start < count; start += 1000) {
    const result = await page(1000, start)
    if (result.count === 0) throw new Error('Invalid 0 count')
    count = result.count
    seen.push(...result.ids)
  }
  return seen
}

/** piveau: start moves by rows while start < count and the page is not empty. */
async function piveau (): Promise<string[]> {
  const seen: string[] = []
  for (let start = 0, count = 1; start < count; start += 100) {
    const result = await page(100, start)
    count = result.count
    if (result.ids.length === 0) break
    seen.push(...result.ids)
  }
  return seen
}

t.test('every walker sees each published dataset exactly once while datasets are edited', async t => {
  t.ok(published.length > 2000 && published.length < DATASETS, `${published.length} published of ${DATASETS}`)
  const state = { walking: true }
  const writer = (async () => {
    while (state.walking) {
      await edit()
      await new Promise(resolve => setTimeout(resolve, 5))
    }
  })()
  const walks = await Promise.all([ckanapi(), ckanextHarvest(), magda(), piveau()]).finally(() => { state.walking = false })
  await writer
  t.ok(edits > 50, `${edits} edits during the walks`)
  for (const [name, ids] of [['ckanapi', walks[0]], ['ckanext-harvest', walks[1]], ['Magda', walks[2]], ['piveau', walks[3]]] as const) {
    t.equal(ids.length, new Set(ids).size, `${name}: no dataset twice`)
    t.same([...ids].sort(), published, `${name}: every published dataset, no draft`)
  }
})

t.test('rows is capped at 1000, silently; start past the end gives an empty page and the true count', async t => {
  const capped = await ckanGet(app, 'package_search', 'rows=5000&sort=id%20asc')
  t.equal(capped.body.result.results.length, 1000)
  t.equal(capped.body.result.count, published.length)
  const beyond = await ckanGet(app, 'package_search', `rows=10&start=${published.length}`)
  t.same(beyond.body.result.results, [])
  t.equal(beyond.body.result.count, published.length)
})

t.test('package_list returns every published name in one answer', async t => {
  const res = await ckanGet(app, 'package_list')
  t.equal(res.body.result.length, published.length)
})
