// The schema.org mapper against Google's Dataset rules (future-features.md §5.1): required name and
// description (50–5,000 characters), the recommended properties, the box in lat-lon order, and JSON that
// cannot end its script element.
import t from 'tap'
import type { DatasetView, DistributionView } from '../../src/dcat/types.js'
import { DESCRIPTION_MAX, DESCRIPTION_MIN, schemaDescription, schemaOrgDataset, scriptJson } from '../../src/web/schema-org.js'

const CATALOG = { name: 'Données de Valfleury', url: 'https://data.example.org/' }
const URI = 'https://data.example.org/datasets/6f1c2b0e-0000-4000-8000-000000000001'

const file: DistributionView = {
  id: 'd1',
  uri: 'https://data.example.org/distributions/d1',
  title: 'Arrêts (CSV)',
  description: 'Un **arrêt** par ligne.',
  accessUrl: null,
  downloadUrl: 'https://data.example.org/distributions/d1/file',
  mediaType: 'text/csv',
  format: { code: 'CSV', uri: 'http://publications.europa.eu/resource/authority/file-type/CSV' },
  byteSize: 1234,
  checksumSha256: null,
  licence: null,
  issued: new Date('2024-02-01T00:00:00Z'),
  modified: new Date('2024-03-01T00:00:00Z')
}

