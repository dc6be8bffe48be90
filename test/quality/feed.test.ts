// The demo catalogue's feed as harvesters get it: conformant DCAT-AP 3.0.1 by default (0 sh:Violation, uploaded
// files included), with each dataset's MQA measurements as DQV in every syntax; `?profile=datagouv` without them.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { loadDemo } from '../../src/demo/load.js'
import { RDF_EXTENSIONS } from '../../src/dcat/serialize/index.js'
import { rescoreStale } from '../../src/quality/worker.js'
import { buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { sameGraph } from '../dcat/support/rdf.js'
import { isUpstreamChecksumAlgorithmBug, SHACL_SKIP, validateDcat, type Violation } from '../dcat/support/shacl.js'
import { DCAT, fetchRdf, objects, pageOf, RDF_TYPE, subjectsOfType } from '../catalog/support.js'

t.setTimeout(300_000)
const SHAPES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/dcat-ap/3.0.1')
const DQV = 'http://www.w3.org/ns/dqv#'
const PV = 'https://piveau.eu/ns/voc#'

const app = await buildTestApp(t, { qualityShapesDir: SHAPES, catalog: { title: 'Valfleury', description: 'Les données de Valfleury.', publisherName: 'Valfleury', homepage: 'https://data.valfleury.example.org' } })
await loadDemo(app, PUBLIC_URL)
await rescoreStale(app.db, app.feedConfig)
const { quads } = await fetchRdf(app, '/catalog/full.ttl', 'ttl')
const datasets = subjectsOfType(quads, `${DCAT}Dataset`)
const checksums = quads.filter((q) => q.predicate.value === 'http://spdx.org/rdf/terms#checksumValue')

/** Warnings grouped as `focus kind → property`, focus kinds named by their rdf:type. */
function tally (warnings: Violation[]): Record<string, number> {
  const types = new Map<string, string>()
  for (const q of quads.filter((q) => q.predicate.value === RDF_TYPE).reverse()) {
    // The first type written is the node's main one (a dataset is also its own landing page, a foaf:Document).
    types.set(q.subject.termType === 'BlankNode' ? `_:${q.subject.value}` : q.subject.value, q.object.value.split(/[#/]/).at(-1)!)
  }
  const counts: Record<string, number> = {}
  for (const w of warnings) {
    const key = `${types.get(w.focus) ?? '?'} ${w.path?.split(/[#/]/).at(-1) ?? ''}`
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

t.test('the default full dump of the demo: uploaded files with hexBinary checksums, 0 violations', { skip: SHACL_SKIP }, async (t) => {
  t.ok(checksums.length >= 3, 'the demo has uploaded files')
  const core = await validateDcat(quads)
  t.same(core.violations, [], 'no sh:Violation with shapes.ttl + range.ttl')
  const vocabularies = await validateDcat(quads, 'vocabularies')
  t.same(vocabularies.violations.filter((v) => !isUpstreamChecksumAlgorithmBug(v)), [], 'no sh:Violation with mdr-vocabularies')
  const recommended = await validateDcat(quads, 'recommended')
  t.same(recommended.violations, [])
  // Each remaining warning is data Bastille does not have (see README, "Metadata quality").
  t.same(tally(recommended.warnings), {
    'Distribution description': 15,
    'Distribution availability': 15,
    'PeriodOfTime endDate': 7,
    'Catalog license': 1,
    'Catalog spatial': 1,
    'Agent type': 1
  }, 'the recommended-property warnings left')
  t.same(tally(vocabularies.warnings), { 'Dataset publisher': 12, 'Catalog publisher': 1, 'Dataset spatial': 24 }, 'the vocabulary warnings left')
})

t.test('every dataset carries its MQA measurements as DQV, in every syntax', async (t) => {
  const scores = await app.db.selectFrom('dataset_quality' as never).innerJoin('datasets', 'datasets.id', 'dataset_id' as never)
    .select(['datasets.id', 'score' as never]).where('datasets.status', '=', 'published').execute() as Array<{ id: string, score: number }>
  t.equal(datasets.length, scores.length)
  for (const { id, score } of scores) {
    const measurements = objects(quads, `${DQV}hasQualityMeasurement`, `${PUBLIC_URL}/datasets/${id}`)
    const total = measurements.find((m) => objects(quads, `${DQV}isMeasurementOf`, m)[0] === `${PV}scoring`)
    t.ok(total, `${id}: pv:scoring`)
    t.same(objects(quads, `${DQV}value`, total), [String(score)], `${id}: the stored score`)
    t.same(objects(quads, `${DQV}computedOn`, total), [`${PUBLIC_URL}/datasets/${id}`])
  }
  const metrics = new Set(quads.filter((q) => q.predicate.value === `${DQV}isMeasurementOf`).map((q) => q.object.value))
  t.ok(metrics.has(`${PV}keywordAvailability`) && metrics.has(`${PV}findabilityScoring`) && metrics.has(`${PV}licenceAvailability`), 'the EU metric IRIs')
  const onDistribution = quads.filter((q) => q.predicate.value === `${DQV}hasQualityMeasurement` && q.subject.value.includes('/distributions/'))
  t.ok(onDistribution.length > 0, 'distribution metrics on the distribution scored')
  for (const format of RDF_EXTENSIONS) {
    const other = await fetchRdf(app, `/catalog/full.${format}`, format)
    t.ok(sameGraph(other.quads, quads), `full.${format} is the same graph`)
  }
  const [first] = datasets
  const one = await fetchRdf(app, `${first!.slice(PUBLIC_URL.length)}.jsonld`, 'jsonld')
  t.ok(one.quads.some((q) => q.predicate.value === `${DQV}hasQualityMeasurement`), 'one dataset’s RDF too')
  const page = await fetchRdf(app, '/catalog.nt?page_size=3', 'nt')
  t.equal(pageOf(page.quads).datasets.length, 3)
  t.ok(page.quads.some((q) => q.predicate.value === `${DQV}hasQualityMeasurement`), 'a page too')
})

t.test('?profile=datagouv: the deviations data.gouv.fr needs, kept on every hydra link', { skip: SHACL_SKIP }, async (t) => {
  const datagouv = await fetchRdf(app, '/catalog/full.ttl?profile=datagouv', 'ttl')
  t.notOk(datagouv.quads.some((q) => q.predicate.value.startsWith(DQV)), 'no DQV for udata')
  const { violations } = await validateDcat(datagouv.quads)
  t.equal(violations.length, checksums.length, 'one datatype violation per plain checksum')
  t.ok(violations.every((v) => v.path === 'http://spdx.org/rdf/terms#checksumValue'), 'and nothing else')
  let next: string | null = `${PUBLIC_URL}/catalog.ttl?page_size=4&profile=datagouv`
  let pages = 0
  while (next !== null) {
    t.match(next, /[?&]profile=datagouv(&|$)/, `${next} keeps the profile`)
    const page = await fetchRdf(app, next.slice(PUBLIC_URL.length), 'ttl')
    t.equal(page.status, 200)
    t.match(objects(page.quads, 'http://www.w3.org/ns/hydra/core#first')[0], /profile=datagouv/, 'hydra:first too')
    t.notOk(page.quads.some((q) => q.predicate.value.startsWith(DQV)))
    next = pageOf(page.quads).next
    pages++
  }
  t.ok(pages > 1, 'several pages')
})
