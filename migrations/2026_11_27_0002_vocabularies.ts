// Seeds the reference vocabularies codes are validated against. Frozen in time: the rows are copied here
// from ../shared/dcat-ap/vocabularies (EU tables, ADMS); French labels where the files carry none.
import type { Kysely } from 'kysely'

const EU = 'http://publications.europa.eu/resource/authority'

/** [code, French label, English label] */
type Term = readonly [string, string, string]

const DATA_THEMES: Term[] = [
  ['AGRI', 'Agriculture, pêche, sylviculture et alimentation', 'Agriculture, fisheries, forestry and food'],
  ['ECON', 'Économie et finances', 'Economy and finance'],
  ['EDUC', 'Éducation, culture et sport', 'Education, culture and sport'],
  ['ENER', 'Énergie', 'Energy'],
  ['ENVI', 'Environnement', 'Environment'],
  ['GOVE', 'Gouvernement et secteur public', 'Government and public sector'],
  ['HEAL', 'Santé', 'Health'],
  ['INTR', 'Questions internationales', 'International issues'],
  ['JUST', 'Justice, système juridique et sécurité publique', 'Justice, legal system and public safety'],
  ['REGI', 'Régions et villes', 'Regions and cities'],
  ['SOCI', 'Population et société', 'Population and society'],
  ['TECH', 'Science et technologie', 'Science and technology'],
  ['TRAN', 'Transports', 'Transport']
]

const FREQUENCIES: Term[] = [
  ['1MIN', 'toutes les minutes', 'every minute'],
  ['5MIN', 'toutes les cinq minutes', 'every five minutes'],
  ['10MIN', 'toutes les dix minutes', 'every ten minutes'],
  ['15MIN', 'toutes les quinze minutes', 'every fifteen minutes'],
  ['30MIN', 'toutes les trente minutes', 'every thirty minutes'],
  ['HOURLY', 'toutes les heures', 'hourly'],
  ['BIHOURLY', 'toutes les deux heures', 'bihourly'],
  ['TRIHOURLY', 'toutes les trois heures', 'trihourly'],
  ['12HRS', 'toutes les douze heures', 'every twelve hours'],
  ['DAILY_2', 'deux fois par jour', 'twice a day'],
  ['DAILY', 'quotidien', 'daily'],
  ['WEEKLY_3', 'trois fois par semaine', 'three times a week'],
  ['WEEKLY_2', 'bihebdomadaire', 'semiweekly'],
  ['WEEKLY', 'hebdomadaire', 'weekly'],
  ['BIWEEKLY', 'toutes les deux semaines', 'biweekly'],
  ['MONTHLY_3', 'trois fois par mois', 'three times a month'],
  ['MONTHLY_2', 'bimensuel', 'semimonthly'],
  ['MONTHLY', 'mensuel', 'monthly'],
  ['BIMONTHLY', 'bimestriel', 'bimonthly'],
  ['QUARTERLY', 'trimestriel', 'quarterly'],
  ['ANNUAL_3', 'trois fois par an', 'three times a year'],
  ['ANNUAL_2', 'semestriel', 'semiannual'],
  ['ANNUAL', 'annuel', 'annual'],
  ['BIENNIAL', 'biennal', 'biennial'],
  ['TRIENNIAL', 'triennal', 'triennial'],
  ['QUADRENNIAL', 'quadriennal', 'quadrennial'],
  ['QUINQUENNIAL', 'quinquennal', 'quinquennial'],
  ['DECENNIAL', 'décennal', 'decennial'],
  ['BIDECENNIAL', 'tous les vingt ans', 'bidecennial'],
  ['TRIDECENNIAL', 'tous les trente ans', 'tridecennial'],
  ['CONT', 'continu', 'continuous'],
  ['UPDATE_CONT', 'mis à jour en continu', 'continuously updated'],
  ['IRREG', 'irrégulier', 'irregular'],
  ['AS_NEEDED', 'au besoin', 'as needed'],
  ['NOT_PLANNED', 'non planifié', 'not planned'],
  ['NEVER', 'jamais', 'never'],
  ['UNKNOWN', 'inconnu', 'unknown'],
  ['OTHER', 'autre', 'other']
]

