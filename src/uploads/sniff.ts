// What a file really is, from its first bytes: magic numbers for binaries, a look at the first KiB
// for text; the file name's extension only refines within what the bytes say (zip → xlsx…).
import path from 'node:path'

export interface Sniffed {
  /** IANA media type, without parameters. */
  mediaType: string
  /** EU file-type code, or null when the bytes do not say. */
  format: string | null
}

const OCTET_STREAM: Sniffed = { mediaType: 'application/octet-stream', format: null }

/** Containers whose kind the extension names: zip and OLE (old Office) files. */
const ZIP_KINDS: Record<string, Sniffed> = {
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', format: 'XLSX' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', format: 'DOCX' },
  pptx: { mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', format: 'PPTX' },
  ods: { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', format: 'ODS' },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', format: 'ODT' },
  kmz: { mediaType: 'application/vnd.google-earth.kmz', format: 'KMZ' }
}
const ZIP: Sniffed = { mediaType: 'application/zip', format: 'ZIP' }
const OLE_KINDS: Record<string, Sniffed> = {
  xls: { mediaType: 'application/vnd.ms-excel', format: 'XLS' },
  doc: { mediaType: 'application/msword', format: 'DOC' }
}

const MAGIC: Array<[Buffer, Sniffed]> = [
  [Buffer.from('%PDF-'), { mediaType: 'application/pdf', format: 'PDF' }],
  [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), { mediaType: 'image/png', format: 'PNG' }],
  [Buffer.from([0xff, 0xd8, 0xff]), { mediaType: 'image/jpeg', format: 'JPEG' }],
  [Buffer.from('GIF87a'), { mediaType: 'image/gif', format: 'GIF' }],
  [Buffer.from('GIF89a'), { mediaType: 'image/gif', format: 'GIF' }],
  [Buffer.from([0x1f, 0x8b]), { mediaType: 'application/gzip', format: 'GZIP' }],
  [Buffer.from('PAR1'), { mediaType: 'application/vnd.apache.parquet', format: 'PARQUET' }]
]
const ZIP_MAGIC = [Buffer.from('PK\x03\x04'), Buffer.from('PK\x05\x06')]
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])

/** Plain-text kinds the extension may name once the bytes are known to be text. */
const TEXT_KINDS: Record<string, Sniffed> = {
  csv: { mediaType: 'text/csv', format: 'CSV' },
  tsv: { mediaType: 'text/tab-separated-values', format: 'TSV' },
  txt: { mediaType: 'text/plain', format: 'TXT' },
  md: { mediaType: 'text/markdown', format: 'MARKDOWN' },
  ttl: { mediaType: 'text/turtle', format: 'RDF_TURTLE' },
  nt: { mediaType: 'application/n-triples', format: 'RDF_N_TRIPLES' }
}
const XML_KINDS: Record<string, Sniffed> = {
  kml: { mediaType: 'application/vnd.google-earth.kml+xml', format: 'KML' },
  gml: { mediaType: 'application/gml+xml', format: 'GML' },
  gpx: { mediaType: 'application/gpx+xml', format: 'GPX' },
  rdf: { mediaType: 'application/rdf+xml', format: 'RDF_XML' }
}
const CSV: Sniffed = { mediaType: 'text/csv', format: 'CSV' }
const TEXT: Sniffed = { mediaType: 'text/plain', format: 'TXT' }
const HTML: Sniffed = { mediaType: 'text/html', format: 'HTML' }
const SVG: Sniffed = { mediaType: 'image/svg+xml', format: 'SVG' }
const XML: Sniffed = { mediaType: 'application/xml', format: 'XML' }
const JSON_TYPE: Sniffed = { mediaType: 'application/json', format: 'JSON' }
const GEOJSON: Sniffed = { mediaType: 'application/geo+json', format: 'GEOJSON' }

// Tags with which browsers recognise HTML (WHATWG MIME Sniffing §7.1), and active tags anywhere.
const HTML_START = /^<(!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)[\s>]/i
const ACTIVE_ANYWHERE = /<(html|script|iframe|object|embed)[\s>/]/i
const SVG_TAG = /<svg[\s>]/i
const GEOJSON_TYPE = /"type"\s*:\s*"(FeatureCollection|Feature)"/

/** The lower-case extension of a client file name, or '' (the name is only ever used as a hint). */
export function extensionOf (fileName: string | null): string {
  return path.extname(fileName ?? '').slice(1).toLowerCase()
}

function startsWith (sample: Buffer, magic: Buffer): boolean {
  return sample.length >= magic.length && sample.subarray(0, magic.length).equals(magic)
}

/** Text has no NUL and no C0 control besides tab, line feeds and form feed. */
function isText (sample: Buffer): boolean {
  for (const byte of sample) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) return false
  }
  return true
}

/** Every complete line splits into the same number (≥ 2) of cells on one delimiter. */
function looksDelimited (text: string, complete: boolean): boolean {
  const lines = text.split(/\r?\n/)
  if (!complete) lines.pop()
  const rows = lines.filter(line => line.trim() !== '').map(line => line.replace(/"[^"]*"/g, '""'))
  if (rows.length < 2) return false
  return [',', ';', '\t', '|'].some(delimiter => {
    const counts = rows.map(row => row.split(delimiter).length - 1)
    return counts[0]! > 0 && counts.every(count => count === counts[0])
  })
}

function sniffText (sample: Buffer, extension: string, complete: boolean): Sniffed {
  const text = sample.toString('utf8').replace(/^\uFEFF/, '')
  const head = text.trimStart()
  if (HTML_START.test(head) || ACTIVE_ANYWHERE.test(text)) return HTML
  if (head.startsWith('<')) {
    if (SVG_TAG.test(head)) return SVG
    return XML_KINDS[extension] ?? XML
  }
  if (head.startsWith('{') || head.startsWith('[')) {
    return GEOJSON_TYPE.test(head) || extension === 'geojson' ? GEOJSON : JSON_TYPE
  }
  const named = TEXT_KINDS[extension]
  if (named !== undefined) return named
  return looksDelimited(text, complete) ? CSV : TEXT
}

/**
 * Media type and EU file-type code of a file from its first bytes.
 * @param complete true when the sample is the whole file (its last line is not cut).
 */
export function sniff (sample: Buffer, fileName: string | null, complete: boolean): Sniffed {
  const extension = extensionOf(fileName)
  if (sample.length === 0) return OCTET_STREAM
  for (const [magic, kind] of MAGIC) if (startsWith(sample, magic)) return kind
  if (ZIP_MAGIC.some(magic => startsWith(sample, magic))) return ZIP_KINDS[extension] ?? ZIP
  if (startsWith(sample, OLE_MAGIC)) return OLE_KINDS[extension] ?? OCTET_STREAM
  return isText(sample) ? sniffText(sample, extension, complete) : OCTET_STREAM
}

/** Active content a browser could run: never served inline from the API origin. */
export function isActiveContent (mediaType: string): boolean {
  const essence = mediaType.split(';')[0]!.trim().toLowerCase()
  return essence === 'text/html' || essence === 'application/xhtml+xml' || essence.endsWith('/xml') ||
    essence.endsWith('+xml') || essence.includes('javascript') || essence.includes('ecmascript')
}
