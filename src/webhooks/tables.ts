// The webhook tables (migrations/2026_12_06_0101_webhooks.ts), typed for Kysely here rather than in
// src/db/types.ts: only this folder reads or writes them.
import type { ColumnType, Kysely, Selectable } from 'kysely'
import type { DB } from '../db/types.js'

type Generated<T> = ColumnType<T, T | undefined, T>
type Timestamp = ColumnType<Date, Date | string, Date | string>

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed'

export type WebhookTables = {
  webhook_endpoints: {
    id: Generated<string>
    publisher_id: string | null
    url: string
    description: string | null
    event_types: string[]
    secret: string
    previous_secret: string | null
    previous_secret_until: Timestamp | null
    enabled: Generated<boolean>
    disabled_reason: string | null
    created_at: Generated<Date>
    updated_at: Generated<Date>
  }
  webhook_deliveries: {
    id: Generated<string>
    endpoint_id: string
    event_seq: string | null
    type: string
    body: string
    status: Generated<DeliveryStatus>
    attempts: Generated<number>
    next_attempt_at: Generated<Date>
    lease_owner: string | null
    lease_expires_at: Timestamp | null
    created_at: Generated<Date>
    updated_at: Generated<Date>
  }
  webhook_attempts: {
    id: Generated<string>
    delivery_id: string
    attempted_at: Generated<Date>
    status: number | null
    duration_ms: number
    response_body: string | null
    error: string | null
  }
}

export type WebhookDB = DB & WebhookTables
export type EndpointRow = Selectable<WebhookTables['webhook_endpoints']>
export type DeliveryRow = Selectable<WebhookTables['webhook_deliveries']>
export type AttemptRow = Selectable<WebhookTables['webhook_attempts']>

export const withWebhooks = (db: Kysely<DB>): Kysely<WebhookDB> => db.withTables<WebhookTables>()