const ACCESS_RIGHTS: Term[] = [
  ['PUBLIC', 'public', 'public'],
  ['RESTRICTED', 'restreint', 'restricted'],
  ['NON_PUBLIC', 'non public', 'non-public']
]

// The formats an open-data portal meets, out of the EU table's ~200 codes; English labels as in the table.
const FILE_TYPES: Term[] = [
  ['CSV', 'CSV', 'CSV'],
  ['TSV', 'TSV', 'TSV'],
  ['JSON', 'JSON', 'JSON'],
  ['GEOJSON', 'GeoJSON', 'GeoJSON'],
  ['JSON_LD', 'JSON-LD', 'JSON-LD'],
  ['XML', 'XML', 'XML'],
  ['YAML', 'YAML', 'YAML'],
  ['XLSX', 'Excel XLSX', 'Excel XLSX'],
  ['XLS', 'Excel XLS', 'Excel XLS'],
  ['ODS', 'ODS', 'ODS'],
  ['DBF', 'DBF', 'DBF'],
  ['MDB', 'MDB', 'MDB'],
  ['SQL', 'SQL', 'SQL'],
  ['PDF', 'PDF', 'PDF'],
  ['DOCX', 'Word DOCX', 'Word DOCX'],
  ['DOC', 'Word DOC', 'Word DOC'],
  ['ODT', 'ODT', 'ODT'],
  ['PPTX', 'PowerPoint PPTX', 'PowerPoint PPTX'],
  ['HTML', 'HTML', 'HTML'],
  ['TXT', 'Texte brut', 'Plain text'],
  ['ICS', 'iCalendar', 'ICalendar'],
  ['ZIP', 'ZIP', 'ZIP'],
  ['GZIP', 'GNU zip', 'GNU zip'],
  ['TAR_GZ', 'TAR GZ', 'TAR GZ'],
  ['7Z', '7z', '7z'],
  ['SHP', 'Esri Shape', 'Esri Shape'],
  ['KML', 'KML', 'KML'],
  ['KMZ', 'KMZ', 'KMZ'],
  ['GPKG', 'GeoPackage', 'GeoPackage'],
  ['GML', 'GML', 'GML'],
  ['DWG', 'DWG', 'DWG'],
  ['DXF', 'DXF', 'DXF'],
  ['GEOTIFF', 'GeoTIFF', 'GeoTIFF'],
  ['ECW', 'ECW', 'ECW'],
  ['GRID_ASCII', 'Grille ASCII Esri', 'Esri ASCII grid'],
  ['LAS', 'Fichier LAS', 'LASer file'],
  ['LAZ', 'Fichier LAS compressé', 'Compressed LAS file'],
  ['NETCDF', 'NetCDF', 'NetCDF'],
  ['HDF', 'HDF', 'HDF'],
  ['WMS_SRVC', 'WMS', 'WMS'],
  ['WFS_SRVC', 'WFS', 'WFS'],
  ['WCS_SRVC', 'WCS', 'WCS'],
  ['MAP_SRVC', 'Service de carte ArcGIS', 'ArcGIS Map Service'],
  ['REST', 'Esri REST', 'Esri REST'],
  ['GTFS', 'GTFS', 'GTFS'],
  ['RDF', 'RDF', 'RDF'],
  ['RDF_XML', 'RDF XML', 'RDF XML'],
  ['RDF_TURTLE', 'RDF Turtle', 'RDF Turtle'],
  ['RDF_N_TRIPLES', 'RDF N-Triples', 'RDF N-Triples'],
  ['RDF_N_QUADS', 'RDF N-Quads', 'RDF N-Quads'],
  ['RDF_TRIG', 'RDF TriG', 'RDF TriG'],
  ['N3', 'N3', 'N3'],
  ['SPARQLQ', 'SPARQL', 'SPARQL'],
  ['ATOM', 'Flux Atom', 'Atom Feed'],
  ['RSS', 'Flux RSS', 'RSS feed'],
  ['TIFF', 'TIFF', 'TIFF'],
  ['JPEG', 'JPEG', 'JPEG'],
  ['JPEG2000', 'JPEG 2000', 'JPEG 2000'],
  ['PNG', 'PNG', 'PNG'],
  ['GIF', 'GIF', 'GIF'],
  ['SVG', 'SVG', 'SVG'],
  ['OCTET', 'Flux d’octets', 'Octet Stream']
]

