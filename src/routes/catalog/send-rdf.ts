// Answers with an RDF document: Content-Type with charset, Vary, strong validators and 304, and for
// HEAD the same headers without a body (harvesters detect the format with HEAD).
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import { etagOf, etagOfText, notModified } from '../../http/conditional.js'
import type { FeedOptions, FeedProfile } from '../../dcat/feed.js'
import { contentType, renderRdf, serializeRdf, type QuadBatches, type RdfFormat } from '../../dcat/serialize/index.js'

export interface RdfDocument {
  format: RdfFormat
  /** `datagouv`: what data.gouv.fr's harvester can store; otherwise conformant DCAT-AP 3. */
  profile?: FeedProfile | undefined
  lastModified: Date
  /** Called once, when the body is rendered or streamed. */
  quads: (options: FeedOptions) => QuadBatches
}

/**
 * The mapping options of a profile. data.gouv.fr's harvester fails a dataset on a typed checksum and
 * reads no DQV, so its profile has plain checksums and no measurements (a lighter feed for its 15 MB budget).
 * @see ../../../../shared/notes/datagouv-harvester.md §3
 */
export function feedOptions (config: Config, profile: FeedProfile = 'dcat-ap'): FeedOptions {
  if (profile === 'datagouv') return { checksumValue: 'plain', quality: false }
  return { checksumValue: config.dcatChecksumDatatype ?? 'hexBinary', quality: true }
}

function start (reply: FastifyReply, format: RdfFormat): void {
  reply.header('vary', 'Accept').type(contentType(format))
}

/**
 * A bounded document (a page, one dataset), rendered whole: its ETag is the hash of the body itself,
 * and it leaves in one write with its Content-Length instead of one chunk per dataset.
 */
export async function sendRdf (request: FastifyRequest, reply: FastifyReply, config: Config, document: RdfDocument): Promise<FastifyReply> {
  start(reply, document.format)
  const body = await renderRdf(document.quads(feedOptions(config, document.profile)), document.format)
  if (notModified(request, reply, etagOfText(body), document.lastModified)) return reply.send()
  // Node leaves the body out of a HEAD response and keeps its Content-Length.
  return reply.send(body)
}

/**
 * The full catalogue, streamed as it is read: too large to render first, so its ETag hashes what the
 * body depends on (`version`), and HEAD serialises nothing.
 */
export function streamRdf (request: FastifyRequest, reply: FastifyReply, config: Config, document: RdfDocument & { version: unknown }): FastifyReply {
  const options = feedOptions(config, document.profile)
  start(reply, document.format)
  const etag = etagOf([document.format, options, document.version])
  if (notModified(request, reply, etag, document.lastModified)) return reply.send()
  // An empty stream, not an empty body: Fastify would announce Content-Length: 0 for the latter.
  if (request.method === 'HEAD') return reply.send(Readable.from([]))
  return reply.send(serializeRdf(document.quads(options), document.format))
}
