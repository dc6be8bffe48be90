// DCAT-AP 3.0.1 conformance at scale: a generated catalogue of 2,000 datasets (bench/generate.ts),
// walked page by page over HTTP, has no sh:Violation on any page.
import t from 'tap'
import type * as RDF from '@rdfjs/types'
import { generateCatalogue } from '../../bench/generate.js'
import { buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { isUpstreamChecksumAlgorithmBug, SHACL_SKIP, validateDcat } from '../dcat/support/shacl.js'
import { fetchRdf, pageOf } from './support.js'

// Validating 2 × 1,000 datasets takes about 10 s on an idle machine, minutes on a busy one.
t.setTimeout(600_000)
const app = await buildTestApp(t, { dcatChecksumDatatype: 'hexBinary' })

t.test('a generated catalogue of 2,000 datasets: zero violations on every page', { skip: SHACL_SKIP }, async (t) => {
  await generateCatalogue(app.db, { datasets: 2000, seed: 7 })
  const pages: RDF.Quad[][] = []
  let next: string | null = `${PUBLIC_URL}/catalog.ttl?page_size=1000`
  while (next !== null) {
    const res = await fetchRdf(app, next.slice(PUBLIC_URL.length), 'ttl')
    t.equal(res.status, 200, next)
    pages.push(res.quads)
    next = pageOf(res.quads).next
  }
  t.equal(pages.length, 2)
  t.equal(pages.reduce((sum, page) => sum + pageOf(page).datasets.length, 0), 2000)
  for (const [index, page] of pages.entries()) {
    const core = await validateDcat(page)
    t.same(core.violations, [], `page ${index + 1}: no sh:Violation with shapes.ttl + range.ttl`)
    const vocabularies = await validateDcat(page, 'vocabularies')
    t.same(vocabularies.violations.filter((v) => !isUpstreamChecksumAlgorithmBug(v)), [], `page ${index + 1}: no sh:Violation with mdr-vocabularies`)
  }
})
