// Idempotent writes to slug-identified resources (publishers, licences): PUT creates or replaces, PATCH
// merges, both under If-Match, and neither touches a row whose values would not change.
import { isDeepStrictEqual } from 'node:util'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { NotFoundError } from '../errors.js'
import { checkIfMatch, etagOf } from './conditional.js'

/** The queries of one table, and the ETag of a row's JSON representation. */
export interface Store<Row, Values> {
  /** Resource name for 404 problems, e.g. `Publisher`. */
  name: string
  find: (db: Kysely<DB>, id: string, forUpdate: boolean) => Promise<Row | undefined>
  /** undefined when the id is already taken. */
  insert: (db: Kysely<DB>, id: string, values: Values) => Promise<Row | undefined>
  update: (db: Kysely<DB>, id: string, values: Values) => Promise<Row>
  valuesOf: (row: Row) => Values
  etag: (row: Row) => string
}

async function save<Row, Values> (trx: Kysely<DB>, store: Store<Row, Values>, id: string, current: Row, values: Values): Promise<Row> {
  if (isDeepStrictEqual(store.valuesOf(current), values)) return current
  return store.update(trx, id, values)
}

/** PUT: creates the row, or replaces it; replaying the same PUT changes nothing, `updatedAt` included. */
export async function createOrReplace<Row, Values> (
  db: Kysely<DB>, store: Store<Row, Values>, request: FastifyRequest, id: string, values: Values
): Promise<{ row: Row, created: boolean }> {
  return db.transaction().execute(async trx => {
    const current = await store.find(trx, id, true)
    checkIfMatch(request, current === undefined ? null : store.etag(current))
    if (current !== undefined) return { row: await save(trx, store, id, current, values), created: false }
    const inserted = await store.insert(trx, id, values)
    if (inserted !== undefined) return { row: inserted, created: true }
    // Another request created it between our read and our insert: replace what it wrote.
    const raced = await store.find(trx, id, true)
    if (raced === undefined) throw new NotFoundError(store.name, id)
    return { row: await save(trx, store, id, raced, values), created: false }
  })
}

/** PATCH: applies `merge` to the current values; 404 when absent, 412 when If-Match is stale. */
export async function patchExisting<Row, Values> (
  db: Kysely<DB>, store: Store<Row, Values>, request: FastifyRequest, id: string, merge: (current: Values) => Values
): Promise<Row> {
  return db.transaction().execute(async trx => {
    const current = await store.find(trx, id, true)
    if (current === undefined) throw new NotFoundError(store.name, id)
    checkIfMatch(request, store.etag(current))
    return save(trx, store, id, current, merge(store.valuesOf(current)))
  })
}

/** Sends a resource just written, with the validators a GET of it would give. */
export function sendWritten<T> (reply: FastifyReply, body: T, updatedAt: Date, status: number): FastifyReply {
  return reply.code(status).header('etag', etagOf(body)).header('last-modified', updatedAt.toUTCString()).send(body)
}
