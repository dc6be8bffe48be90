import t from 'tap'
import { sql } from 'kysely'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { editorOf, seedPublisher } from './datasets-helpers.js'

const app = await buildTestApp(t)
await seedPublisher(app, 'metropole')
await seedPublisher(app, 'ville')
const METRO = await editorOf(app, 'metropole')

const put = async (slug: string, payload: Record<string, unknown>, headers: Record<string, string> = ADMIN) => {
  const res = await app.inject({ method: 'PUT', url: `/datasets/${slug}`, headers, payload: { publisher: 'metropole', ...payload } })
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(res.body)
  return res.json()
}
const slugs = (res: { json: () => { items: Array<{ slug: string }> } }) => res.json().items.map(d => d.slug)

await put('mobilite-douce', { title: 'Mobilité douce', description: 'Pistes cyclables et zones piétonnes.', keywords: ['vélo'], themes: ['TRAN'], licence: 'etalab-2.0' })
await put('transport-urbain', { title: 'Transport urbain', description: 'Lignes de bus et de tramway.', keywords: ['bus'], themes: ['TRAN'], licence: 'odbl-1.0' })
await put('qualite-air', { publisher: 'ville', title: 'Qualité de l\'air', description: 'Mesures horaires des stations.', keywords: ['air', 'pollution'], themes: ['ENVI'], licence: 'etalab-2.0' })
await put('budget-mobilite', { publisher: 'ville', title: 'Budget', description: 'Dépenses de mobilité de la ville.', keywords: ['finances'], themes: ['GOVE', 'TRAN'], licence: 'etalab-2.0' })
await put('brouillon-transport', { title: 'Transports secrets', status: 'draft', keywords: ['bus'], themes: ['TRAN'], licence: 'etalab-2.0' }, METRO)
await app.inject({
  method: 'POST',
  url: '/datasets/transport-urbain/distributions',
  headers: ADMIN,
  payload: { title: 'GTFS', downloadUrl: 'https://example.org/gtfs.zip', format: 'ZIP' }
})

t.test('q searches French text: stemming, accents, ranking, typos', async t => {
  const plural = await app.inject('/datasets?q=transports')
  t.same(slugs(plural), ['transport-urbain'], 'plural finds singular, drafts excluded')
  t.equal(plural.json().total, 1)
  const accents = await app.inject('/datasets?q=mobilite')
  t.same(slugs(accents), ['mobilite-douce', 'budget-mobilite'], 'title matches rank above description matches')
  t.equal(accents.json().total, 2)
  t.same(slugs(await app.inject('/datasets?q=MOBILITÉ')), ['mobilite-douce', 'budget-mobilite'])
  t.same(slugs(await app.inject('/datasets?q=transprot')), ['transport-urbain'], 'a typo is corrected when nothing matches')
  t.same(slugs(await app.inject('/datasets?q=pollutoin')), ['qualite-air'])
  t.same(slugs(await app.inject('/datasets?q=velo')), ['mobilite-douce'], 'keywords are searched')
  t.same(slugs(await app.inject('/datasets?q=cyclables')), ['mobilite-douce'], 'descriptions are searched')
  const none = await app.inject('/datasets?q=zzzzzzzz')
  t.same(none.json(), { items: [], total: 0, totalExact: true, next: null })
  t.same(slugs(await app.inject({ url: '/datasets?q=transports&sort=title', headers: ADMIN })), ['transport-urbain', 'brouillon-transport'], 'admins find drafts')
})

t.test('filters narrow the list and drafts stay hidden from anonymous clients', async t => {
  t.same(slugs(await app.inject('/datasets?publisher=ville&sort=title')), ['budget-mobilite', 'qualite-air'])
  t.same(slugs(await app.inject('/datasets?theme=TRAN&sort=title')), ['budget-mobilite', 'mobilite-douce', 'transport-urbain'])
  t.same(slugs(await app.inject('/datasets?keyword=bus')), ['transport-urbain'])
  t.same(slugs(await app.inject('/datasets?licence=odbl-1.0')), ['transport-urbain'])
  t.same(slugs(await app.inject('/datasets?format=ZIP')), ['transport-urbain'])
  t.same(slugs(await app.inject('/datasets?modifiedSince=2999-01-01T00:00:00Z')), [])
  t.equal((await app.inject('/datasets')).json().total, 4)
  t.equal((await app.inject({ url: '/datasets', headers: METRO })).json().total, 5, 'an editor sees its own drafts')
  t.equal((await app.inject({ url: '/datasets', headers: ADMIN })).json().total, 5)
  t.same(slugs(await app.inject({ url: '/datasets?keyword=bus&sort=title', headers: ADMIN })), ['transport-urbain', 'brouillon-transport'])
})

