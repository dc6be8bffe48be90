// From log rows to what clients read: the reader's visibility, the resource URIs and the 410 rule.
import type { FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { CursorExpiredError } from '../errors.js'
import { comparePositions, decodeCursor, type Cursor } from './cursor.js'
import { prunedThrough, type EventReader, type EventRow } from './queries.js'

const PATHS: Record<EventRow['entity'], string> = {
  dataset: 'datasets', distribution: 'distributions', publisher: 'publishers', licence: 'licences'
}

export function eventUri (publicUrl: string, event: Pick<EventRow, 'entity' | 'entity_id'>): string {
  return `${publicUrl}/${PATHS[event.entity]}/${encodeURIComponent(event.entity_id)}`
}

export function readerOf (request: FastifyRequest): EventReader {
  const principal = request.principal
  if (principal?.role === 'admin') return { all: true }
  return { all: false, publisherId: principal?.publisherId ?? null }
}

/** The cursor of `after`, or 410 when events after it may have been pruned (the client must resync in full). */
export async function resumeFrom (db: Kysely<DB>, after: string, retentionDays: number, now: Date): Promise<Cursor> {
  const cursor = decodeCursor(after)
  const expired = new CursorExpiredError(`This cursor is older than the ${retentionDays}-day retention of the change log: ` +
    'read the catalogue in full again (GET /datasets), then follow /changes?after=latest taken just before')
  if (cursor.issuedAt < now.getTime() / 1000 - retentionDays * 86400) throw expired
  const pruned = await prunedThrough(db)
  if (pruned !== null && comparePositions(cursor, pruned) < 0) throw expired
  return cursor
}
