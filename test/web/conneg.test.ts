// Which representation each URI answers with, by Accept: JSON for API clients (curl sends */*), DCAT-AP
// for harvesters, pages for browsers, schema.org on request; always Vary: Accept. Errors, drafts, 304.
import t from 'tap'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { BROWSER, seed } from './support.js'

const app = await buildTestApp(t, { harvestWorker: false, qualityWorker: false })
const f = await seed(app)

const get = (url: string, accept?: string, headers: Record<string, string> = {}) =>
  app.inject({ url, headers: { ...headers, ...(accept === undefined ? {} : { accept }) } })

const typeOf = (res: { headers: Record<string, unknown> }) => String(res.headers['content-type']).split(';')[0]

t.test('GET /datasets/{idOrSlug}', async t => {
  const cases: Array<[string | undefined, string]> = [
    [undefined, 'application/json'],
    ['*/*', 'application/json'],
    ['application/json', 'application/json'],
    ['application/json, text/html;q=0.5', 'application/json'],
    [BROWSER, 'text/html'],
    ['text/html', 'text/html'],
    ['text/turtle', 'text/turtle'],
    ['text/turtle, text/html', 'text/turtle'],
    ['text/html, text/turtle', 'text/html'],
    ['text/html;q=0.4, application/rdf+xml;q=0.5', 'application/rdf+xml'],
    ['application/ld+json', 'application/ld+json'],
    ['application/ld+json;profile="https://schema.org"', 'application/ld+json'],
    ['image/png', 'application/json']
  ]
  for (const url of ['/datasets/arrets', `/datasets/${f.dataset.id}`]) {
    for (const [accept, type] of cases) {
      const res = await get(url, accept)
      t.equal(res.statusCode, 200, `${url} ${String(accept)}`)
      t.equal(typeOf(res), type, `${url} ${String(accept)}`)
      t.match(res.headers.vary, /Accept/, `${url} ${String(accept)} Vary`)
    }
  }
  const html = await get('/datasets/arrets', BROWSER)
  t.equal(html.headers['content-type'], 'text/html; charset=utf-8')
  t.match(html.headers['content-security-policy'], /default-src 'none'/)
  t.notMatch(html.headers['content-security-policy'], /script-src/, 'no script source at all')
  const schema = await get('/datasets/arrets', 'application/ld+json; profile="https://schema.org"')
  t.equal(schema.headers['content-type'], 'application/ld+json; profile="https://schema.org"; charset=utf-8')
  t.match(schema.json(), { '@type': 'Dataset', '@id': `https://data.example.org/datasets/${f.dataset.id}` })
  const dcat = await get('/datasets/arrets', 'application/ld+json')
  t.notMatch(dcat.body, /schema\.org/, 'plain JSON-LD stays DCAT-AP')
  t.match(dcat.body, /dcat/)
  t.equal(typeOf(await get('/datasets/arrets.ttl', BROWSER)), 'text/turtle', 'an extension wins over Accept')
})

t.test('publisher, catalogue, list and home', async t => {
  const cases: Array<[string, string | undefined, string]> = [
    ['/publishers/ville', undefined, 'application/json'],
    ['/publishers/ville', '*/*', 'application/json'],
    ['/publishers/ville', BROWSER, 'text/html'],
    ['/datasets', '*/*', 'application/json'],
    ['/datasets', BROWSER, 'text/html'],
    ['/datasets?q=arrets', BROWSER, 'text/html'],
    ['/catalog', undefined, 'text/turtle'],
    ['/catalog', '*/*', 'text/turtle'],
    ['/catalog', 'application/rdf+xml', 'application/rdf+xml'],
    ['/catalog', BROWSER, 'text/html'],
    ['/publishers/ville/catalog', undefined, 'text/turtle'],
    ['/publishers/ville/catalog', BROWSER, 'text/html'],
    ['/', undefined, 'text/html'],
    ['/', '*/*', 'text/html'],
    ['/', BROWSER, 'text/html']
  ]
  for (const [url, accept, type] of cases) {
    const res = await get(url, accept)
    t.equal(res.statusCode, 200, `${url} ${String(accept)}: ${res.body.slice(0, 200)}`)
    t.equal(typeOf(res), type, `${url} ${String(accept)}`)
    t.match(res.headers.vary, /Accept/, `${url} ${String(accept)} Vary`)
  }
  const notAcceptable = await get('/', 'application/json')
  t.equal(notAcceptable.statusCode, 406)
  t.equal(typeOf(notAcceptable), 'application/problem+json')
})