t.test('facets count per value, over the other filters, visible datasets only', async t => {
  const res = await app.inject('/datasets?facets=publisher,theme,keyword,licence,format&theme=TRAN')
  t.same(res.json().facets, {
    publisher: [{ value: 'metropole', count: 2 }, { value: 'ville', count: 1 }],
    theme: [{ value: 'TRAN', count: 3 }, { value: 'ENVI', count: 1 }, { value: 'GOVE', count: 1 }],
    keyword: [{ value: 'bus', count: 1 }, { value: 'finances', count: 1 }, { value: 'vélo', count: 1 }],
    licence: [{ value: 'etalab-2.0', count: 2 }, { value: 'odbl-1.0', count: 1 }],
    format: [{ value: 'ZIP', count: 1 }]
  })
  const admin = await app.inject({ url: '/datasets?facets=publisher&q=transport', headers: ADMIN })
  t.same(admin.json().facets, { publisher: [{ value: 'metropole', count: 2 }] })
  t.equal((await app.inject('/datasets?facets=colour')).statusCode, 400)
})

t.test('facet counts follow every write: fields, distributions, drafts, deletes', async t => {
  const facets = async (headers: Record<string, string> = {}) => {
    const body = (await app.inject({ url: '/datasets?q=sismographe&facets=publisher,theme,keyword,licence,format', headers })).json()
    return { total: body.total, ...body.facets }
  }
  const VILLE = await editorOf(app, 'ville')
  await put('sismographes', { title: 'Sismographes', keywords: ['séisme', 'capteurs'], themes: ['ENVI', 'TECH'], licence: 'etalab-2.0' })
  const link = async (format: string) => (await app.inject({
    method: 'POST', url: '/datasets/sismographes/distributions', headers: ADMIN, payload: { title: format, downloadUrl: 'https://example.org/s', format }
  })).json().id as string
  const csv = await link('CSV')
  await link('CSV')
  t.same(await facets(), {
    total: 1,
    publisher: [{ value: 'metropole', count: 1 }],
    theme: [{ value: 'ENVI', count: 1 }, { value: 'TECH', count: 1 }],
    keyword: [{ value: 'capteurs', count: 1 }, { value: 'séisme', count: 1 }],
    licence: [{ value: 'etalab-2.0', count: 1 }],
    format: [{ value: 'CSV', count: 1 }]
  }, 'a format counts each dataset once')

  await app.inject({ method: 'PATCH', url: '/datasets/sismographes', headers: ADMIN, payload: { keywords: ['séisme'], themes: ['ENVI'], licence: 'odbl-1.0' } })
  await app.inject({ method: 'PATCH', url: `/distributions/${csv}`, headers: ADMIN, payload: { format: 'JSON' } })
  await put('sismographes-brouillon', { title: 'Sismographes', status: 'draft', keywords: ['séisme'] }, METRO)
  await put('sismographes-ville', { publisher: 'ville', title: 'Sismographes', status: 'draft', keywords: ['brouillon'] }, VILLE)
  t.same(await facets(), {
    total: 1,
    publisher: [{ value: 'metropole', count: 1 }],
    theme: [{ value: 'ENVI', count: 1 }],
    keyword: [{ value: 'séisme', count: 1 }],
    licence: [{ value: 'odbl-1.0', count: 1 }],
    format: [{ value: 'CSV', count: 1 }, { value: 'JSON', count: 1 }]
  }, 'anonymous clients count no draft')
  t.match(await facets(METRO), { total: 2, publisher: [{ value: 'metropole', count: 2 }], keyword: [{ value: 'séisme', count: 2 }] }, 'an editor counts its own drafts only')
  t.match(await facets(ADMIN), { total: 3, publisher: [{ value: 'metropole', count: 2 }, { value: 'ville', count: 1 }] })

  await app.inject({ method: 'DELETE', url: `/distributions/${csv}`, headers: ADMIN })
  t.match(await facets(), { format: [{ value: 'CSV', count: 1 }] })
  await app.inject({ method: 'DELETE', url: '/datasets/sismographes', headers: ADMIN })
  await app.db.deleteFrom('datasets').where('slug', '=', 'sismographes-ville').execute()
  t.same(await facets(ADMIN), {
    total: 1,
    publisher: [{ value: 'metropole', count: 1 }],
    theme: [],
    keyword: [{ value: 'séisme', count: 1 }],
    licence: [],
    format: []
  }, 'deleted datasets, soft or hard, count no more')
  const { rows } = await sql<{ bits: number }>`SELECT count(*)::int AS bits FROM facet_bitmaps WHERE facet = 'keyword' AND value = 'brouillon'`.execute(app.db)
  t.same(rows, [{ bits: 0 }], 'a bitmap left empty is removed')
})

