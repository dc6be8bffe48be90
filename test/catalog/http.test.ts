// The feed over HTTP: formats and negotiation, the headers harvesters depend on (charset, Vary, HEAD,
// no redirect), conditional requests, and bad input answered with problems.
import t from 'tap'
import { DataFactory } from 'n3'
import type * as RDF from '@rdfjs/types'
import { RDF_EXTENSIONS, RDF_FORMATS } from '../../src/dcat/serialize/index.js'
import { buildTestApp } from '../support/build-app.js'
import { sameGraph } from '../dcat/support/rdf.js'
import { fetchRdf, pageOf, seedDataset, seedDistribution, seedPublisher } from './support.js'

const app = await buildTestApp(t)
const publisher = await seedPublisher(app.db, 'ville')
for (let i = 0; i < 3; i++) {
  const { id } = await seedDataset(app.db, publisher, { keywords: ['mobilité', 'vélo'], themes: ['TRAN'], frequency: 'DAILY' })
  await seedDistribution(app.db, id)
  await seedDistribution(app.db, id, { format: 'JSON', media_type: 'application/json', byte_size: 1024 })
}

const FEED_URLS = [
  '/catalog', '/catalog?page_size=2', '/catalog.ttl', '/catalog.rdf', '/catalog.jsonld', '/catalog.nt',
  '/catalog/full.ttl', '/catalog/full.rdf', '/catalog/full.jsonld', '/catalog/full.nt',
  '/publishers/ville/catalog', '/publishers/ville/catalog.rdf'
]
const typeOf = (url: string): string => {
  const extension = RDF_EXTENSIONS.find((format) => url.split('?')[0]!.endsWith(`.${format}`)) ?? 'ttl'
  return `${RDF_FORMATS[extension].mediaType}; charset=utf-8`
}

/** The same page at another URL: its own links name that URL, so compare with them renamed. */
function renamed (quads: RDF.Quad[], from: string, to: string): RDF.Quad[] {
  const { namedNode, quad } = DataFactory
  const rename = <T extends RDF.Term>(term: T): T =>
    (term.termType === 'NamedNode' ? namedNode(term.value.replace(from, to)) : term) as T
  return quads.map((q) => quad(rename(q.subject), q.predicate, rename(q.object)))
}

t.test('the four serialisations of a page are one graph', async (t) => {
  const turtle = await fetchRdf(app, '/catalog?page_size=2', 'ttl', { accept: 'text/turtle' })
  t.equal(pageOf(turtle.quads).datasets.length, 2)
  t.equal(pageOf(turtle.quads).total, 3)
  for (const format of RDF_EXTENSIONS) {
    const negotiated = await fetchRdf(app, '/catalog?page_size=2', format, { accept: RDF_FORMATS[format].mediaType })
    t.equal(negotiated.headers['content-type'], typeOf(`.${format}`), `Accept ${format}`)
    t.ok(sameGraph(negotiated.quads, turtle.quads), `Accept ${format}: the same graph`)
    const extension = await fetchRdf(app, `/catalog.${format}?page_size=2`, format)
    t.ok(sameGraph(renamed(extension.quads, `/catalog.${format}?`, '/catalog?'), turtle.quads), `.${format}: the same graph`)
  }
})

t.test('every feed URL: 200, charset=utf-8, Vary: Accept, and HEAD answers the same headers', async (t) => {
  for (const url of FEED_URLS) {
    const get = await app.inject({ url })
    const head = await app.inject({ method: 'HEAD', url })
    t.equal(get.statusCode, 200, `${url} is answered directly, never redirected`)
    t.equal(get.headers['content-type'], typeOf(url), `${url} Content-Type`)
    t.equal(get.headers.vary, 'Accept', `${url} Vary`)
    t.equal(head.statusCode, 200, `HEAD ${url}`)
    t.equal(head.body, '', `HEAD ${url} has no body`)
    // Pages are sent whole, with a Content-Length; the full catalogue streams, with none, and its
    // HEAD has no Transfer-Encoding since it frames no body.
    t.equal(get.headers['content-length'] === undefined, url.startsWith('/catalog/full'), `${url} Content-Length`)
    for (const name of ['content-type', 'vary', 'etag', 'last-modified', 'content-length']) {
      t.equal(head.headers[name], get.headers[name], `HEAD ${url} ${name}`)
    }
  }
})

