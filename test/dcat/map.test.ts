// The mapping against SPEC §4 and the data.gouv.fr checklist (notes §11), on quads: what does not
// depend on a syntax or on SHACL. Dataset dates are checked here because the 3.0.1 shapes cannot.
import { readFileSync } from 'node:fs'
import t from 'tap'
import type * as RDF from '@rdfjs/types'
import { Parser } from 'n3'
import { catalogQuads, datasetQuads } from '../../src/dcat/feed.js'
import { IANA_MEDIA_TYPES, PREFIXES } from '../../src/dcat/vocab.js'
import { completeCatalog, completeDataset, LINKED, minimalCatalog, minimalDataset, NOW, PUBLIC_URL, UPLOADED } from './support/fixtures.js'
import { sameGraph } from './support/rdf.js'

const { rdf, rdfs, xsd, dcat, dct, foaf, vcard, skos, spdx, gsp, hydra } = PREFIXES
const UTC_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

/** Objects of `subject predicate ?` in the quads. */
function objects (quads: RDF.Quad[], subject: string | RDF.Term, predicate: string): RDF.Quad['object'][] {
  const s = typeof subject === 'string' ? subject : subject.value
  return quads.filter((quad) => quad.subject.value === s && quad.predicate.value === predicate).map((quad) => quad.object)
}

function one (quads: RDF.Quad[], subject: string | RDF.Term, predicate: string): RDF.Quad['object'] {
  const found = objects(quads, subject, predicate)
  if (found.length !== 1) throw new Error(`expected one ${predicate} of ${String(subject)}, got ${found.length}`)
  return found[0]!
}

const types = (quads: RDF.Quad[], subject: string | RDF.Term): string[] => objects(quads, subject, `${rdf}type`).map((o) => o.value)

const complete = completeDataset()
const quads = datasetQuads(complete, { now: NOW })

t.test('the minimal dataset maps to the golden graph', async (t) => {
  const golden = new Parser().parse(readFileSync(new URL('../fixtures/dcat/minimal-dataset.ttl', import.meta.url), 'utf8'))
  t.ok(sameGraph(datasetQuads(minimalDataset(), { now: NOW }), golden))
})

t.test('exactly one dct:identifier, the given one or else the URI', async (t) => {
  t.equal(one(quads, complete.uri, `${dct}identifier`).value, complete.identifier)
  const noIdentifier = minimalDataset({ identifier: '' })
  t.equal(one(datasetQuads(noIdentifier, { now: NOW }), noIdentifier.uri, `${dct}identifier`).value, noIdentifier.uri)
})

t.test('issued and modified: UTC xsd:dateTime, never in the future', async (t) => {
  const nodes = [complete.uri, UPLOADED.uri, LINKED.uri]
  for (const node of nodes) {
    for (const property of ['issued', 'modified']) {
      const value = one(quads, node, `${dct}${property}`) as RDF.Literal
      t.equal(value.datatype.value, `${xsd}dateTime`, `${property} of ${node} typed`)
      t.match(value.value, UTC_DATE_TIME, `${property} of ${node} in UTC`)
      t.ok(Date.parse(value.value) <= NOW.getTime(), `${property} of ${node} not in the future`)
    }
  }
  const future = completeDataset({ modified: new Date(NOW.getTime() + 3_600_000) })
  t.equal(one(datasetQuads(future, { now: NOW }), future.uri, `${dct}modified`).value, '2025-06-15T12:00:00Z', 'clamped to now')
  const invalid = minimalDataset({ modified: new Date('not a date') })
  t.same(objects(datasetQuads(invalid, { now: NOW }), invalid.uri, `${dct}modified`), [], 'an invalid date is left out')
})

t.test('keywords and texts in French', async (t) => {
  const keywords = objects(quads, complete.uri, `${dcat}keyword`) as RDF.Literal[]
  t.same(keywords.map((k) => [k.value, k.language]), [['transport', 'fr'], ['mobilité', 'fr'], ['horaires', 'fr']])
  t.equal((one(quads, complete.uri, `${dct}title`) as RDF.Literal).language, 'fr')
  const blank = minimalDataset({ keywords: ['', '  ', 'bancs'] })
  t.equal(objects(datasetQuads(blank, { now: NOW }), blank.uri, `${dcat}keyword`).length, 1, 'empty keywords dropped')
})

t.test('licences: on the dataset and every distribution, labelled with the data.gouv.fr title', async (t) => {
  const datasetLicence = one(quads, complete.uri, `${dct}license`)
  t.equal(one(quads, UPLOADED.uri, `${dct}license`).value, UPLOADED.licence!.uri)
  t.equal(one(quads, LINKED.uri, `${dct}license`).value, datasetLicence.value, 'inherited from the dataset')
  for (const licence of [complete.licence!, UPLOADED.licence!]) {
    t.same(types(quads, licence.uri), [`${dct}LicenseDocument`])
    t.equal(one(quads, licence.uri, `${rdfs}label`).value, licence.title)
  }
})

