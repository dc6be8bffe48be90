// The two metadata formats: unqualified Dublin Core (`oai_dc`, which every repository must offer) and
// DCAT-AP as RDF/XML (`dcat_ap`, piveau's default prefix), the latter from src/dcat's mapper and writer.
// @see ../../../shared/notes/future-features.md §2.5, §2.6
import type { FeedOptions } from '../dcat/feed.js'
import { datasetQuads } from '../dcat/feed.js'
import { renderRdf } from '../dcat/serialize/index.js'
import type { DatasetView } from '../dcat/types.js'
import { elements } from './xml.js'

export interface MetadataFormat { prefix: string, schema: string, namespace: string }

export const FORMATS: readonly MetadataFormat[] = [
  { prefix: 'oai_dc', schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd', namespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/' },
  // RDF/XML has no XML Schema: the syntax's specification stands in for it.
  { prefix: 'dcat_ap', schema: 'https://www.w3.org/TR/rdf-syntax-grammar/', namespace: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#' }
]
export const PREFIXES = FORMATS.map(format => format.prefix)

const DC_OPEN = '    <oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">\n'

const day = (date: Date | null): string | null => date === null ? null : date.toISOString().slice(0, 10)

export function dublinCore (view: DatasetView): string {
  const temporal = view.temporal === null ? null : `${view.temporal.start ?? '..'}/${view.temporal.end ?? '..'}`
  return DC_OPEN +
    elements('dc:title', [view.title]) +
    elements('dc:publisher', [view.publisher.name]) +
    elements('dc:description', [view.description]) +
    elements('dc:subject', [...view.themes.map(theme => theme.labelFr), ...view.keywords]) +
    elements('dc:date', [day(view.issued), day(view.modified)]) +
    elements('dc:type', ['Dataset']) +
    elements('dc:format', [...new Set(view.distributions.map(d => d.mediaType))]) +
    elements('dc:identifier', [view.uri, view.identifier === view.uri ? null : view.identifier]) +
    elements('dc:relation', [view.landingPage === view.uri ? null : view.landingPage]) +
    elements('dc:language', view.language.map(language => language.code.toLowerCase())) +
    elements('dc:coverage', [temporal, view.spatial?.uri]) +
    elements('dc:rights', [view.licence?.title, view.licence?.uri]) +
    '    </oai_dc:dc>\n'
}

/** One rdf:RDF document per record: piveau reads the first child of `metadata` as RDF/XML. */
export async function dcatAp (view: DatasetView, options: FeedOptions): Promise<string> {
  const document = await renderRdf([datasetQuads(view, options)], 'rdf')
  return document.replace(/^<\?xml[^>]*\?>\s*/, '')
}