function view (overrides: Partial<DatasetView> = {}): DatasetView {
  return {
    id: '6f1c2b0e-0000-4000-8000-000000000001',
    uri: URI,
    identifier: 'urn:valfleury:arrets',
    title: 'Arrêts de bus',
    description: 'Position et nom de **tous les arrêts** du réseau urbain, mis à jour chaque nuit.',
    keywords: ['transport', 'bus'],
    themes: [{ code: 'TRAN', uri: 'http://publications.europa.eu/resource/authority/data-theme/TRAN', labelFr: 'Transports' }],
    licence: { uri: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence', title: 'Licence Ouverte' },
    accessRights: { code: 'PUBLIC', uri: 'http://publications.europa.eu/resource/authority/access-right/PUBLIC' },
    frequency: null,
    temporal: { start: '2024-01-01', end: '2024-12-31' },
    spatial: { bbox: [4.77, 45.7, 4.9, 45.81], uri: 'https://www.geonames.org/2996944' },
    landingPage: 'https://portal.example.org/datasets/arrets',
    contactPoint: { name: 'Service données', email: 'data@example.org', url: null },
    language: [],
    conformsTo: [],
    version: '2024.1',
    issued: new Date('2024-01-15T00:00:00Z'),
    modified: new Date('2024-03-01T00:00:00Z'),
    publisher: { id: 'valfleury', uri: 'https://data.example.org/publishers/valfleury', name: 'Ville de Valfleury', type: null, homepage: 'https://valfleury.example', email: null },
    distributions: [file],
    ...overrides
  }
}

type Json = Record<string, any>

/** Google's rules for a Dataset rich result, as the notes summarise them; the list of what is wrong. */
function googleProblems (json: Json): string[] {
  const problems: string[] = []
  if (json['@context'] !== 'https://schema.org/' || json['@type'] !== 'Dataset') problems.push('not a schema.org Dataset')
  if (typeof json.name !== 'string' || json.name === '') problems.push('name is required')
  if (typeof json.description !== 'string' || json.description.length < 50 || json.description.length > 5000) problems.push('description must have 50 to 5,000 characters')
  for (const key of ['url', 'identifier', 'keywords', 'license', 'creator', 'includedInDataCatalog', 'distribution', 'temporalCoverage', 'spatialCoverage', 'isAccessibleForFree', 'dateModified']) {
    if (json[key] === undefined) problems.push(`${key} is recommended`)
  }
  for (const agent of [json.creator, json.publisher]) {
    if (agent?.['@type'] !== 'Organization' || typeof agent.name !== 'string' || typeof agent.url !== 'string') problems.push('creator and publisher: Organization with name and url')
  }
  for (const download of json.distribution ?? []) {
    if (download['@type'] !== 'DataDownload' || !/^https?:\/\//.test(download.contentUrl) || typeof download.encodingFormat !== 'string') problems.push('distribution: DataDownload with contentUrl and encodingFormat')
  }
  if (json.temporalCoverage !== undefined && !/^(\d{4}-\d{2}-\d{2}|\.\.)\/(\d{4}-\d{2}-\d{2}|\.\.)$/.test(json.temporalCoverage)) problems.push('temporalCoverage: an ISO 8601 interval')
  const box = json.spatialCoverage?.geo?.box
  if (box !== undefined) {
    const [s, w, n, e] = String(box).split(' ').map(Number)
    if (!(s! <= n! && w! <= e! && Math.abs(s!) <= 90 && Math.abs(n!) <= 90)) problems.push('box: "south west north east"')
  }
  if (json.includedInDataCatalog?.['@type'] !== 'DataCatalog') problems.push('includedInDataCatalog: a DataCatalog')
  return problems
}

t.test('a complete dataset meets every required and recommended property', async t => {
  const json = schemaOrgDataset(view(), CATALOG)
  t.same(googleProblems(json), [])
  t.same(json, {
    '@context': 'https://schema.org/',
    '@type': 'Dataset',
    '@id': URI,
    name: 'Arrêts de bus',
    description: 'Position et nom de tous les arrêts du réseau urbain, mis à jour chaque nuit.',
    url: 'https://portal.example.org/datasets/arrets',
    identifier: 'urn:valfleury:arrets',
    keywords: ['transport', 'bus', 'Transports'],
    license: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence',
    isAccessibleForFree: true,
    creator: json.publisher,
    publisher: {
      '@type': 'Organization',
      '@id': 'https://data.example.org/publishers/valfleury',
      name: 'Ville de Valfleury',
      url: 'https://valfleury.example',
      contactPoint: { '@type': 'ContactPoint', contactType: 'customer service', name: 'Service données', email: 'data@example.org' }
    },
    version: '2024.1',
    datePublished: '2024-01-15T00:00:00.000Z',
    dateModified: '2024-03-01T00:00:00.000Z',
    temporalCoverage: '2024-01-01/2024-12-31',
    spatialCoverage: { '@type': 'Place', sameAs: 'https://www.geonames.org/2996944', geo: { '@type': 'GeoShape', box: '45.7 4.77 45.81 4.9' } },
    distribution: [{
      '@type': 'DataDownload',
      name: 'Arrêts (CSV)',
      description: 'Un arrêt par ligne.',
      contentUrl: 'https://data.example.org/distributions/d1/file',
      encodingFormat: 'text/csv',
      contentSize: '1234 B',
      license: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence',
      datePublished: '2024-02-01T00:00:00.000Z',
      dateModified: '2024-03-01T00:00:00.000Z'
    }],
    includedInDataCatalog: { '@type': 'DataCatalog', name: 'Données de Valfleury', url: 'https://data.example.org/' }
  })
})

t.test('a sparse dataset still has what Google requires, and omits what it does not know', async t => {
  const api: DistributionView = { ...file, id: 'd2', downloadUrl: null, accessUrl: 'https://api.example.org', mediaType: null, byteSize: null, issued: null, description: null }
  const nothing: DistributionView = { ...file, id: 'd3', downloadUrl: null, accessUrl: null }
  const json = schemaOrgDataset(view({
    description: '',
    keywords: [],
    themes: [],
    licence: null,
    accessRights: { code: 'NON_PUBLIC', uri: 'x' },
    temporal: { start: null, end: '2020-01-01' },
    spatial: { bbox: null, uri: 'https://www.geonames.org/2996944' },
    contactPoint: null,
    version: null,
    issued: null,
    publisher: { ...view().publisher, homepage: null },
    distributions: [api, nothing]
  }), CATALOG)
  t.equal(json.description, 'Arrêts de bus Jeu de données publié par Ville de Valfleury sur Données de Valfleury.')
  t.ok((json.description as string).length >= DESCRIPTION_MIN)
  t.same(googleProblems(json), ['keywords is recommended', 'license is recommended'])
  t.equal(json.isAccessibleForFree, false)
  t.equal(json.temporalCoverage, '../2020-01-01')
  t.same(json.spatialCoverage, { '@type': 'Place', sameAs: 'https://www.geonames.org/2996944' })
  t.same(json.publisher, { '@type': 'Organization', '@id': 'https://data.example.org/publishers/valfleury', name: 'Ville de Valfleury', url: 'https://data.example.org/publishers/valfleury' })
  t.same(json.distribution, [{ '@type': 'DataDownload', name: 'Arrêts (CSV)', contentUrl: 'https://api.example.org', encodingFormat: 'CSV', dateModified: '2024-03-01T00:00:00.000Z' }],
    'the format code without a media type; no download without a URL')
  t.equal(schemaOrgDataset(view({ temporal: { start: '2020-01-01', end: null }, distributions: [nothing] }), CATALOG).temporalCoverage, '2020-01-01/..')
  t.notOk('distribution' in schemaOrgDataset(view({ distributions: [] }), CATALOG))
  t.notOk('spatialCoverage' in schemaOrgDataset(view({ spatial: null, temporal: null }), CATALOG))
})

t.test('descriptions are plain text within 50 to 5,000 characters', async t => {
  t.equal(schemaDescription(view({ description: 'Court.' }), CATALOG), 'Court. Jeu de données publié par Ville de Valfleury sur Données de Valfleury.')
  t.equal(schemaDescription(view({ description: 'Sans point' }), CATALOG), 'Sans point. Jeu de données publié par Ville de Valfleury sur Données de Valfleury.')
  const long = schemaDescription(view({ description: 'mot '.repeat(3000) }), CATALOG)
  t.ok(long.length <= DESCRIPTION_MAX, String(long.length))
  t.match(long, /mot…$/)
})

t.test('the script element cannot be closed from inside the JSON', async t => {
  const json = schemaOrgDataset(view({ title: '</script><script>alert(1)</script>', description: '<!-- x \u2028 \u2029 '.repeat(10) }), CATALOG)
  const text = scriptJson(json)
  t.notMatch(text, /</)
  t.notMatch(text, /[\u2028\u2029]/)
  t.same(JSON.parse(text), json, 'still the same JSON')
})
