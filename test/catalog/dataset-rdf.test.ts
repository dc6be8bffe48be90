// One dataset as DCAT-AP through GET /datasets/{idOrSlug}: by suffix or by Accept, drafts hidden from
// all but their publisher and admins, deleted datasets gone.
import t from 'tap'
import { sql } from 'kysely'
import { RDF_EXTENSIONS, RDF_FORMATS } from '../../src/dcat/serialize/index.js'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { sameGraph } from '../dcat/support/rdf.js'
import { DCAT, fetchRdf, objects, seedCompleteDataset, seedCompletePublisher, seedDataset, subjectsOfType } from './support.js'

const app = await buildTestApp(t)
const publisher = await seedCompletePublisher(app.db, 'sytral')
const complete = await seedCompleteDataset(app.db, publisher)
const uri = `${PUBLIC_URL}/datasets/${complete.id}`

t.test('by suffix, on the id or the slug: the same graph in the four syntaxes', async (t) => {
  const turtle = await fetchRdf(app, `/datasets/${complete.id}.ttl`, 'ttl')
  t.same(subjectsOfType(turtle.quads, `${DCAT}Dataset`), [uri])
  t.same(objects(turtle.quads, `${DCAT}distribution`).length, 2)
  t.same(subjectsOfType(turtle.quads, `${DCAT}Catalog`), [], 'the dataset alone, no catalogue')
  for (const format of RDF_EXTENSIONS) {
    for (const key of [complete.id, 'horaires-tcl']) {
      const res = await fetchRdf(app, `/datasets/${key}.${format}`, format)
      t.equal(res.status, 200, `${key}.${format}`)
      t.equal(res.headers['content-type'], `${RDF_FORMATS[format].mediaType}; charset=utf-8`)
      t.ok(sameGraph(res.quads, turtle.quads), `${key}.${format}: the same graph`)
    }
  }
})

t.test('by Accept: RDF when preferred to JSON, JSON otherwise', async (t) => {
  const cases: Array<[string | undefined, string]> = [
    [undefined, 'application/json'],
    ['*/*', 'application/json'],
    ['application/json', 'application/json'],
    ['text/turtle', 'text/turtle'],
    ['application/ld+json', 'application/ld+json'],
    ['text/turtle;q=0.5, application/json', 'application/json'],
    ['application/json;q=0.5, application/rdf+xml', 'application/rdf+xml'],
    ['application/n-triples, */*;q=0.1', 'application/n-triples']
  ]
  for (const [accept, type] of cases) {
    const res = await app.inject({ url: `/datasets/${complete.id}`, headers: accept === undefined ? {} : { accept } })
    t.equal(res.statusCode, 200, String(accept))
    t.equal(res.headers['content-type'], `${type}; charset=utf-8`, String(accept))
    t.match(res.headers.vary, /Accept/, String(accept))
  }
})

t.test('validators, 304 and HEAD', async (t) => {
  const url = `/datasets/${complete.id}.rdf`
  const get = await app.inject({ url })
  const head = await app.inject({ method: 'HEAD', url })
  for (const name of ['content-type', 'etag', 'last-modified', 'vary', 'content-length']) t.equal(head.headers[name], get.headers[name], name)
  t.equal(head.body, '')
  const cached = await app.inject({ url, headers: { 'if-none-match': get.headers.etag as string } })
  t.equal(cached.statusCode, 304)
  await app.db.updateTable('distributions').set({ title: 'Nouveau titre', updated_at: sql`now()` }).where('dataset_id', '=', complete.id).execute()
  const changed = await app.inject({ url, headers: { 'if-none-match': get.headers.etag as string } })
  t.equal(changed.statusCode, 200, 'a distribution edit changes the dataset document')
})

t.test('drafts: 404 to anonymous callers, served to admins; deleted: 410; unknown: 404', async (t) => {
  const draft = await seedDataset(app.db, publisher, { status: 'draft' })
  const hidden = await app.inject({ url: `/datasets/${draft.id}.ttl` })
  t.equal(hidden.statusCode, 404)
  t.equal(hidden.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal((await app.inject({ url: `/datasets/${draft.slug}`, headers: { accept: 'text/turtle' } })).statusCode, 404)
  const shown = await fetchRdf(app, `/datasets/${draft.id}.ttl`, 'ttl', ADMIN)
  t.equal(shown.status, 200)
  t.same(subjectsOfType(shown.quads, `${DCAT}Dataset`), [`${PUBLIC_URL}/datasets/${draft.id}`])

  const gone = await seedDataset(app.db, publisher)
  await app.db.updateTable('datasets').set({ deleted_at: sql`now()` }).where('id', '=', gone.id).execute()
  for (const key of [gone.id, gone.slug]) {
    const res = await app.inject({ url: `/datasets/${key}.nt` })
    t.equal(res.statusCode, 410, key)
    t.match(res.json(), { status: 410, type: 'urn:bastille:problem:gone' })
  }
  const reused = await seedDataset(app.db, publisher, { slug: gone.slug })
  t.equal((await app.inject({ url: `/datasets/${gone.slug}.nt` })).statusCode, 200, 'a slug taken again serves the live dataset')
  t.not(reused.id, gone.id)
  for (const key of ['nothing-here', '00000000-0000-4000-8000-000000000000']) {
    const res = await app.inject({ url: `/datasets/${key}.jsonld` })
    t.equal(res.statusCode, 404, key)
    t.match(res.json(), { status: 404, detail: `Dataset ${key} not found` })
  }
})
