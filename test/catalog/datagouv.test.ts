// data.gouv.fr's harvesting checklist, point by point, on the feed as the app serves it to data.gouv.fr
// (`?profile=datagouv`: plain checksum literals, which udata can store, and no DQV).
// @see ../../../shared/notes/datagouv-harvester.md §11
import t from 'tap'
import type * as RDF from '@rdfjs/types'
import { buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { SHACL_SKIP, validateDcat } from '../dcat/support/shacl.js'
import {
  DCAT, DCT, fetchRdf, HYDRA, objects, pageOf, RDF_TYPE, seedCompleteDataset, seedCompletePublisher, seedDataset, seedMinimalDataset
} from './support.js'

const app = await buildTestApp(t, { landingPageTemplate: 'https://portail.example.org/jeux/{slug}' })
const publisher = await seedCompletePublisher(app.db, 'sytral')
const complete = await seedCompleteDataset(app.db, publisher)
const minimal = await seedMinimalDataset(app.db, publisher)
const future = await seedDataset(app.db, publisher, { slug: 'dates-futures', issued: '2999-01-01T00:00:00Z', modified: '2999-01-01T00:00:00+02:00' })
const { quads, body } = await fetchRdf(app, '/catalog.ttl?profile=datagouv', 'ttl')

const XSD = 'http://www.w3.org/2001/XMLSchema#'
const VCARD = 'http://www.w3.org/2006/vcard/ns#'
const SPDX = 'http://spdx.org/rdf/terms#'
const FOAF = 'http://xmlns.com/foaf/0.1/'
const uri = (id: string): string => `${PUBLIC_URL}/datasets/${id}`
const one = (subject: string, predicate: string): RDF.Term => {
  const matches = quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate)
  if (matches.length !== 1) throw new Error(`${matches.length} ${predicate} on ${subject}`)
  return matches[0]!.object
}
const values = (subject: string, predicate: string): RDF.Term[] =>
  quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object)

t.test('1. the registered URL answers directly, HEAD announces the type GET serves, with charset', async (t) => {
  for (const [url, type] of [['/catalog.ttl', 'text/turtle'], ['/catalog.rdf', 'application/rdf+xml'], ['/catalog.jsonld', 'application/ld+json'], ['/catalog', 'text/turtle']].map(([url, type]) => [`${url}?profile=datagouv`, type])) {
    const head = await app.inject({ method: 'HEAD', url: url!, headers: { 'user-agent': 'uData/0.1 dcat' } })
    const get = await app.inject({ url: url!, headers: { 'user-agent': 'uData/0.1 dcat' } })
    t.equal(head.statusCode, 200, `HEAD ${url}`)
    t.equal(get.statusCode, 200, `GET ${url}`)
    t.equal(head.headers['content-type'], `${type}; charset=utf-8`, `HEAD ${url}`)
    t.equal(get.headers['content-type'], head.headers['content-type'], `GET ${url}`)
  }
  t.match(body, 'Horaires théoriques', 'UTF-8 text survives')
})

