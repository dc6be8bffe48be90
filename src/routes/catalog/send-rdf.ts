// Answers with an RDF document: Content-Type with charset, Vary, strong validators and 304, and for
// HEAD the same headers without serialising anything (harvesters detect the format with HEAD).
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import { etagOf, notModified } from '../../http/conditional.js'
import type { FeedOptions } from '../../dcat/feed.js'
import { contentType, serializeRdf, type QuadBatches, type RdfFormat } from '../../dcat/serialize/index.js'

export interface RdfDocument {
  format: RdfFormat
  /** Everything the body depends on (the views, the page): hashed into the ETag. */
  version: unknown
  lastModified: Date
  /** Called only when a body is sent. */
  quads: (options: FeedOptions) => QuadBatches
}

export function feedOptions (config: Config): FeedOptions {
  return { checksumValue: config.dcatChecksumDatatype ?? 'plain' }
}

export function sendRdf (request: FastifyRequest, reply: FastifyReply, config: Config, document: RdfDocument): FastifyReply {
  const options = feedOptions(config)
  reply.header('vary', 'Accept').type(contentType(document.format))
  const etag = etagOf([document.format, options.checksumValue, document.version])
  if (notModified(request, reply, etag, document.lastModified)) return reply.send()
  // An empty stream, not an empty body: Fastify would announce Content-Length: 0 for the latter.
  if (request.method === 'HEAD') return reply.send(Readable.from([]))
  return reply.send(serializeRdf(document.quads(options), document.format))
}
