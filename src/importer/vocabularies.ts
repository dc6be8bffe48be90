// Source values (EU authority URIs, codes, CKAN and udata labels, ISO words, media types) to the codes of
// Bastille's seeded vocabularies. Only codes the vocabulary holds come out, so nothing breaks the feed.
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { IANA_MEDIA_TYPES } from '../dcat/vocab.js'

type Vocabulary = 'data-theme' | 'frequency' | 'file-type' | 'language' | 'access-right' | 'publisher-type'

/** Frequency words of the Dublin Core collection frequencies, ISO 19115 and udata, lower case. */
const FREQUENCY_WORDS: Record<string, string> = {
  continual: 'CONT',
  continuous: 'CONT',
  punctual: 'IRREG',
  irregular: 'IRREG',
  asneeded: 'AS_NEEDED',
  notplanned: 'NOT_PLANNED',
  unknown: 'UNKNOWN',
  hourly: 'HOURLY',
  fourtimesaday: 'DAILY_2',
  threetimesaday: 'DAILY_2',
  semidaily: 'DAILY_2',
  daily: 'DAILY',
  fourtimesaweek: 'WEEKLY_3',
  threetimesaweek: 'WEEKLY_3',
  semiweekly: 'WEEKLY_2',
  weekly: 'WEEKLY',
  biweekly: 'BIWEEKLY',
  fortnightly: 'BIWEEKLY',
  threetimesamonth: 'MONTHLY_3',
  semimonthly: 'MONTHLY_2',
  monthly: 'MONTHLY',
  bimonthly: 'BIMONTHLY',
  quarterly: 'QUARTERLY',
  threetimesayear: 'ANNUAL_3',
  semiannual: 'ANNUAL_2',
  biannually: 'ANNUAL_2',
  annual: 'ANNUAL',
  annually: 'ANNUAL',
  biennial: 'BIENNIAL',
  triennial: 'TRIENNIAL',
  quinquennial: 'QUINQUENNIAL'
}

/** ISO 639-1 codes of the languages the vocabulary holds. */
const LANGUAGE_ISO1: Record<string, string> = {
  fr: 'FRA', en: 'ENG', de: 'DEU', es: 'SPA', it: 'ITA', nl: 'NLD', pt: 'POR', pl: 'POL', ca: 'CAT', br: 'BRE', oc: 'OCI', eu: 'EUS', co: 'COS', ar: 'ARA', zh: 'ZHO', ru: 'RUS'
}

/** Format labels portals use (CKAN's resource_formats names, ODS and udata labels), lower case. */
const FORMAT_LABELS: Record<string, string> = {
  shapefile: 'SHP',
  'esri shapefile': 'SHP',
  'shp (zip)': 'SHP',
  excel: 'XLS',
  'ms excel': 'XLS',
  'xls (excel)': 'XLS',
  text: 'TXT',
  'plain text': 'TXT',
  'web page': 'HTML',
  htm: 'HTML',
  wms: 'WMS_SRVC',
  wfs: 'WFS_SRVC',
  wcs: 'WCS_SRVC',
  'esri rest': 'REST',
  'arcgis geoservices rest api': 'REST',
  rdfxml: 'RDF_XML',
  'rdf/xml': 'RDF_XML',
  turtle: 'RDF_TURTLE',
  ttl: 'RDF_TURTLE',
  'n-triples': 'RDF_N_TRIPLES',
  nt: 'RDF_N_TRIPLES',
  jsonld: 'JSON_LD',
  'json-ld': 'JSON_LD',
  gz: 'GZIP',
  gzip: 'GZIP',
  'tar.gz': 'TAR_GZ',
  tif: 'TIFF',
  jpg: 'JPEG',
  geotiff: 'GEOTIFF',
  ical: 'ICS',
  ics: 'ICS',
  netcdf: 'NETCDF',
  'gtfs-rt': 'GTFS'
}

