// The lists piveau compares formats, media types, licences and access rights against
// (../shared/notes/future-features.md §1.3, with their provenance there).

export const EU_FILE_TYPE = 'http://publications.europa.eu/resource/authority/file-type/'
export const EU_LICENCE = 'http://publications.europa.eu/resource/authority/licence/'
export const EU_ACCESS_RIGHT = 'http://publications.europa.eu/resource/authority/access-right/'
export const IANA_MEDIA_TYPE = /^https?:\/\/www\.iana\.org\/assignments\/media-types\/[^/]+\/[^/]+$/

/** edp-non-proprietary-format.rdf, as copied in mjanez/ckan-mqa@a784c13 (EU file-type codes). */
export const NON_PROPRIETARY = new Set([
  'BMP', 'CSV', 'DBF', 'ETSI_XML', 'GEOJSON', 'GPKG', 'GZIP', 'HTML', 'ICS', 'JPEG2000', 'JSON', 'JSON_LD', 'KML', 'KMZ',
  'NETCDF', 'ODS', 'PNG', 'RDF_N_QUADS', 'RDF_N_TRIPLES', 'RDF_TRIG', 'RDF_TURTLE', 'RDF_XML', 'RSS', 'RTF', 'TAR', 'TIFF',
  'TSV', 'TXT', 'WMS_SRVC', 'XML', 'ZIP'
])

/** edp-machine-readable-format.rdf, third-party extraction [unverified]: XLS and XLSX count here but are proprietary. */
export const MACHINE_READABLE = new Set([
  'CSV', 'GEOJSON', 'ICS', 'JSON', 'JSON_LD', 'KML', 'KMZ', 'NETCDF', 'ODS', 'RDFA', 'RDF_N_QUADS', 'RDF_N_TRIPLES', 'RDF_TRIG',
  'RDF_TURTLE', 'RDF_XML', 'RSS', 'SHP', 'XLS', 'XLSX', 'XML'
])

/** The EU file-type code of a format IRI, or null when the IRI is not from that table. */
export function fileTypeCode (iri: string): string | null {
  return iri.startsWith(EU_FILE_TYPE) ? iri.slice(EU_FILE_TYPE.length) : null
}