t.test('Accept negotiation honours q-values; Turtle for */* and no Accept; 406 otherwise', async (t) => {
  const cases: Array<[string | undefined, string]> = [
    [undefined, 'text/turtle'],
    ['*/*', 'text/turtle'],
    ['application/ld+json', 'application/ld+json'],
    ['text/turtle;q=0.5, application/rdf+xml;q=0.9', 'application/rdf+xml'],
    ['image/png, application/n-triples;q=0.1', 'application/n-triples'],
    ['application/xml', 'application/rdf+xml']
  ]
  for (const [accept, type] of cases) {
    const res = await app.inject({ url: '/catalog', headers: accept === undefined ? {} : { accept } })
    t.equal(res.headers['content-type'], `${type}; charset=utf-8`, String(accept))
    const sub = await app.inject({ url: '/publishers/ville/catalog', headers: accept === undefined ? {} : { accept } })
    t.equal(sub.headers['content-type'], `${type}; charset=utf-8`, `publisher ${String(accept)}`)
  }
  for (const url of ['/catalog', '/publishers/ville/catalog']) {
    // text/html preferred is a browser: it gets the page (test/web/conneg.test.ts).
    const res = await app.inject({ url, headers: { accept: 'image/png, application/json;q=0.9' } })
    t.equal(res.statusCode, 406)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.equal(res.headers.vary, 'Accept')
    t.match(res.json(), { type: 'urn:bastille:problem:not-acceptable', status: 406, detail: /text\/turtle/ })
  }
})

t.test('no redirect anywhere: a trailing slash or an unknown extension is a problem, not a 3xx', async (t) => {
  for (const url of ['/catalog/', '/catalog.ttl/', '/publishers/ville/catalog/', '/catalog/full', '/catalog/full.ttl/']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 404, url)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', url)
  }
  for (const url of ['/catalog.xml', '/catalog/full.html']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 400, url)
    t.match(res.json(), { status: 400, errors: [{ path: 'params/format' }] }, url)
  }
  const res = await app.inject({ url: '/publishers/nobody/catalog.ttl' })
  t.equal(res.statusCode, 404)
  t.match(res.json(), { status: 404, detail: 'Publisher nobody not found' })
})

t.test('bad query parameters are 400 problems', async (t) => {
  const cases: Array<[string, string]> = [
    ['page_size=0', 'querystring/page_size'],
    ['page_size=1001', 'querystring/page_size'],
    ['page_size=ten', 'querystring/page_size'],
    ['modified_since=yesterday', 'querystring/modified_since'],
    ['cursor=not-a-cursor', 'querystring/cursor'],
    ['page=2', 'querystring/page']
  ]
  for (const [query, path] of cases) {
    const res = await app.inject({ url: `/catalog.ttl?${query}` })
    t.equal(res.statusCode, 400, query)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', query)
    t.match(res.json(), { status: 400, errors: [{ path }] }, query)
  }
  t.equal((await app.inject({ url: '/catalog.ttl?page_size=1000' })).statusCode, 200, '1000 is the maximum')
})

t.test('ETag and Last-Modified on every feed URL, 304 when current, a new ETag after a change', async (t) => {
  const etags = new Map<string, string>()
  for (const url of FEED_URLS) {
    const res = await app.inject({ url })
    const etag = res.headers.etag as string
    t.match(etag, /^"[\w-]+"$/, `${url} ETag`)
    t.ok(Date.parse(res.headers['last-modified'] as string) > 0, `${url} Last-Modified`)
    const cached = await app.inject({ url, headers: { 'if-none-match': etag } })
    t.equal(cached.statusCode, 304, `${url} If-None-Match`)
    t.equal(cached.body, '')
    const since = await app.inject({ url, headers: { 'if-modified-since': res.headers['last-modified'] as string } })
    t.equal(since.statusCode, 304, `${url} If-Modified-Since`)
    etags.set(url, etag)
  }
  t.not((await app.inject({ url: '/catalog.ttl' })).headers.etag, (await app.inject({ url: '/catalog.nt' })).headers.etag, 'one ETag per syntax')
  await app.db.updateTable('datasets').set({ title: 'Nouveau titre', updated_at: new Date(Date.now() + 2000) }).execute()
  for (const url of FEED_URLS) {
    const res = await app.inject({ url, headers: { 'if-none-match': etags.get(url)! } })
    t.equal(res.statusCode, 200, `${url} changed`)
  }
})
