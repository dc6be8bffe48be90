// DCAT-AP 3.0.1 conformance of what the routes serve (SPEC §4): zero sh:Violation with the official
// shapes, on a complete catalogue read over HTTP and a minimal one (conformance-large.test.ts: 2,000 datasets).
// The default profile writes checksums as xsd:hexBinary, as the shapes require (datagouv.test.ts: plain).
import t, { type Test } from 'tap'
import type * as RDF from '@rdfjs/types'
import { RDF_EXTENSIONS } from '../../src/dcat/serialize/index.js'
import { buildTestApp } from '../support/build-app.js'
import { sameGraph } from '../dcat/support/rdf.js'
import { isUpstreamChecksumAlgorithmBug, SHACL_SKIP, validateDcat } from '../dcat/support/shacl.js'
import {
  clearCatalogue, fetchRdf, pageOf, seedCompleteDataset, seedCompletePublisher, seedMinimalDataset, seedPublisher
} from './support.js'

// SHACL with the EU vocabularies loaded takes seconds per check, much more on a busy machine.
t.setTimeout(300_000)
const app = await buildTestApp(t, { landingPageTemplate: 'https://portail.example.org/datasets/{slug}' })
const sytral = await seedCompletePublisher(app.db, 'sytral')
const ville = await seedPublisher(app.db, 'ville')
t.beforeEach(() => clearCatalogue(app.db))

const SPDX_CHECKSUM = 'http://spdx.org/rdf/terms#checksum'

/** Every page of a feed, followed through hydra:next, as one list of quads per page. */
async function crawl (t: Test, url: string): Promise<RDF.Quad[][]> {
  const pages: RDF.Quad[][] = []
  let next: string | null = url
  while (next !== null) {
    const res = await fetchRdf(app, next.replace(/^https:\/\/data\.example\.org/, ''), 'ttl')
    t.equal(res.status, 200, next)
    pages.push(res.quads)
    next = pageOf(res.quads).next
  }
  return pages
}

async function checkConformance (t: Test, quads: RDF.Quad[], label: string): Promise<void> {
  const core = await validateDcat(quads)
  t.same(core.violations, [], `${label}: no sh:Violation with shapes.ttl + range.ttl`)
  const vocabularies = await validateDcat(quads, 'vocabularies')
  t.same(vocabularies.violations.filter((v) => !isUpstreamChecksumAlgorithmBug(v)), [], `${label}: no sh:Violation with mdr-vocabularies`)
  const checksums = quads.filter((q) => q.predicate.value === SPDX_CHECKSUM).length
  t.equal(vocabularies.violations.filter(isUpstreamChecksumAlgorithmBug).length, checksums, `${label}: the upstream bug, once per checksum`)
}

t.test('a complete catalogue (every optional field) and a minimal dataset: zero violations', { skip: SHACL_SKIP }, async (t) => {
  await seedCompleteDataset(app.db, sytral)
  await seedMinimalDataset(app.db, ville)
  const [page] = await crawl(t, '/catalog.ttl')
  t.equal(pageOf(page!).datasets.length, 2)
  await checkConformance(t, page!, 'page')
  const full = await fetchRdf(app, '/catalog/full.ttl', 'ttl')
  await checkConformance(t, full.quads, 'full catalogue')
  const sub = await fetchRdf(app, '/publishers/sytral/catalog.ttl', 'ttl')
  await checkConformance(t, sub.quads, 'sub-catalogue')
  for (const format of RDF_EXTENSIONS) {
    const other = await fetchRdf(app, `/catalog/full.${format}`, format)
    t.ok(sameGraph(other.quads, full.quads), `full.${format} is the same graph`)
  }
})

t.test('a minimal catalogue: zero violations', { skip: SHACL_SKIP }, async (t) => {
  await seedMinimalDataset(app.db, ville)
  const [page] = await crawl(t, '/catalog.ttl')
  await checkConformance(t, page!, 'minimal page')
})

t.test('one dataset as DCAT-AP: zero violations', { skip: SHACL_SKIP }, async (t) => {
  const { id } = await seedCompleteDataset(app.db, sytral)
  for (const format of RDF_EXTENSIONS) {
    const res = await fetchRdf(app, `/datasets/${id}.${format}`, format)
    t.equal(res.status, 200, format)
    await checkConformance(t, res.quads, `dataset .${format}`)
  }
})