t.test('errors: a page for browsers, problem+json otherwise; a draft is exactly a missing dataset', async t => {
  const missing = await get('/datasets/nothing-here', BROWSER)
  const draft = await get('/datasets/brouillon', BROWSER)
  t.equal(missing.statusCode, 404)
  t.equal(typeOf(missing), 'text/html')
  t.match(missing.headers.vary, /Accept/)
  t.match(missing.body, /<h1>Page introuvable<\/h1>/)
  t.equal(draft.statusCode, 404)
  t.equal(draft.body, missing.body, 'byte for byte')
  t.same(Object.keys(draft.headers).filter(h => !['date', 'x-request-id'].includes(h)).sort(),
    Object.keys(missing.headers).filter(h => !['date', 'x-request-id'].includes(h)).sort())
  t.notMatch(draft.body, /Brouillon|brouillon/)
  const draftById = await get(`/datasets/${f.draft.id}`, BROWSER)
  t.equal(draftById.body, missing.body)

  const json = await get('/datasets/brouillon', '*/*')
  t.equal(json.statusCode, 404)
  t.equal(typeOf(json), 'application/problem+json')
  t.match(json.headers.vary, /Accept/)

  const own = await get('/datasets/brouillon', BROWSER, f.editor)
  t.equal(own.statusCode, 200, 'its publisher sees the draft')
  t.match(own.body, /Brouillon secret/)
  t.equal((await get('/datasets/brouillon', BROWSER, ADMIN)).statusCode, 200)

  const gone = await get('/datasets/supprime', BROWSER)
  t.equal(gone.statusCode, 410)
  t.match(gone.body, /<h1>Supprimé<\/h1>/)
  const publisher = await get('/publishers/nobody', BROWSER)
  t.equal(publisher.statusCode, 404)
  t.equal(typeOf(publisher), 'text/html')
  const route = await get('/no/such/page', BROWSER)
  t.equal(route.statusCode, 404)
  t.equal(route.body, missing.body)
  const invalid = await get('/sitemaps/datasets-x.xml', BROWSER)
  t.equal(invalid.statusCode, 400)
  t.match(invalid.body, /Requête incorrecte/)
  t.equal(typeOf(await get('/sitemaps/datasets-x.xml')), 'application/problem+json')
})

t.test('ETag and 304 on pages', async t => {
  for (const url of ['/datasets/arrets', '/publishers/ville', '/', '/datasets?q=arrets', '/catalog']) {
    const first = await get(url, BROWSER)
    t.equal(first.statusCode, 200, url)
    t.match(first.headers.etag, /^"[\w-]+"$/, url)
    const again = await get(url, BROWSER, { 'if-none-match': String(first.headers.etag) })
    t.equal(again.statusCode, 304, url)
    t.equal(again.body, '', url)
    const json = await get(url, 'application/json')
    t.not(json.headers.etag, first.headers.etag, `${url}: each representation its own ETag`)
  }
  const page = await get('/datasets/arrets', BROWSER)
  t.ok(page.headers['last-modified'])
  const since = await get('/datasets/arrets', BROWSER, { 'if-modified-since': String(page.headers['last-modified']) })
  t.equal(since.statusCode, 304)
  const patched = await app.inject({ method: 'PATCH', url: '/datasets/arrets', headers: { ...f.editor, 'content-type': 'application/merge-patch+json' }, payload: { version: '2' } })
  t.equal(patched.statusCode, 200, patched.body)
  const after = await get('/datasets/arrets', BROWSER, { 'if-none-match': String(page.headers.etag) })
  t.equal(after.statusCode, 200, 'a change makes a new page')
  t.match(after.body, /<dt>Version<\/dt><dd>2<\/dd>/)
})

t.test('HEAD answers like GET without a body', async t => {
  const get = await app.inject({ url: '/datasets/arrets', headers: { accept: BROWSER } })
  const head = await app.inject({ method: 'HEAD', url: '/datasets/arrets', headers: { accept: BROWSER } })
  t.equal(head.statusCode, 200)
  t.equal(head.body, '')
  for (const name of ['content-type', 'etag', 'vary', 'content-length']) t.equal(head.headers[name], get.headers[name], name)
})
