// The whole catalogue in one document, read from the database in keyset chunks and serialised as it
// is read: memory holds one chunk, never the catalogue (SPEC §4, 50,000 datasets).
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Config } from '../../config.js'
import { listFeedDatasets, listFeedDistributions, referenceVersion, summarizeFeed } from '../../db/catalog.js'
import type { DB } from '../../db/types.js'
import { catalogQuads } from '../../dcat/feed.js'
import type { RdfFormat } from '../../dcat/serialize/index.js'
import type { DatasetView } from '../../dcat/types.js'
import { sendRdf } from './send-rdf.js'
import { type ViewBuilder, viewBuilder } from './views.js'

const CHUNK = 50

/** Every published dataset, CHUNK rows at a time; the serializer pulls the next chunk when it needs it. */
export async function * allDatasets (db: Kysely<DB>, builder: ViewBuilder, chunk = CHUNK): AsyncGenerator<DatasetView> {
  let after: string | null = null
  for (;;) {
    const rows = await listFeedDatasets(db, {}, after, chunk)
    const distributions = await listFeedDistributions(db, rows.map((row) => row.id))
    yield * await builder.datasets(rows, distributions)
    const last = rows.at(-1)
    if (last === undefined || rows.length < chunk) return
    after = last.seq
  }
}

export async function sendFullCatalog (request: FastifyRequest, reply: FastifyReply, config: Config, format: RdfFormat): Promise<FastifyReply> {
  const { db } = request.server
  const summary = await summarizeFeed(db, {})
  const references = await referenceVersion(db, {})
  const builder = viewBuilder(db, config)
  const catalog = await builder.catalog(null, summary.lastChange)
  const changes = [summary.lastChange, references.lastChange].map((date) => date?.getTime() ?? 0)
  return sendRdf(request, reply, config, {
    format,
    version: { catalog, summary, references },
    lastModified: new Date(Math.max(...changes)),
    quads: (options) => catalogQuads(catalog, allDatasets(db, builder), null, options)
  })
}
