// View fixtures for the DCAT tests: a complete dataset (every optional field set, tricky text
// included), a minimal one, and catalogues around them. Exported so route tests can reuse them.
import type { CatalogView, DatasetView, DistributionView, PublisherView } from '../../../src/dcat/types.js'

export const PUBLIC_URL = 'https://data.example.org'
/** Every date the mappers see is clamped to this: tests pass it as `now`. */
export const NOW = new Date('2025-06-15T12:00:00.000Z')

const EU = 'http://publications.europa.eu/resource/authority'
const LO2 = { uri: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence', title: 'Licence Ouverte / Open Licence version 2.0' }
const ODBL = { uri: 'http://opendatacommons.org/licenses/odbl/summary/', title: 'Open Data Commons Open Database License (ODbL)' }

export const PUBLISHER: PublisherView = {
  id: 'sytral',
  uri: `${PUBLIC_URL}/publishers/sytral`,
  name: 'Sytral Mobilités',
  type: { code: 'LocalAuthority', uri: 'http://purl.org/adms/publishertype/LocalAuthority', labelFr: 'Autorité locale' },
  homepage: 'https://www.sytral.fr/',
  email: 'opendata@sytral.example'
}

export const UPLOADED: DistributionView = {
  id: '6f0c2a55-9d51-4a0e-8f0e-1c2d3e4f5a6b',
  uri: `${PUBLIC_URL}/distributions/6f0c2a55-9d51-4a0e-8f0e-1c2d3e4f5a6b`,
  title: 'GTFS — réseau TCL',
  description: 'Archive GTFS complète, mise à jour chaque semaine.',
  accessUrl: `${PUBLIC_URL}/jeux-de-donnees/horaires-tcl`,
  downloadUrl: `${PUBLIC_URL}/distributions/6f0c2a55-9d51-4a0e-8f0e-1c2d3e4f5a6b/file`,
  mediaType: 'application/zip',
  format: { code: 'GTFS', uri: `${EU}/file-type/GTFS` },
  byteSize: 48_213_771,
  checksumSha256: 'A3F1C2D4E5B60718293A4B5C6D7E8F90112233445566778899AABBCCDDEEFF00',
  licence: ODBL,
  issued: new Date('2024-01-10T09:30:00.000Z'),
  modified: new Date('2025-06-01T04:00:00.000Z')
}

export const LINKED: DistributionView = {
  id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  uri: `${PUBLIC_URL}/distributions/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`,
  title: 'Arrêts (CSV)',
  description: 'Liste des arrêts, via l\'API du réseau.',
  accessUrl: 'https://api.sytral.example/arrets',
  downloadUrl: 'https://api.sytral.example/arrets.csv',
  mediaType: 'text/csv; charset=utf-8',
  format: { code: 'CSV', uri: `${EU}/file-type/CSV` },
  byteSize: null,
  checksumSha256: null,
  licence: null,
  issued: new Date('2024-02-01T00:00:00.000Z'),
  modified: new Date('2025-05-20T18:45:12.345Z')
}

export function completeDataset (overrides: Partial<DatasetView> = {}): DatasetView {
  const id = '3b9f6a62-8c1d-4e2f-9a7b-5c4d3e2f1a0b'
  return {
    id,
    uri: `${PUBLIC_URL}/datasets/${id}`,
    identifier: 'https://data.grandlyon.example/jeux-de-donnees/tcl-horaires',
    title: 'Horaires théoriques du réseau TCL',
    // Markdown with everything a writer must escape: & < > " ' CR LF, tabs, non-BMP characters.
    description: 'Horaires **théoriques** des bus & tramways <TCL>.\r\nFormat "GTFS", voir l\'onglet\t« Ressources » 🚌.',
    keywords: ['transport', 'mobilité', 'horaires'],
    themes: [{ code: 'TRAN', uri: `${EU}/data-theme/TRAN`, labelFr: 'Transports' }],
    licence: LO2,
    accessRights: { code: 'PUBLIC', uri: `${EU}/access-right/PUBLIC` },
    frequency: { code: 'WEEKLY', uri: `${EU}/frequency/WEEKLY` },
    temporal: { start: '2024-01-01', end: '2025-12-31' },
    spatial: { bbox: [4.7718, 45.6855, 4.9037, 45.8084], uri: `${EU}/country/FRA` },
    landingPage: `${PUBLIC_URL}/jeux-de-donnees/horaires-tcl`,
    contactPoint: { name: 'Service open data', email: 'donnees@sytral.example', url: 'https://www.sytral.fr/contact' },
    language: [{ code: 'FRA', uri: `${EU}/language/FRA` }],
    conformsTo: ['https://gtfs.org/schedule/reference/'],
    version: '2025.06',
    issued: new Date('2023-03-01T08:00:00.000Z'),
    modified: new Date('2025-06-01T04:00:00.000Z'),
    publisher: PUBLISHER,
    distributions: [UPLOADED, LINKED],
    ...overrides
  }
}

export function minimalDataset (overrides: Partial<DatasetView> = {}): DatasetView {
  const id = 'c0ffee00-0000-4000-8000-000000000001'
  const uri = `${PUBLIC_URL}/datasets/${id}`
  return {
    id,
    uri,
    identifier: uri,
    title: 'Bancs publics',
    description: '',
    keywords: [],
    themes: [],
    licence: null,
    accessRights: { code: 'PUBLIC', uri: `${EU}/access-right/PUBLIC` },
    frequency: null,
    temporal: null,
    spatial: null,
    landingPage: uri,
    contactPoint: null,
    language: [],
    conformsTo: [],
    version: null,
    issued: null,
    modified: new Date('2025-01-02T03:04:05.000Z'),
    publisher: { id: 'ville', uri: `${PUBLIC_URL}/publishers/ville`, name: 'Ville', type: null, homepage: null, email: null },
    distributions: [{
      id: 'c0ffee00-0000-4000-8000-0000000000d1',
      uri: `${PUBLIC_URL}/distributions/c0ffee00-0000-4000-8000-0000000000d1`,
      title: 'bancs.geojson',
      description: null,
      accessUrl: null,
      downloadUrl: 'https://ville.example/bancs.geojson',
      mediaType: null,
      format: null,
      byteSize: null,
      checksumSha256: null,
      licence: null,
      issued: null,
      modified: new Date('2025-01-02T03:04:05.000Z')
    }],
    ...overrides
  }
}

export function completeCatalog (): CatalogView {
  return {
    uri: `${PUBLIC_URL}/catalog`,
    title: 'Catalogue de données de la métropole',
    description: 'Les données ouvertes de la métropole, de ses communes et du réseau de transport.',
    publisher: { uri: `${PUBLIC_URL}/#portal`, name: 'Portail open data de la métropole', type: { code: 'LocalAuthority', uri: 'http://purl.org/adms/publishertype/LocalAuthority', labelFr: 'Autorité locale' }, homepage: PUBLIC_URL, email: 'contact@data.example.org' },
    homepage: `${PUBLIC_URL}/`,
    language: [{ code: 'FRA', uri: `${EU}/language/FRA` }],
    licence: LO2,
    issued: new Date('2020-09-01T00:00:00.000Z'),
    modified: new Date('2025-06-01T04:00:00.000Z')
  }
}

export function minimalCatalog (): CatalogView {
  return {
    uri: `${PUBLIC_URL}/catalog`,
    title: 'Catalogue',
    description: '',
    publisher: { uri: `${PUBLIC_URL}/#portal`, name: 'Portail', type: null, homepage: null, email: null },
    homepage: null,
    language: [],
    licence: null,
    issued: null,
    modified: null
  }
}