t.test('2. pages: absolute next in the same syntax, none on the last page, inline @context, absolute IRIs', async (t) => {
  const first = await fetchRdf(app, '/catalog.rdf?page_size=2&profile=datagouv', 'rdf')
  const { next } = pageOf(first.quads)
  t.match(next, `${PUBLIC_URL}/catalog.rdf?page_size=2&profile=datagouv&cursor=`, 'the profile stays on the links')
  const last = await fetchRdf(app, next!.slice(PUBLIC_URL.length), 'rdf')
  t.equal(pageOf(last.quads).datasets.length, 1)
  t.same(objects(last.quads, `${HYDRA}next`), [], 'no hydra:next on the last page')
  const jsonld = await app.inject({ url: '/catalog.jsonld?profile=datagouv' })
  t.type(jsonld.json()['@context'], 'object', 'the @context is inline')
  t.notMatch(jsonld.body, /"@context"\s*:\s*"/, 'no remote context')
  const iris = quads.flatMap((q) => [q.subject, q.predicate, q.object]).filter((term) => term.termType === 'NamedNode')
  t.same(iris.filter((term) => !/^(https?:\/\/[^/]+|mailto:)/.test(term.value)).map((term) => term.value), [], 'every IRI is absolute')
})

t.test('3. each dataset: one identifier, French text, landing page, keywords, labelled themes', async (t) => {
  for (const id of [complete.id, minimal.id, future.id]) {
    t.equal(values(uri(id), `${DCT}identifier`).length, 1, `${id}: exactly one dct:identifier`)
    t.equal(values(uri(id), `${DCAT}landingPage`).length, 1, `${id}: one landing page`)
    for (const term of [...values(uri(id), `${DCT}title`), ...values(uri(id), `${DCT}description`)]) {
      t.equal((term as RDF.Literal).language, 'fr', `${id}: @fr text`)
    }
  }
  t.equal(one(uri(complete.id), `${DCT}identifier`).value, 'https://data.grandlyon.example/jeux-de-donnees/tcl-horaires', 'the stored identifier')
  t.equal(one(uri(minimal.id), `${DCT}identifier`).value, uri(minimal.id), 'else the dataset URI')
  t.equal(one(uri(complete.id), `${DCAT}landingPage`).value, 'https://data.example.org/jeux-de-donnees/horaires-tcl', 'the stored landing page')
  t.equal(one(uri(future.id), `${DCAT}landingPage`).value, 'https://portail.example.org/jeux/dates-futures', 'else the template')
  const keywords = values(uri(complete.id), `${DCAT}keyword`) as RDF.Literal[]
  t.same(keywords.map((k) => [k.value, k.language]).sort(), [['horaires', 'fr'], ['mobilité', 'fr'], ['transport', 'fr']])
  const themes = values(uri(complete.id), `${DCAT}theme`).map((term) => term.value).sort()
  t.same(themes, ['http://publications.europa.eu/resource/authority/data-theme/REGI', 'http://publications.europa.eu/resource/authority/data-theme/TRAN'])
  const label = one(themes[1]!, 'http://www.w3.org/2004/02/skos/core#prefLabel') as RDF.Literal
  t.same([label.value, label.language], ['Transports', 'fr'], 'each theme carries its French prefLabel')
})

t.test('4. frequency, temporal and spatial coverage as udata reads them', async (t) => {
  const dataset = uri(complete.id)
  t.equal(one(dataset, `${DCT}accrualPeriodicity`).value, 'http://publications.europa.eu/resource/authority/frequency/WEEKLY')
  const period = one(dataset, `${DCT}temporal`)
  t.equal(period.termType, 'BlankNode', 'the period is a blank node (udata dereferences IRIs)')
  for (const [predicate, value] of [['startDate', '2024-01-01'], ['endDate', '2025-12-31']] as const) {
    const date = one(period.value, `${DCAT}${predicate}`) as RDF.Literal
    t.same([date.value, date.datatype.value], [value, `${XSD}date`], predicate)
  }
  const [location] = values(dataset, `${DCT}spatial`).filter((term) => term.termType === 'BlankNode')
  t.same(values(location!.value, RDF_TYPE).map((term) => term.value), [`${DCT}Location`])
  const bbox = one(location!.value, `${DCAT}bbox`) as RDF.Literal
  t.equal(bbox.datatype.value, 'http://www.opengis.net/ont/geosparql#wktLiteral')
  t.match(bbox.value, /^POLYGON\(\(4\.7718 45\.6855, /, 'plain lon/lat WKT, no CRS prefix')
})

t.test('5. issued and modified: UTC xsd:dateTime, never in the future', async (t) => {
  const dates = quads.filter((q) => [`${DCT}issued`, `${DCT}modified`].includes(q.predicate.value)).map((q) => q.object as RDF.Literal)
  t.ok(dates.length >= 8)
  for (const date of dates) {
    t.equal(date.datatype.value, `${XSD}dateTime`, date.value)
    t.match(date.value, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, date.value)
    t.ok(Date.parse(date.value) <= Date.now(), `${date.value} is not in the future`)
  }
  t.equal(one(uri(complete.id), `${DCT}modified`).value, '2025-06-01T04:00:00Z')
})

t.test('6. licences with the labels udata knows, access rights, contact point, publisher', async (t) => {
  const dataset = uri(complete.id)
  const licence = one(dataset, `${DCT}license`).value
  t.equal(licence, 'https://www.etalab.gouv.fr/licence-ouverte-open-licence')
  t.equal(one(licence, 'http://www.w3.org/2000/01/rdf-schema#label').value, 'Licence Ouverte / Open Licence version 2.0')
  t.same(values(licence, RDF_TYPE).map((term) => term.value), [`${DCT}LicenseDocument`])
  const licences = new Map((await app.db.selectFrom('licences').select(['url', 'title']).execute()).map((row) => [row.url, row.title]))
  for (const q of quads.filter((q) => q.predicate.value === `${DCT}license`)) {
    t.equal(one(q.object.value, 'http://www.w3.org/2000/01/rdf-schema#label').value, licences.get(q.object.value), `label of ${q.object.value}`)
  }
  t.equal(one(dataset, `${DCT}accessRights`).value, 'http://publications.europa.eu/resource/authority/access-right/PUBLIC')
  const contact = one(dataset, `${DCAT}contactPoint`).value
  t.equal(one(contact, `${VCARD}fn`).value, 'Service open data')
  t.equal(one(contact, `${VCARD}hasEmail`).value, 'mailto:donnees@sytral.example')
  t.equal(one(contact, `${VCARD}hasURL`).value, 'https://www.sytral.fr/contact')
  const agent = one(dataset, `${DCT}publisher`).value
  t.equal(agent, `${PUBLIC_URL}/publishers/sytral`)
  t.ok(values(agent, RDF_TYPE).some((term) => term.value === `${FOAF}Agent`))
  t.equal(one(agent, `${FOAF}name`).value, 'Sytral Mobilités')
})

t.test('7. distributions: both URLs, title, EU format, https IANA type, integer size, plain checksum, licence', async (t) => {
  const distributions = values(uri(complete.id), `${DCAT}distribution`).map((term) => term.value)
  t.same(distributions.sort(), complete.distributions.map((id) => `${PUBLIC_URL}/distributions/${id}`).sort())
  for (const node of [...distributions, ...values(uri(minimal.id), `${DCAT}distribution`).map((term) => term.value)]) {
    for (const predicate of ['accessURL', 'downloadURL']) t.equal(values(node, `${DCAT}${predicate}`).length, 1, `${node} ${predicate}`)
    t.equal(values(node, `${DCT}title`).length, 1, `${node} title`)
    // The minimal dataset has no licence, so neither has its distribution.
    const licensed = complete.distributions.some((id) => node.endsWith(id))
    t.equal(values(node, `${DCT}license`).length, licensed ? 1 : 0, `${node} licence`)
  }
  const uploaded = `${PUBLIC_URL}/distributions/${complete.distributions[0]}`
  t.equal(one(uploaded, `${DCAT}downloadURL`).value, `${uploaded}/file`, 'an uploaded file is downloaded from the API')
  t.equal(one(uploaded, `${DCT}format`).value, 'http://publications.europa.eu/resource/authority/file-type/GTFS')
  t.equal(one(uploaded, `${DCAT}mediaType`).value, 'https://www.iana.org/assignments/media-types/application/zip')
  const size = one(uploaded, `${DCAT}byteSize`) as RDF.Literal
  t.same([size.value, size.datatype.value], ['48213771', `${XSD}nonNegativeInteger`])
  t.equal(one(uploaded, `${DCT}license`).value, 'http://opendatacommons.org/licenses/odbl/summary/', 'its own licence')
  const linked = `${PUBLIC_URL}/distributions/${complete.distributions[1]}`
  t.equal(one(linked, `${DCT}license`).value, 'https://www.etalab.gouv.fr/licence-ouverte-open-licence', 'else the dataset’s')
  const checksum = one(uploaded, `${SPDX}checksum`).value
  t.equal(one(checksum, `${SPDX}algorithm`).value, `${SPDX}checksumAlgorithm_sha256`)
  const value = one(checksum, `${SPDX}checksumValue`) as RDF.Literal
  t.same([value.value, value.datatype.value], ['a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00', `${XSD}string`], 'a plain literal')
})

t.test('plain checksums cost exactly one datatype violation each under the shapes, and nothing else', { skip: SHACL_SKIP }, async (t) => {
  const { violations } = await validateDcat(quads)
  t.equal(violations.length, 1, 'one checksum in the feed')
  t.match(violations, [{ path: `${SPDX}checksumValue`, component: 'http://www.w3.org/ns/shacl#DatatypeConstraintComponent' }])
})

t.test('the profile: plain checksums on every catalogue URL that carries it, hexBinary without it; a bad one is a 400', async (t) => {
  const checksumTypes = (quads: RDF.Quad[]) => quads.filter((q) => q.predicate.value === `${SPDX}checksumValue`).map((q) => (q.object as RDF.Literal).datatype.value)
  for (const url of ['/catalog.ttl', '/catalog/full.ttl', '/publishers/sytral/catalog.ttl', `/datasets/${complete.id}.ttl`]) {
    t.same(checksumTypes((await fetchRdf(app, `${url}?profile=datagouv`, 'ttl')).quads), [`${XSD}string`], `${url}?profile=datagouv`)
    t.same(checksumTypes((await fetchRdf(app, url, 'ttl')).quads), [`${XSD}hexBinary`], `${url}: conformant by default`)
    t.same(checksumTypes((await fetchRdf(app, `${url}?profile=dcat-ap`, 'ttl')).quads), [`${XSD}hexBinary`], `${url}?profile=dcat-ap`)
    const bad = await app.inject(`${url}?profile=udata`)
    t.equal(bad.statusCode, 400, `${url}?profile=udata`)
    t.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8')
  }
  const full = await app.inject('/catalog/full.ttl?profile=datagouv')
  const again = await app.inject({ url: '/catalog/full.ttl', headers: { 'if-none-match': String(full.headers.etag) } })
  t.equal(again.statusCode, 200, 'each profile has its own ETag')
})
