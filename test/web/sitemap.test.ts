// sitemap.xml and robots.txt: absolute locations of the published pages only, lastmod, and an index of
// blocks of at most 50,000 URLs once the datasets span more than one block.
import t from 'tap'
import { sql } from 'kysely'
import { buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { seed } from './support.js'

const app = await buildTestApp(t, { harvestWorker: false, qualityWorker: false })
const f = await seed(app)

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'

/** The sitemaps.org rules the output must follow: the namespace, one entry a line, absolute escaped locations, W3C dates. */
function entries (xml: string, tag: 'url' | 'sitemap'): Array<{ loc: string, lastmod?: string }> {
  const root = tag === 'url' ? 'urlset' : 'sitemapindex'
  const lines = xml.split('\n')
  t.equal(lines[0], '<?xml version="1.0" encoding="UTF-8"?>')
  t.equal(lines[1], `<${root} xmlns="${NS}">`)
  t.equal(lines.at(-2), `</${root}>`)
  const items = lines.slice(2, -2).map((line) => {
    const match = new RegExp(`^<${tag}><loc>([^<&]+)</loc>(?:<lastmod>([^<]+)</lastmod>)?</${tag}>$`).exec(line)
    t.ok(match, line)
    const [, loc = '', lastmod] = match ?? []
    t.ok(loc.startsWith(`${PUBLIC_URL}/`) && loc.length <= 2048, loc)
    if (lastmod !== undefined) t.ok(!Number.isNaN(Date.parse(lastmod)) && lastmod.endsWith('Z'), lastmod)
    return lastmod === undefined ? { loc } : { loc, lastmod }
  })
  t.ok(items.length >= 1 && items.length <= 50_000)
  return items
}

t.test('robots.txt points to the sitemap', async t => {
  const res = await app.inject('/robots.txt')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'text/plain; charset=utf-8')
  t.equal(res.body, `User-agent: *\nAllow: /\nSitemap: ${PUBLIC_URL}/sitemap.xml\n`)
  t.equal((await app.inject({ url: '/robots.txt', headers: { 'if-none-match': String(res.headers.etag) } })).statusCode, 304)
})

t.test('one urlset: home, publishers, published datasets; never a draft or a deleted one', async t => {
  const res = await app.inject('/sitemap.xml')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/xml; charset=utf-8')
  const locs = entries(res.body, 'url').map((e) => e.loc)
  t.same(locs, [`${PUBLIC_URL}/`, `${PUBLIC_URL}/publishers/ville`, `${PUBLIC_URL}/datasets/${f.dataset.id}`])
  t.notMatch(res.body, new RegExp(`${f.draft.id}|${f.deleted.id}`))
  t.equal((await app.inject({ url: '/sitemap.xml', headers: { 'if-none-match': String(res.headers.etag) } })).statusCode, 304)
  const publishers = await app.inject('/sitemaps/publishers.xml')
  t.same(entries(publishers.body, 'url').map((e) => e.loc), locs.slice(0, 2))
  const block = await app.inject('/sitemaps/datasets-0.xml')
  t.same(entries(block.body, 'url').map((e) => e.loc), locs.slice(2))
})

t.test('past one block of 50,000 seqs, an index of sitemaps', async t => {
  // Datasets numbered beyond 50,000 land in the next block without creating 50,000 of them.
  await sql`SELECT setval(pg_get_serial_sequence('datasets', 'seq'), 120000)`.execute(app.db)
  const res = await app.inject({ method: 'POST', url: '/datasets', headers: f.editor, payload: { slug: 'loin', title: 'Loin' } })
  t.equal(res.statusCode, 201, res.body)
  const far = res.json().id as string
  const index = await app.inject('/sitemap.xml')
  const sitemaps = entries(index.body, 'sitemap')
  t.same(sitemaps.map((s) => s.loc), [`${PUBLIC_URL}/sitemaps/publishers.xml`, `${PUBLIC_URL}/sitemaps/datasets-0.xml`, `${PUBLIC_URL}/sitemaps/datasets-2.xml`])
  t.ok(sitemaps[1]!.lastmod !== undefined && sitemaps[2]!.lastmod !== undefined)
  for (const { loc } of sitemaps) {
    const part = await app.inject(loc.slice(PUBLIC_URL.length))
    t.equal(part.statusCode, 200, loc)
    entries(part.body, 'url')
  }
  const second = await app.inject('/sitemaps/datasets-2.xml')
  t.same(entries(second.body, 'url').map((e) => e.loc), [`${PUBLIC_URL}/datasets/${far}`])
  const empty = await app.inject('/sitemaps/datasets-1.xml')
  t.equal(empty.statusCode, 404)
  t.equal(empty.headers['content-type'], 'application/problem+json; charset=utf-8')
  for (const bad of ['/sitemaps/datasets-01.xml', '/sitemaps/datasets--1.xml', '/sitemaps/datasets-99999999999.xml']) {
    t.equal((await app.inject(bad)).statusCode, 400, bad)
  }
})
