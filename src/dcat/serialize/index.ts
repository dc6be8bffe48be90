// The one entry point that knows RDF syntaxes: quad batches in, a UTF-8 text stream out.
import { Readable } from 'node:stream'
import type { QuadBatches } from './group.js'
import type { RdfFormat } from './formats.js'
import { jsonLdChunks } from './jsonld.js'
import { n3Chunks } from './n3.js'
import { rdfXmlChunks } from './rdfxml.js'

export { contentType, isRdfFormat, negotiateRdfFormat, preferredRdfFormat, RDF_EXTENSIONS, RDF_FORMATS, type RdfFormat } from './formats.js'
export type { QuadBatches } from './group.js'

/**
 * Serialises quad batches (one per dataset, say) as they arrive, pulling the next batch only when
 * the reader keeps up; destroying the stream stops the source. Errors from the source destroy it.
 */
export function serializeRdf (batches: QuadBatches, format: RdfFormat): Readable {
  switch (format) {
    case 'ttl':
    case 'nt':
      return Readable.from(n3Chunks(batches, format), { objectMode: false })
    case 'rdf':
      return Readable.from(rdfXmlChunks(batches), { objectMode: false })
    case 'jsonld':
      return Readable.from(jsonLdChunks(batches), { objectMode: false })
  }
}
