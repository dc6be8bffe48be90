// DCAT-AP 3.0.1 conformance of real-looking data: the demo catalogue (every page, every publisher's
// sub-catalogue) and a generated catalogue of 2,000 datasets (bench/generate.ts), walked over HTTP.
import t, { type Test } from 'tap'
import type * as RDF from '@rdfjs/types'
import { generateCatalogue } from '../../bench/generate.js'
import { buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { loadDemo } from '../../src/demo/load.js'
import { isUpstreamChecksumAlgorithmBug, SHACL_SKIP, validateDcat } from '../dcat/support/shacl.js'
import { clearCatalogue, fetchRdf, pageOf } from './support.js'

// Validating 2 × 1,000 datasets takes about 10 s on an idle machine, minutes on a busy one.
t.setTimeout(600_000)
const app = await buildTestApp(t)

/** Every page of a feed, followed through hydra:next. */
async function crawl (t: Test, url: string): Promise<RDF.Quad[][]> {
  const pages: RDF.Quad[][] = []
  let next: string | null = `${PUBLIC_URL}${url}`
  while (next !== null) {
    const res = await fetchRdf(app, next.slice(PUBLIC_URL.length), 'ttl')
    t.equal(res.status, 200, next)
    pages.push(res.quads)
    next = pageOf(res.quads).next
  }
  return pages
}

async function checkPage (t: Test, page: RDF.Quad[], label: string): Promise<void> {
  const core = await validateDcat(page)
  t.same(core.violations, [], `${label}: no sh:Violation with shapes.ttl + range.ttl`)
  const vocabularies = await validateDcat(page, 'vocabularies')
  t.same(vocabularies.violations.filter((v) => !isUpstreamChecksumAlgorithmBug(v)), [], `${label}: no sh:Violation with mdr-vocabularies`)
}

t.test('the demo catalogue: zero violations on every page and every sub-catalogue', { skip: SHACL_SKIP }, async (t) => {
  t.ok(await loadDemo(app, PUBLIC_URL), 'the demo catalogue is loaded')
  const pages = await crawl(t, '/catalog.ttl?page_size=5')
  t.ok(pages.length > 1, 'several pages')
  for (const [index, page] of pages.entries()) await checkPage(t, page, `page ${index + 1}`)
  const publishers = await app.db.selectFrom('publishers').select('id').execute()
  for (const { id } of publishers) {
    for (const [index, page] of (await crawl(t, `/publishers/${id}/catalog.ttl`)).entries()) await checkPage(t, page, `${id} page ${index + 1}`)
  }
  await clearCatalogue(app.db)
})

t.test('a generated catalogue of 2,000 datasets: zero violations on every page', { skip: SHACL_SKIP }, async (t) => {
  await generateCatalogue(app.db, { datasets: 2000, seed: 7 })
  const pages = await crawl(t, '/catalog.ttl?page_size=1000')
  t.equal(pages.length, 2)
  t.equal(pages.reduce((sum, page) => sum + pageOf(page).datasets.length, 0), 2000)
  for (const [index, page] of pages.entries()) await checkPage(t, page, `page ${index + 1}`)
})
