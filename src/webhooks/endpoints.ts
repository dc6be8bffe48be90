// Webhook endpoint rows: who sees which, their writes, and the secret rotation.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { withWebhooks, type EndpointRow } from './tables.js'

/** How long a replaced secret keeps signing next to the new one. */
export const ROTATION_OVERLAP_HOURS = 24

export interface NewEndpoint {
  publisherId: string | null
  url: string
  description: string | null
  eventTypes: string[]
  secret: string
}

export async function insertEndpoint (db: Kysely<DB>, values: NewEndpoint): Promise<EndpointRow> {
  return withWebhooks(db).insertInto('webhook_endpoints').values({
    publisher_id: values.publisherId,
    url: values.url,
    description: values.description,
    event_types: values.eventTypes,
    secret: values.secret
  }).returningAll().executeTakeFirstOrThrow()
}

/** undefined lists every endpoint (admin); a publisher id, that publisher's. */
export async function listEndpoints (db: Kysely<DB>, publisherId: string | undefined): Promise<EndpointRow[]> {
  let query = withWebhooks(db).selectFrom('webhook_endpoints').selectAll().orderBy('created_at').orderBy('id')
  if (publisherId !== undefined) query = query.where('publisher_id', '=', publisherId)
  return query.execute()
}

export async function findEndpoint (db: Kysely<DB>, id: string): Promise<EndpointRow | undefined> {
  return withWebhooks(db).selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The endpoints of these ids, by id. */
export async function endpointsById (db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, EndpointRow>> {
  if (ids.length === 0) return new Map()
  const rows = await withWebhooks(db).selectFrom('webhook_endpoints').selectAll().where('id', 'in', [...new Set(ids)]).execute()
  return new Map(rows.map(row => [row.id, row]))
}

export async function deleteEndpoint (db: Kysely<DB>, id: string): Promise<void> {
  await withWebhooks(db).deleteFrom('webhook_endpoints').where('id', '=', id).execute()
}

/** Makes `secret` the signing one; the current one keeps signing for the overlap. */
export async function rotateSecret (db: Kysely<DB>, id: string, secret: string): Promise<EndpointRow> {
  return withWebhooks(db).updateTable('webhook_endpoints').set({
    previous_secret: sql`secret`,
    previous_secret_until: sql`now() + make_interval(hours => ${ROTATION_OVERLAP_HOURS})`,
    secret,
    updated_at: sql`now()`
  }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
}

export async function disableEndpoint (db: Kysely<DB>, id: string, reason: string): Promise<void> {
  await withWebhooks(db).updateTable('webhook_endpoints')
    .set({ enabled: false, disabled_reason: reason, updated_at: sql`now()` })
    .where('id', '=', id).execute()
}

/** The secrets a message is signed with now: the current one, and the replaced one during its overlap. */
export function signingSecrets (endpoint: Pick<EndpointRow, 'secret' | 'previous_secret' | 'previous_secret_until'>, now = new Date()): string[] {
  const { previous_secret: previous, previous_secret_until: until } = endpoint
  return previous !== null && until !== null && new Date(until) > now ? [endpoint.secret, previous] : [endpoint.secret]
}
