// From the change log to deliveries: one node at a time (the webhook_fanout row, FOR UPDATE SKIP LOCKED)
// reads the events after its position, as GET /changes serves them, makes a delivery of each for every
// enabled endpoint that wants its type and may see it, and moves the position on in the same transaction,
// so each event becomes each delivery exactly once, whichever node does it.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import type { DatasetDtoOptions } from '../dto/dataset.js'
import { encodeCursor, type Position } from '../events/cursor.js'
import { currentEtags } from '../events/etags.js'
import { eventUri } from '../events/items.js'
import { eventsAfter, type EventReader, type EventRow } from '../events/queries.js'
import { insertDeliveries, type NewDelivery } from './deliveries.js'
import { withWebhooks, type EndpointRow } from './tables.js'

/**
 * An endpoint receives an event of a type it asked for, once registered, and only of its own publisher
 * (its datasets, their distributions, the publisher itself) unless it is an admin's. Drafts' events go to
 * their own publisher only, as in GET /changes; the payload is thin, so no content leaves with them.
 */
export function wants (endpoint: EndpointRow, event: EventRow): boolean {
  return endpoint.event_types.includes(event.type) &&
    (endpoint.publisher_id === null || endpoint.publisher_id === event.publisher_id) &&
    new Date(event.occurred_at) >= new Date(endpoint.created_at)
}

const readerOf = (endpoint: EndpointRow): EventReader =>
  endpoint.publisher_id === null ? { all: true } : { all: false, publisherId: endpoint.publisher_id }

/** The Standard Webhooks payload: `{type, timestamp, data}`, `data` being the /changes item's fields. */
export function payloadOf (event: EventRow, etag: string | null, publicUrl: string, now: Date): string {
  return JSON.stringify({
    type: event.type,
    timestamp: new Date(event.occurred_at).toISOString(),
    data: { id: event.entity_id, uri: eventUri(publicUrl, event), etag, cursor: encodeCursor(event, now) }
  })
}

/** Makes deliveries of up to `limit` events; the number of events read, or null when another node is at it. */
export async function fanOut (db: Kysely<DB>, dto: DatasetDtoOptions, limit = 200): Promise<number | null> {
  return db.transaction().execute(async trx => {
    const { rows: [at] } = await sql<Position>`SELECT after_xid::text AS xid, after_seq::text AS seq
      FROM webhook_fanout WHERE id = 1 FOR UPDATE SKIP LOCKED`.execute(trx)
    if (at === undefined) return null
    const events = await eventsAfter(trx, at, { reader: { all: true } }, limit)
    const last = events.at(-1)
    if (last === undefined) return 0
    const endpoints = await withWebhooks(trx).selectFrom('webhook_endpoints').selectAll().where('enabled', '=', true).execute()
    const now = new Date()
    const deliveries: NewDelivery[] = []
    for (const endpoint of endpoints) {
      const wanted = events.filter(event => wants(endpoint, event))
      if (wanted.length === 0) continue
      const etags = await currentEtags(trx, wanted, readerOf(endpoint), dto)
      for (const event of wanted) {
        const etag = etags.get(`${event.entity}:${event.entity_id}`) ?? null
        deliveries.push({ endpointId: endpoint.id, eventSeq: event.seq, type: event.type, body: payloadOf(event, etag, dto.publicUrl, now) })
      }
    }
    await insertDeliveries(trx, deliveries)
    await sql`UPDATE webhook_fanout SET after_xid = ${last.xid}::xid8, after_seq = ${last.seq}::bigint WHERE id = 1`.execute(trx)
    return events.length
  })
}
