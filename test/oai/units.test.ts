// The pure parts of OAI-PMH: arguments, dates, tokens, Dublin Core, the admin address.
import t from 'tap'
import { parseRequest } from '../../src/oai/arguments.js'
import { checkDates, dateRange } from '../../src/oai/dates.js'
import { adminEmailOf } from '../../src/oai/index.js'
import { dublinCore, PREFIXES } from '../../src/oai/metadata.js'
import { decodeToken, encodeToken } from '../../src/oai/token.js'
import type { DatasetView } from '../../src/dcat/types.js'

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn()
  } catch (err) {
    return (err as { code?: string }).code
  }
  return undefined
}

t.test('dates: half-open ranges at either granularity', async t => {
  t.same(dateRange('2024-02-29', '2024-02-29'), { from: new Date('2024-02-29T00:00:00Z'), before: new Date('2024-03-01T00:00:00Z') })
  t.same(dateRange(null, '2024-01-01T10:00:00Z'), { from: null, before: new Date('2024-01-01T10:00:01Z') })
  t.equal(codeOf(() => checkDates('2023-02-29', null)), 'badArgument')
  t.equal(codeOf(() => checkDates(null, '2024-01-01T24:00:00Z')), 'badArgument')
  t.equal(codeOf(() => checkDates('2024-01-02T00:00:00Z', '2024-01-01T23:59:59Z')), 'badArgument')
  t.equal(codeOf(() => checkDates('2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')), undefined, 'from = until is one second')
})

t.test('tokens: round trip, and anything else refused', async t => {
  const position = { metadataPrefix: 'dcat_ap', set: 'publisher:a', from: '2024-01-01', until: null, after: '42', size: 100, cursor: 25 }
  t.same(decodeToken(encodeToken(position), PREFIXES), position)
  const forged = (json: unknown): string => Buffer.from(JSON.stringify(json)).toString('base64url')
  for (const token of ['', 'x'.repeat(1001), forged(null), forged({ ...position, v: 2 }), forged({ v: 1, p: 'dcat_ap', s: 'bad set', f: null, u: null, a: '1', n: 1, c: 0 }),
    forged({ v: 1, p: 'dcat_ap', s: null, f: 5, u: null, a: '1', n: 1, c: 0 }), forged({ v: 1, p: 'dcat_ap', s: null, f: null, u: null, a: '1', n: -1, c: 0 }),
    forged({ v: 1, p: 'dcat_ap', s: null, f: null, u: null, a: 1, n: 1, c: 0 })]) {
    t.equal(codeOf(() => decodeToken(token, PREFIXES)), 'badResumptionToken', token.slice(0, 40))
  }
})

t.test('arguments per verb', async t => {
  t.same(parseRequest({ verb: 'ListMetadataFormats' }, PREFIXES), { verb: 'ListMetadataFormats', identifier: null })
  t.same(parseRequest({ verb: 'ListSets' }, PREFIXES), { verb: 'ListSets' })
  t.same(parseRequest({ verb: 'GetRecord', identifier: 'x', metadataPrefix: 'oai_dc', extra: undefined }, PREFIXES), { verb: 'GetRecord', identifier: 'x', metadataPrefix: 'oai_dc' })
  t.equal(codeOf(() => parseRequest({ verb: 'GetRecord', identifier: '', metadataPrefix: 'oai_dc' }, PREFIXES)), 'badArgument', 'empty is missing')
  t.equal(codeOf(() => parseRequest({ verb: ['ListSets', 'Identify'] }, PREFIXES)), 'badVerb')
  const token = encodeToken({ metadataPrefix: 'oai_dc', set: 'theme', from: null, until: null, after: '1', size: 2, cursor: 1 })
  t.match(parseRequest({ verb: 'ListIdentifiers', resumptionToken: token, set: 'theme' }, PREFIXES), { position: { after: '1' } }, 'a repeated equal set is tolerated')
  t.equal(codeOf(() => parseRequest({ verb: 'ListIdentifiers', resumptionToken: token, from: '2024-01-01' }, PREFIXES)), 'badArgument')
})

t.test('Dublin Core of a full dataset', async t => {
  const view: DatasetView = {
    id: 'x',
    uri: 'https://data.example.org/datasets/x',
    identifier: 'urn:x',
    title: 'Titre',
    description: 'D',
    keywords: ['k'],
    themes: [{ code: 'ECON', uri: 'http://publications.europa.eu/resource/authority/data-theme/ECON', labelFr: 'Économie' }],
    licence: { uri: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/', title: 'Licence Ouverte' },
    accessRights: { code: 'PUBLIC', uri: 'http://publications.europa.eu/resource/authority/access-right/PUBLIC' },
    frequency: null,
    temporal: { start: '2020-01-01', end: null },
    spatial: { bbox: null, uri: 'https://www.geonames.org/2996944' },
    landingPage: 'https://portal.example.org/x',
    contactPoint: null,
    language: [{ code: 'FRA', uri: 'http://publications.europa.eu/resource/authority/language/FRA' }],
    conformsTo: [],
    version: null,
    issued: new Date('2020-01-02T00:00:00Z'),
    modified: new Date('2021-01-02T00:00:00Z'),
    publisher: { id: 'p', uri: 'https://data.example.org/publishers/p', name: 'P', type: null, homepage: null, email: null },
    distributions: []
  }
  const dc = dublinCore(view)
  for (const line of ['<dc:identifier>urn:x</dc:identifier>', '<dc:relation>https://portal.example.org/x</dc:relation>', '<dc:language>fra</dc:language>',
    '<dc:coverage>2020-01-01/..</dc:coverage>', '<dc:coverage>https://www.geonames.org/2996944</dc:coverage>', '<dc:rights>Licence Ouverte</dc:rights>',
    '<dc:date>2020-01-02</dc:date>', '<dc:subject>Économie</dc:subject>']) t.match(dc, line)
})

t.test('adminEmail: configured, or admin@ a dotted host', async t => {
  t.equal(adminEmailOf({ oaiAdminEmail: 'data@example.org' }, 'x.org'), 'data@example.org')
  t.equal(adminEmailOf({}, 'data.example.org'), 'admin@data.example.org')
  t.equal(adminEmailOf({}, 'localhost'), 'admin@localhost.invalid')
})
