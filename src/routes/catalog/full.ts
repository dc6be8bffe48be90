// The whole catalogue in one document, read from the database in keyset chunks and serialised as it
// is read: memory holds at most one chunk, never the catalogue (SPEC §4, 50,000 datasets).
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Config } from '../../config.js'
import { listFeedDatasets, listFeedDistributions, referenceVersion, summarizeFeed } from '../../db/catalog.js'
import type { DB } from '../../db/types.js'
import { catalogQuads, type FeedProfile } from '../../dcat/feed.js'
import type { RdfFormat } from '../../dcat/serialize/index.js'
import type { DatasetView } from '../../dcat/types.js'
import { measurementsVersion, withMeasurements } from '../../quality/dqv.js'
import { feedOptions, streamRdf } from './send-rdf.js'
import { type ViewBuilder, viewBuilder } from './views.js'

const CHUNK = 50

interface Chunk {
  views: DatasetView[]
  /** The seq to read after, or null after the last chunk. */
  next: string | null
}

async function readChunk (db: Kysely<DB>, builder: ViewBuilder, after: string | null, size: number, quality: boolean): Promise<Chunk> {
  const rows = await listFeedDatasets(db, {}, after, size)
  const distributions = await listFeedDistributions(db, rows.map((row) => row.id))
  const last = rows.at(-1)
  const views = await builder.datasets(rows, distributions)
  return { views: quality ? await withMeasurements(db, views) : views, next: last === undefined || rows.length < size ? null : last.seq }
}

/**
 * Every published dataset, in chunks of `size` rows; the serializer pulls the next chunk when it needs
 * it. Each view is let go once handed over, so a chunk's rows die one by one as they are written:
 * held until the chunk's end, they lived long enough for V8 to move them to its old space, and the
 * heap grew with the catalogue until the next full collection.
 */
export async function * allDatasets (db: Kysely<DB>, builder: ViewBuilder, size = CHUNK, quality = false): AsyncGenerator<DatasetView> {
  let after: string | null = null
  do {
    const chunk = await readChunk(db, builder, after, size, quality)
    for (let view = chunk.views.shift(); view !== undefined; view = chunk.views.shift()) yield view
    after = chunk.next
  } while (after !== null)
}

export async function sendFullCatalog (request: FastifyRequest, reply: FastifyReply, config: Config, format: RdfFormat, profile?: FeedProfile): Promise<FastifyReply> {
  const { db } = request.server
  const summary = await summarizeFeed(db, {})
  const references = await referenceVersion(db, {})
  const quality = feedOptions(config, profile).quality === true
  const measurements = quality ? await measurementsVersion(db) : null
  const builder = viewBuilder(db, config)
  const catalog = await builder.catalog(null, summary.lastChange)
  const changes = [summary.lastChange, references.lastChange, measurements?.lastComputed ?? null].map((date) => date?.getTime() ?? 0)
  return streamRdf(request, reply, config, {
    format,
    profile,
    version: { catalog, summary, references, measurements },
    lastModified: new Date(Math.max(...changes)),
    quads: (options) => catalogQuads(catalog, allDatasets(db, builder, CHUNK, quality), null, options)
  })
}