t.test('distributions: both URLs, https IANA media type, integer byteSize, sha256 checksum', async (t) => {
  for (const distribution of [UPLOADED, LINKED]) {
    t.ok(one(quads, distribution.uri, `${dcat}accessURL`))
    t.ok(one(quads, distribution.uri, `${dcat}downloadURL`))
    const mediaType = one(quads, distribution.uri, `${dcat}mediaType`)
    t.ok(mediaType.value.startsWith(IANA_MEDIA_TYPES), 'https IANA IRI')
    t.same(types(quads, mediaType), [`${dct}MediaType`])
    t.same(types(quads, one(quads, distribution.uri, `${dct}format`)), [`${dct}MediaTypeOrExtent`])
  }
  t.equal(one(quads, LINKED.uri, `${dcat}mediaType`).value, `${IANA_MEDIA_TYPES}text/csv`, 'parameters dropped')
  const byteSize = one(quads, UPLOADED.uri, `${dcat}byteSize`) as RDF.Literal
  t.same([byteSize.value, byteSize.datatype.value], ['48213771', `${xsd}nonNegativeInteger`])

  const checksum = one(quads, UPLOADED.uri, `${spdx}checksum`)
  t.equal(checksum.termType, 'BlankNode')
  t.same(types(quads, checksum), [`${spdx}Checksum`])
  t.equal(one(quads, checksum, `${spdx}algorithm`).value, `${spdx}checksumAlgorithm_sha256`)
  const value = one(quads, checksum, `${spdx}checksumValue`) as RDF.Literal
  t.same([value.value, value.datatype.value], [UPLOADED.checksumSha256!.toLowerCase(), `${xsd}hexBinary`])
  const plain = one(datasetQuads(complete, { now: NOW, checksumValue: 'plain' }), checksum, `${spdx}checksumValue`) as RDF.Literal
  t.equal(plain.datatype.value, `${xsd}string`, 'plain literal on request (udata stores strings only)')
})

t.test('a distribution with only one URL gets it as both', async (t) => {
  for (const urls of [{ accessUrl: 'https://a.example/x', downloadUrl: null }, { accessUrl: null, downloadUrl: 'https://a.example/x' }]) {
    const dataset = completeDataset({ distributions: [{ ...LINKED, ...urls }] })
    const out = datasetQuads(dataset, { now: NOW })
    t.equal(one(out, LINKED.uri, `${dcat}accessURL`).value, 'https://a.example/x')
    t.equal(one(out, LINKED.uri, `${dcat}downloadURL`).value, 'https://a.example/x')
  }
})

t.test('values a harvester would choke on are left out', async (t) => {
  const dataset = completeDataset({
    temporal: { start: '2024-02-30', end: '2024-13-01' },
    spatial: { bbox: [5, 45, 4, 46], uri: null },
    distributions: [{ ...UPLOADED, byteSize: -1, mediaType: 'not a media type', checksumSha256: 'abc' }, { ...LINKED, byteSize: 1.5 }]
  })
  const out = datasetQuads(dataset, { now: NOW })
  for (const predicate of [`${dct}temporal`, `${dct}spatial`]) t.same(objects(out, dataset.uri, predicate), [], predicate)
  for (const predicate of [`${dcat}byteSize`, `${dcat}mediaType`, `${spdx}checksum`]) {
    t.same(objects(out, UPLOADED.uri, predicate), [], predicate)
  }
  t.same(objects(out, LINKED.uri, `${dcat}byteSize`), [], 'a fractional byteSize')
})

t.test('IRIs and texts are made safe for every syntax', async (t) => {
  const dataset = minimalDataset({ landingPage: 'https://ville.example/a page/<x>', title: 'Bancs\u0000 publics\u0007' })
  const out = datasetQuads(dataset, { now: NOW })
  t.equal(one(out, dataset.uri, `${dcat}landingPage`).value, 'https://ville.example/a%20page/%3Cx%3E')
  t.equal(one(out, dataset.uri, `${dct}title`).value, 'Bancs publics')
})

