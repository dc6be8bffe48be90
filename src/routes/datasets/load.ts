// Reading one dataset for a route: 404 for unknown or hidden drafts, 410 once deleted, and its
// representation with the validators (ETag, Last-Modified) every single resource carries.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.js'
import { findDataset, UUID, type DatasetRecord } from '../../db/datasets.js'
import { readDataset } from '../../db/dataset-read.js'
import { distributionsOf } from '../../db/distributions.js'
import { toDatasetDto, type DatasetDtoOptions } from '../../dto/dataset.js'
import { assertVisible } from '../../auth/permissions.js'
import { etagOf, etagOfText, notModified } from '../../http/conditional.js'
import { GoneError, NotFoundError } from '../../errors.js'
import type { Dataset } from '../../schemas/dataset.js'
import type { BodyCache, RenderedDataset } from '../../http/body-cache.js'

/** The live dataset the caller may see, locked with `forUpdate` inside a transaction. */
export async function loadDataset (db: Kysely<DB>, request: FastifyRequest, idOrSlug: string, forUpdate = false): Promise<DatasetRecord> {
  return visible(request, await findDataset(db, idOrSlug, forUpdate), idOrSlug)
}

/**
 * The JSON representation of the dataset the caller may see (with loadDataset()'s 404 and 410), serialised
 * by the route's 200 `application/json` schema, with its validators: taken from `bodies` when the database
 * reports the version it was rendered from, else rendered and kept there.
 */
export async function renderDataset (
  db: Kysely<DB>, request: FastifyRequest, reply: FastifyReply, idOrSlug: string, bodies: BodyCache, options: DatasetDtoOptions
): Promise<RenderedDataset> {
  const key = UUID.test(idOrSlug) ? idOrSlug.toLowerCase() : idOrSlug
  const cached = bodies.get(key)
  const found = visible(request, await readDataset(db, idOrSlug, cached?.version ?? null), idOrSlug)
  // The database leaves the dataset out only when it matched the version of `cached`.
  if (found.dataset === null) return cached!
  const body = toDatasetDto(found.dataset, found.dataset.distributions, options)
  const json = (reply.getSerializationFunction('200', 'application/json') as (body: Dataset) => string)(body)
  // etagOfText(json) equals etagOf(body), which the writes compare with If-Match: the DTO lists its fields
  // in the schema's order (test/routes/dataset-read.test.ts).
  return bodies.set(key, { version: found.version, body: Buffer.from(json), etag: etagOfText(json), lastModified: new Date(body.updatedAt) })
}

/** Sends a rendered dataset, or 304 when the client's copy is current. */
export function sendRendered (request: FastifyRequest, reply: FastifyReply, rendered: RenderedDataset): FastifyReply {
  if (notModified(request, reply, rendered.etag, rendered.lastModified)) return reply.send()
  return reply.send(rendered.body)
}

type Visibility = Pick<DatasetRecord, 'status' | 'publisher_id' | 'deleted_at'>

function visible<T extends Visibility> (request: FastifyRequest, row: T | undefined, idOrSlug: string): T {
  if (row === undefined) throw new NotFoundError('Dataset', idOrSlug)
  assertVisible(request.principal, { status: row.status, publisherId: row.publisher_id }, idOrSlug)
  if (row.deleted_at !== null) throw new GoneError('Dataset', idOrSlug)
  return row
}

export async function datasetDto (db: Kysely<DB>, row: DatasetRecord, options: DatasetDtoOptions): Promise<Dataset> {
  const distributions = (await distributionsOf(db, [row.id])).get(row.id) ?? []
  return toDatasetDto(row, distributions, options)
}

/** Sends a resource written by this request with its new validators. */
export function sendWritten<T extends { updatedAt: string }> (reply: FastifyReply, body: T, status = 200): FastifyReply {
  return reply.code(status)
    .header('etag', etagOf(body))
    .header('last-modified', new Date(body.updatedAt).toUTCString())
    .send(body)
}