/** Media types (without parameters) to file-type codes. */
const MEDIA_TYPES: Record<string, string> = {
  'text/csv': 'CSV',
  'text/tab-separated-values': 'TSV',
  'application/json': 'JSON',
  'application/geo+json': 'GEOJSON',
  'application/vnd.geo+json': 'GEOJSON',
  'application/ld+json': 'JSON_LD',
  'application/xml': 'XML',
  'text/xml': 'XML',
  'application/vnd.ms-excel': 'XLS',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
  'application/pdf': 'PDF',
  'text/html': 'HTML',
  'text/plain': 'TXT',
  'application/zip': 'ZIP',
  'application/gzip': 'GZIP',
  'application/vnd.google-earth.kml+xml': 'KML',
  'application/vnd.google-earth.kmz': 'KMZ',
  'application/rdf+xml': 'RDF_XML',
  'text/turtle': 'RDF_TURTLE',
  'application/n-triples': 'RDF_N_TRIPLES',
  'application/geopackage+sqlite3': 'GPKG',
  'application/gml+xml': 'GML',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/tiff': 'TIFF',
  'text/calendar': 'ICS',
  'application/x-shapefile': 'SHP'
}

export interface Match {
  code: string | null
  how: string
}

/** The seeded vocabularies, loaded once per import. */
export class Vocabularies {
  readonly #codes = new Map<Vocabulary, Set<string>>()
  readonly #uris = new Map<Vocabulary, Map<string, string>>()

  static async load (db: Kysely<DB>): Promise<Vocabularies> {
    const vocabularies = new Vocabularies()
    const rows = await db.selectFrom('vocabulary_terms').select(['vocabulary', 'code', 'uri']).execute()
    for (const row of rows) {
      const vocabulary = row.vocabulary as Vocabulary
      if (!vocabularies.#codes.has(vocabulary)) {
        vocabularies.#codes.set(vocabulary, new Set())
        vocabularies.#uris.set(vocabulary, new Map())
      }
      vocabularies.#codes.get(vocabulary)!.add(row.code)
      vocabularies.#uris.get(vocabulary)!.set(row.uri, row.code)
    }
    return vocabularies
  }

  /** A code from its EU URI (http or https) or the code itself, in any case. */
  #direct (vocabulary: Vocabulary, value: string): string | null {
    const trimmed = value.trim()
    const uri = this.#uris.get(vocabulary)?.get(trimmed.replace(/^https:/, 'http:'))
    if (uri !== undefined) return uri
    const code = trimmed.toUpperCase().replace(/[\s.-]+/g, '_')
    return this.#codes.get(vocabulary)?.has(code) === true ? code : null
  }

  #known (vocabulary: Vocabulary, code: string | undefined): string | null {
    return code !== undefined && this.#codes.get(vocabulary)?.has(code) === true ? code : null
  }

  theme (value: string): string | null {
    return this.#direct('data-theme', value)
  }

  publisherType (value: string): string | null {
    const code = this.#uris.get('publisher-type')?.get(value.trim())
    if (code !== undefined) return code
    return this.#codes.get('publisher-type')?.has(value.trim()) === true ? value.trim() : null
  }

  accessRights (value: string): string | null {
    return this.#direct('access-right', value)
  }

  frequency (value: string): string | null {
    const direct = this.#direct('frequency', value)
    if (direct !== null) return direct
    const word = value.trim().replace(/^.*[/#]/, '').replace(/[\s_-]/g, '').toLowerCase()
    return this.#known('frequency', FREQUENCY_WORDS[word])
  }

  language (value: string): string | null {
    const direct = this.#direct('language', value)
    if (direct !== null) return direct
    const iso = value.trim().toLowerCase().replace(/^.*[/#]/, '').split(/[-_]/)[0]!
    return this.#known('language', LANGUAGE_ISO1[iso])
  }

  /** A file-type code from a format label, URI or media type, and how it was found. */
  format (label: string | null | undefined, mediaType: string | null | undefined): Match {
    if (label != null && label.trim() !== '') {
      const direct = this.#direct('file-type', label)
      if (direct !== null) return { code: direct, how: 'code' }
      const lower = label.trim().toLowerCase().replace(/^\./, '')
      const named = this.#known('file-type', FORMAT_LABELS[lower] ?? MEDIA_TYPES[lower] ?? MEDIA_TYPES[stripIana(lower)])
      if (named !== null) return { code: named, how: 'label' }
    }
    if (mediaType != null) {
      const type = stripIana(mediaType.split(';')[0]!.trim().toLowerCase())
      const byType = this.#known('file-type', MEDIA_TYPES[type])
      if (byType !== null) return { code: byType, how: 'media type' }
    }
    return { code: null, how: 'none' }
  }
}

function stripIana (value: string): string {
  return value.replace(/^https?:\/\/www\.iana\.org\/assignments\/media-types\//, '').replace(IANA_MEDIA_TYPES, '')
}
