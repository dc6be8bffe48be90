// Webhook rows → API JSON. The secret never appears here: only creation and rotation show it, once.
import type { Static } from 'typebox'
import { messageId } from './send.js'
import type { AttemptRow, DeliveryRow, EndpointRow } from './tables.js'
import type { Delivery, Webhook } from './schemas.js'
import { iso } from '../dto/iso.js'

export function toWebhookDto (row: EndpointRow, now = new Date()): Static<typeof Webhook> {
  const until = row.previous_secret_until
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    publisher: row.publisher_id,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    previousSecretUntil: until !== null && new Date(until) > now ? iso(until) : null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at)
  }
}

export function toDeliveryDto (row: DeliveryRow, attempts: readonly AttemptRow[]): Static<typeof Delivery> {
  return {
    id: row.id,
    webhookId: messageId(row.id),
    type: row.type,
    status: row.status,
    nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    payload: JSON.parse(row.body),
    attempts: attempts.map(a => ({
      at: iso(a.attempted_at), status: a.status, durationMs: a.duration_ms, responseBody: a.response_body, error: a.error
    })),
    createdAt: iso(row.created_at)
  }
}
