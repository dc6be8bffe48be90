// Reading one dataset for a route: 404 for unknown or hidden drafts, 410 once deleted, and its
// representation with the validators (ETag, Last-Modified) every single resource carries.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.js'
import { findDataset, findDatasetWithDistributions, type DatasetRecord, type DatasetWithDistributions } from '../../db/datasets.js'
import { distributionsOf } from '../../db/distributions.js'
import { toDatasetDto, type DatasetDtoOptions } from '../../dto/dataset.js'
import { assertVisible } from '../../auth/permissions.js'
import { etagOf, etagOfText, notModified } from '../../http/conditional.js'
import { GoneError, NotFoundError } from '../../errors.js'
import type { Dataset } from '../../schemas/dataset.js'

/** The live dataset the caller may see, locked with `forUpdate` inside a transaction. */
export async function loadDataset (db: Kysely<DB>, request: FastifyRequest, idOrSlug: string, forUpdate = false): Promise<DatasetRecord> {
  return visible(request, await findDataset(db, idOrSlug, forUpdate), idOrSlug)
}

/** loadDataset() for a read, with the distributions fetched in the same query. */
export async function loadDatasetWithDistributions (db: Kysely<DB>, request: FastifyRequest, idOrSlug: string): Promise<DatasetWithDistributions> {
  return visible(request, await findDatasetWithDistributions(db, idOrSlug), idOrSlug)
}

function visible<T extends DatasetRecord> (request: FastifyRequest, row: T | undefined, idOrSlug: string): T {
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

/**
 * sendResource() with one serialisation instead of two: the body is serialised by the route's 200
 * `application/json` schema and the ETag hashes those bytes. It equals etagOf(body), which the writes'
 * If-Match compares, because the DTO lists its fields in the schema's order (test/routes/dataset-read.test.ts).
 */
export function sendSerialized<T> (request: FastifyRequest, reply: FastifyReply, body: T, lastModified: Date): FastifyReply {
  const json = (reply.getSerializationFunction('200', 'application/json') as (body: T) => string)(body)
  if (notModified(request, reply, etagOfText(json), lastModified)) return reply.send()
  return reply.send(json)
}
