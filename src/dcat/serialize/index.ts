// The one entry point that knows RDF syntaxes: quad batches in, a UTF-8 text stream out.
import { Readable } from 'node:stream'
import type { QuadBatches } from './group.js'
import type { RdfFormat } from './formats.js'
import { jsonLdChunks } from './jsonld.js'
import { n3Chunks } from './n3.js'
import { rdfXmlChunks } from './rdfxml.js'

export { contentType, isRdfFormat, negotiateRdfFormat, preferredRdfFormat, RDF_EXTENSIONS, RDF_FORMATS, type RdfFormat } from './formats.js'
export type { QuadBatches } from './group.js'

function rdfChunks (batches: QuadBatches, format: RdfFormat): AsyncGenerator<string> {
  switch (format) {
    case 'ttl':
    case 'nt':
      return n3Chunks(batches, format)
    case 'rdf':
      return rdfXmlChunks(batches)
    case 'jsonld':
      return jsonLdChunks(batches)
  }
}

/**
 * Serialises quad batches (one per dataset, say) as they arrive, pulling the next batch only when
 * the reader keeps up; destroying the stream stops the source. Errors from the source destroy it.
 */
export function serializeRdf (batches: QuadBatches, format: RdfFormat): Readable {
  return Readable.from(rdfChunks(batches, format), { objectMode: false })
}

/** The whole document as one string, for documents small enough to hold: a page, one dataset. */
export async function renderRdf (batches: QuadBatches, format: RdfFormat): Promise<string> {
  let text = ''
  for await (const chunk of rdfChunks(batches, format)) text += chunk
  return text
}