t.test('themes, coverage, publisher and contact point', async (t) => {
  const theme = one(quads, complete.uri, `${dcat}theme`)
  t.same(types(quads, theme), [`${skos}Concept`])
  t.same(objects(quads, theme, `${skos}prefLabel`).map((l) => [l.value, (l as RDF.Literal).language]), [['Transports', 'fr']])
  t.equal(one(quads, theme, `${skos}inScheme`).value, 'http://publications.europa.eu/resource/authority/data-theme')
  t.equal(one(quads, one(quads, complete.uri, `${dct}language`), `${skos}inScheme`).value, 'http://publications.europa.eu/resource/authority/language')

  const period = one(quads, complete.uri, `${dct}temporal`)
  t.equal(period.termType, 'BlankNode', 'udata dereferences an IRI period')
  t.same(types(quads, period), [`${dct}PeriodOfTime`])
  for (const [property, expected] of [['startDate', '2024-01-01'], ['endDate', '2025-12-31']] as const) {
    const value = one(quads, period, `${dcat}${property}`) as RDF.Literal
    t.same([value.value, value.datatype.value], [expected, `${xsd}date`])
  }

  const [location, place] = objects(quads, complete.uri, `${dct}spatial`)
  t.same(types(quads, location!), [`${dct}Location`])
  t.same(types(quads, place!), [`${dct}Location`])
  const bbox = one(quads, location!, `${dcat}bbox`) as RDF.Literal
  t.equal(bbox.datatype.value, `${gsp}wktLiteral`)
  t.equal(bbox.value, 'POLYGON((4.7718 45.6855, 4.9037 45.6855, 4.9037 45.8084, 4.7718 45.8084, 4.7718 45.6855))', 'lon/lat, no CRS prefix')
  t.equal(one(quads, location!, `${dcat}centroid`).value, 'POINT(4.83775 45.74695)')

  const publisher = one(quads, complete.uri, `${dct}publisher`)
  t.same(types(quads, publisher), [`${foaf}Agent`, `${foaf}Organization`])
  t.equal(one(quads, publisher, `${foaf}name`).value, 'Sytral Mobilités')
  t.same(types(quads, one(quads, publisher, `${dct}type`)), [`${skos}Concept`])

  const contact = one(quads, complete.uri, `${dcat}contactPoint`)
  t.same(types(quads, contact), [`${vcard}Kind`, `${vcard}Organization`])
  t.equal(one(quads, contact, `${vcard}fn`).value, 'Service open data')
  t.equal(one(quads, contact, `${vcard}hasEmail`).value, 'mailto:donnees@sytral.example')
  const unnamed = datasetQuads(completeDataset({ contactPoint: { name: null, email: null, url: null } }), { now: NOW })
  t.equal(one(unnamed, one(unnamed, complete.uri, `${dcat}contactPoint`), `${vcard}fn`).value, 'Sytral Mobilités',
    'an unnamed contact point takes the publisher name')
})

async function collect (batches: AsyncIterable<RDF.Quad[]>): Promise<RDF.Quad[][]> {
  const all: RDF.Quad[][] = []
  for await (const batch of batches) all.push(batch)
  return all
}

t.test('a catalogue describes shared nodes once, links each dataset, and pages with hydra', async (t) => {
  const second = completeDataset({ id: 'second', uri: `${PUBLIC_URL}/datasets/second`, distributions: [] })
  const page = { url: `${PUBLIC_URL}/catalog.ttl?cursor=b`, firstUrl: `${PUBLIC_URL}/catalog.ttl`, nextUrl: null, totalItems: 2 }
  const batches = await collect(catalogQuads(completeCatalog(), [complete, second], page, { now: NOW }))
  t.equal(batches.length, 3, 'one batch for the catalogue, one per dataset')
  const all = batches.flat()
  const catalog = completeCatalog().uri
  t.same(objects(all, catalog, `${dcat}dataset`).map((o) => o.value), [complete.uri, second.uri])
  t.equal(all.filter((q) => q.subject.value === complete.licence!.uri && q.predicate.value === `${rdfs}label`).length, 1, 'licence described once')
  t.equal(all.filter((q) => q.subject.value === complete.publisher.uri && q.predicate.value === `${foaf}name`).length, 1, 'publisher described once')

  const view = one(all, catalog, `${hydra}view`)
  t.same(types(all, view), [`${hydra}PartialCollectionView`])
  t.equal(one(all, view, `${hydra}first`).value, `${PUBLIC_URL}/catalog.ttl`)
  t.equal(one(all, view, `${hydra}totalItems`).value, '2')
  t.same(objects(all, view, `${hydra}next`), [], 'no hydra:next on the last page')

  const full = (await collect(catalogQuads(minimalCatalog(), [], null, { now: NOW }))).flat()
  t.same(objects(full, catalog, `${hydra}view`), [], 'the unpaged catalogue has no paging node')
  t.equal(one(full, catalog, `${dct}description`).value, 'Catalogue', 'an empty description falls back to the title')
})