t.test('facets with filters on other columns: q and modifiedSince', async t => {
  const res = await app.inject('/datasets?q=mobilite&modifiedSince=2000-01-01T00:00:00Z&facets=publisher,theme')
  t.same(res.json().facets, {
    publisher: [{ value: 'metropole', count: 1 }, { value: 'ville', count: 1 }],
    theme: [{ value: 'TRAN', count: 2 }, { value: 'GOVE', count: 1 }]
  })
  t.equal(res.json().total, 2)
  const none = await app.inject('/datasets?modifiedSince=2999-01-01T00:00:00Z&facets=publisher')
  t.same(none.json(), { items: [], total: 0, totalExact: true, next: null, facets: { publisher: [] } })
  const corrected = await app.inject('/datasets?q=transprot&facets=theme')
  t.same(corrected.json().facets, { theme: [{ value: 'TRAN', count: 1 }] }, 'facets count the corrected query')
})

t.test('sorts', async t => {
  t.same(slugs(await app.inject('/datasets?sort=title')), ['budget-mobilite', 'mobilite-douce', 'qualite-air', 'transport-urbain'])
  t.same(slugs(await app.inject('/datasets?sort=-title')), ['transport-urbain', 'qualite-air', 'mobilite-douce', 'budget-mobilite'])
  t.same(slugs(await app.inject('/datasets?sort=created')), ['mobilite-douce', 'transport-urbain', 'qualite-air', 'budget-mobilite'])
  t.same(slugs(await app.inject('/datasets?sort=-modified')), ['transport-urbain', 'budget-mobilite', 'qualite-air', 'mobilite-douce'], 'a new distribution moves modified')
  t.equal((await app.inject('/datasets?sort=relevance')).statusCode, 400)
  t.equal((await app.inject('/datasets?sort=size')).statusCode, 400)
  t.equal((await app.inject('/datasets?limit=101')).statusCode, 400)
  t.equal((await app.inject('/datasets?cursor=garbage')).statusCode, 400)
})

t.test('the cursor pages through 250 datasets once each while others are inserted', async t => {
  const { id } = await app.db.selectFrom('publishers').select('id').where('id', '=', 'ville').executeTakeFirstOrThrow()
  const rows = Array.from({ length: 250 }, (_, n) => ({
    slug: `jeu-${n}`,
    publisher_id: id,
    title: `Jeu ${n % 40}`,
    keywords: ['paging'],
    // Many equal values: ties must be broken by the cursor, not lost.
    modified: new Date(Date.UTC(2025, 0, 1 + (n % 30)))
  }))
  await app.db.insertInto('datasets').values(rows).execute()
  const all = new Set(rows.map(r => r.slug))
  const sorts = ['created', '-modified', '-title', 'relevance'] as const
  for (const [index, sort] of sorts.entries()) {
    const seen: string[] = []
    let url: string | null = `/datasets?keyword=paging&sort=${sort}&limit=50${sort === 'relevance' ? '&q=jeu' : ''}`
    let page = 0
    while (url !== null) {
      const res = await app.inject(url.replace(PUBLIC_URL, ''))
      const body: { total: number, next: string | null, items: Array<{ slug: string }> } = res.json()
      t.equal(body.total, 250 + index + (page > 1 ? 1 : 0), 'total counts every page together')
      seen.push(...body.items.map(d => d.slug))
      if (body.next === null) t.notOk(res.headers.link)
      else t.equal(res.headers.link, `<${body.next}>; rel="next"`)
      url = body.next
      // Datasets added while paging land before or after the cursor, never shift the pages.
      if (page === 1) await put(`inserted-${sort.replace('-', 'd')}`, { title: 'Jeu ajouté', keywords: ['paging'] })
      page++
    }
    const original = seen.filter(slug => all.has(slug))
    t.equal(new Set(seen).size, seen.length, `${sort}: no repeat`)
    t.equal(original.length, 250, `${sort}: no gap`)
  }
})
