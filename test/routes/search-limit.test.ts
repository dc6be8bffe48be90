// SEARCH_MATCH_LIMIT: a search whose words (or modifiedSince, or quality) match more datasets than the
// limit counts, facets and ranks only the most recently added of them, and says so with totalExact.
import t from 'tap'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { editorOf, seedPublisher } from './datasets-helpers.js'

const app = await buildTestApp(t, { searchMatchLimit: 3 })
await seedPublisher(app, 'metropole')
await seedPublisher(app, 'ville')
const METRO = await editorOf(app, 'metropole')

/** Creates the dataset and returns its `modified`: each one created is more recent than the last. */
const put = async (slug: string, payload: Record<string, unknown>, headers: Record<string, string> = ADMIN): Promise<string> => {
  const res = await app.inject({ method: 'PUT', url: `/datasets/${slug}`, headers, payload: { publisher: 'metropole', ...payload } })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json().modified
}
type Page = { items: Array<{ slug: string }>, total: number, totalExact: boolean, next: string | null, facets?: Record<string, unknown> }
const get = async (url: string, headers: Record<string, string> = {}): Promise<Page> => {
  const res = await app.inject({ url, headers })
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}
const slugs = (page: Page) => page.items.map(d => d.slug)

// Five published bus datasets (bus-5 the most recent), a more recent draft, then one about something else.
const modified: string[] = []
for (let n = 1; n <= 5; n++) {
  modified[n] = await put(`bus-${n}`, { publisher: n % 2 === 0 ? 'ville' : 'metropole', title: `Lignes de bus ${n}`, themes: ['TRAN'] })
}
await put('bus-brouillon', { title: 'Lignes de bus à venir', status: 'draft' }, METRO)
await put('arbres', { title: 'Arbres d\'alignement' })
const since = (n: number) => `/datasets?modifiedSince=${encodeURIComponent(modified[n]!)}`

t.test('more matches than the limit: the most recently added are counted and ranked, and the count says so', async t => {
  const page = await get('/datasets?q=bus&facets=publisher')
  t.same(page.total, 3)
  t.equal(page.totalExact, false)
  t.same(new Set(slugs(page)), new Set(['bus-5', 'bus-4', 'bus-3']), 'relevance ranks the three kept, not the older ones')
  t.same(page.facets, { publisher: [{ value: 'metropole', count: 2 }, { value: 'ville', count: 1 }] }, 'facets count the kept matches')
  t.notOk(slugs(page).includes('bus-brouillon'), 'an anonymous search keeps no draft, and none takes a published match\'s place')
})

t.test('the limit counts what the asker may see', async t => {
  const editor = await get('/datasets?q=bus', METRO)
  t.same(new Set(slugs(editor)), new Set(['bus-brouillon', 'bus-5', 'bus-4']), 'an editor\'s own draft is among its matches')
  t.equal(editor.totalExact, false)
})

t.test('relevance pages stop at the kept matches; another sort pages through every match', async t => {
  const first = await get('/datasets?q=bus&limit=2')
  t.equal(first.items.length, 2)
  const second = await get(first.next!.replace('https://data.example.org', ''))
  t.equal(second.items.length, 1)
  t.equal(second.next, null)
  t.same(new Set([...slugs(first), ...slugs(second)]), new Set(['bus-5', 'bus-4', 'bus-3']))

  const seen: string[] = []
  let url: string | null = '/datasets?q=bus&sort=-modified&limit=2'
  while (url !== null) {
    const page: Page = await get(url)
    t.equal(page.total, 3, 'each page gives the same lower bound')
    t.equal(page.totalExact, false)
    seen.push(...slugs(page))
    url = page.next?.replace('https://data.example.org', '') ?? null
  }
  t.same(seen, ['bus-5', 'bus-4', 'bus-3', 'bus-2', 'bus-1'])
})

t.test('filters on facet values apply within the kept matches', async t => {
  const ville = await get('/datasets?q=bus&publisher=ville&facets=publisher')
  t.same(slugs(ville).sort(), ['bus-4'])
  t.equal(ville.total, 1)
  t.equal(ville.totalExact, false, 'the count is a lower bound: bus-2 is older than the kept three')
  t.same(ville.facets, { publisher: [{ value: 'metropole', count: 2 }, { value: 'ville', count: 1 }] }, 'the publisher facet ignores its own filter')
})

t.test('modifiedSince counts the same way; without row conditions the count is exact at any size', async t => {
  const recent = await get(since(2))
  t.equal(recent.total, 3)
  t.equal(recent.totalExact, false)
  t.same(slugs(recent), ['arbres', 'bus-5', 'bus-4', 'bus-3', 'bus-2'], 'the default sort still lists every match')

  const all = await get('/datasets?theme=TRAN&facets=publisher')
  t.equal(all.total, 5)
  t.equal(all.totalExact, true)
  t.same(all.facets, { publisher: [{ value: 'metropole', count: 3 }, { value: 'ville', count: 2 }] })
})

t.test('at or under the limit, the count is exact', async t => {
  const few = await get('/datasets?q=arbres')
  t.same([few.total, few.totalExact, slugs(few)], [1, true, ['arbres']])
  const exactly = await get(since(3))
  t.same([exactly.total, exactly.totalExact], [3, false], 'four matches, three kept')
  const three = await get(since(4))
  t.same([three.total, three.totalExact], [3, true], 'exactly the limit is exact')
})

t.test('the browser page says the count is a lower bound', async t => {
  const res = await app.inject({ url: '/datasets?q=bus', headers: { accept: 'text/html' } })
  t.equal(res.statusCode, 200)
  t.match(res.body, 'Plus de 3 résultats.')
})

t.test('the kept matches are the most recently added, whatever changed since', async t => {
  const res = await app.inject({ method: 'PATCH', url: '/datasets/bus-1', headers: ADMIN, payload: { description: 'Horaires mis à jour.' } })
  t.equal(res.statusCode, 200)
  t.same(new Set(slugs(await get('/datasets?q=bus'))), new Set(['bus-5', 'bus-4', 'bus-3']))
  t.same(slugs(await get('/datasets?q=bus&sort=-modified&limit=1')), ['bus-1'], 'sorting by modified still finds the change first')
})

t.test('filters on facet values, a format among them, narrow a relevance page of the kept matches', async t => {
  for (const n of [5, 4, 3, 1]) {
    const payload = { title: 'Arrêts', downloadUrl: `https://example.org/bus-${n}.csv`, format: 'CSV' }
    const res = await app.inject({ method: 'POST', url: `/datasets/bus-${n}/distributions`, headers: ADMIN, payload })
    t.equal(res.statusCode, 201)
  }
  const metro = await get('/datasets?q=bus&format=CSV&publisher=metropole&facets=format')
  t.same(slugs(metro), ['bus-5', 'bus-3'], 'equal ranks: the most recently added first; bus-1 has a CSV but is not kept')
  t.same([metro.total, metro.totalExact], [2, false])
  t.same(metro.facets, { format: [{ value: 'CSV', count: 2 }] })

  const first = await get('/datasets?q=bus&format=CSV&limit=2')
  t.same(slugs(first), ['bus-5', 'bus-4'])
  const second = await get(first.next!.replace('https://data.example.org', ''))
  t.same([slugs(second), second.next], [['bus-3'], null])
})