const LANGUAGES: Term[] = [
  ['FRA', 'français', 'French'],
  ['ENG', 'anglais', 'English'],
  ['DEU', 'allemand', 'German'],
  ['SPA', 'espagnol', 'Spanish'],
  ['ITA', 'italien', 'Italian'],
  ['NLD', 'néerlandais', 'Dutch'],
  ['POR', 'portugais', 'Portuguese'],
  ['POL', 'polonais', 'Polish'],
  ['CAT', 'catalan', 'Catalan'],
  ['BRE', 'breton', 'Breton'],
  ['OCI', 'occitan', 'Occitan'],
  ['EUS', 'basque', 'Basque'],
  ['COS', 'corse', 'Corsican'],
  ['ARA', 'arabe', 'Arabic'],
  ['ZHO', 'chinois', 'Chinese'],
  ['RUS', 'russe', 'Russian'],
  ['MUL', 'multilingue', 'multiple languages']
]

const PUBLISHER_TYPES: Term[] = [
  ['Academia-ScientificOrganisation', 'Organisme universitaire ou scientifique', 'Academia/Scientific organisation'],
  ['Company', 'Entreprise', 'Company'],
  ['IndustryConsortium', 'Consortium industriel', 'Industry consortium'],
  ['LocalAuthority', 'Collectivité locale', 'Local Authority'],
  ['NationalAuthority', 'Autorité nationale', 'National authority'],
  ['NonGovernmentalOrganisation', 'Organisation non gouvernementale', 'Non-Governmental Organisation'],
  ['NonProfitOrganisation', 'Organisation à but non lucratif', 'Non-Profit Organisation'],
  ['PrivateIndividual(s)', 'Particulier(s)', 'Private Individual(s)'],
  ['RegionalAuthority', 'Autorité régionale', 'Regional authority'],
  ['StandardisationBody', 'Organisme de normalisation', 'Standardisation body'],
  ['SupraNationalAuthority', 'Autorité supranationale', 'Supra-national authority']
]

/** Each vocabulary's terms and the namespace its URIs are `{base}{code}` in. */
const VOCABULARIES: ReadonlyArray<{ name: string, base: string, terms: Term[] }> = [
  { name: 'data-theme', base: `${EU}/data-theme/`, terms: DATA_THEMES },
  { name: 'frequency', base: `${EU}/frequency/`, terms: FREQUENCIES },
  { name: 'access-right', base: `${EU}/access-right/`, terms: ACCESS_RIGHTS },
  { name: 'file-type', base: `${EU}/file-type/`, terms: FILE_TYPES },
  { name: 'language', base: `${EU}/language/`, terms: LANGUAGES },
  { name: 'publisher-type', base: 'http://purl.org/adms/publishertype/', terms: PUBLISHER_TYPES }
]

export async function up (db: Kysely<any>): Promise<void> {
  for (const { name, base, terms } of VOCABULARIES) {
    await db.insertInto('vocabulary_terms').values(terms.map(([code, labelFr, labelEn]) => ({
      vocabulary: name, code, uri: `${base}${code}`, label_fr: labelFr, label_en: labelEn
    }))).execute()
  }
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.deleteFrom('vocabulary_terms').where('vocabulary', 'in', VOCABULARIES.map(v => v.name)).execute()
}
