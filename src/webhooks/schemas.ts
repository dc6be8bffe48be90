// Webhook endpoints and their deliveries: JSON shapes and request bodies (issue 17). Inline schemas, used
// by the webhook routes only.
import { Type } from 'typebox'
import { HttpUrl, Slug, Timestamp, Uuid } from '../schemas/common.js'
import { Nullable } from '../schemas/distribution.js'
import { EVENT_TYPES } from '../events/schemas.js'

export const PING = 'webhook.ping'

const EventTypes = Type.Array(Type.Enum(EVENT_TYPES), {
  minItems: 1,
  maxItems: EVENT_TYPES.length,
  uniqueItems: true,
  description: `The events to receive: ${EVENT_TYPES.map(t => `\`${t}\``).join(', ')}. \`dataset.unpublished\` and \`*.deleted\` are tombstones.`,
  examples: [['dataset.created', 'dataset.updated', 'dataset.deleted']]
})

const Secret = Type.String({
  pattern: '^whsec_[A-Za-z0-9+/]+=*$',
  description: 'The signing secret (Standard Webhooks `whsec_` and base64 of 32 random bytes). Shown only in this answer: keep it.',
  examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']
})

export const Webhook = Type.Object({
  id: Uuid,
  url: Type.String({ format: 'uri' }),
  description: Nullable(Type.String()),
  eventTypes: Type.Array(Type.String()),
  publisher: Nullable({ ...Slug, description: 'Whose events it receives; null: every publisher\'s (an admin\'s endpoint).' }),
  enabled: Type.Boolean({ description: 'false once the endpoint answered 410 Gone: nothing more is sent to it.' }),
  disabledReason: Nullable(Type.String()),
  previousSecretUntil: Nullable({ ...Timestamp, description: 'After a rotation: until when the replaced secret also signs.' }),
  createdAt: Timestamp,
  updatedAt: Timestamp
}, { description: 'An endpoint that receives signed change events (Standard Webhooks 1.0). Its secret is never shown again.' })

export const CreatedWebhook = Type.Object({ ...Webhook.properties, secret: Secret }, { description: 'The endpoint, and its secret, shown this once.' })

export const WebhookList = Type.Object({
  items: Type.Array(Webhook),
  total: Type.Integer({ minimum: 0 })
}, { description: 'The endpoints the token manages: all for an admin, its publisher\'s for an editor.' })

export const CreateWebhook = Type.Object({
  url: { ...HttpUrl, description: 'Where events are POSTed; it must resolve to a public address.', examples: ['https://reuser.example.org/bastille-hook'] },
  eventTypes: EventTypes,
  description: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  publisher: Type.Optional({ ...Slug, description: 'An editor token registers for its own publisher (the default) only. An admin may name one, or leave it out to receive every publisher\'s events.' })
}, { additionalProperties: false, examples: [{ url: 'https://reuser.example.org/bastille-hook', eventTypes: ['dataset.created', 'dataset.updated', 'dataset.deleted'] }] })

export const RotatedSecret = Type.Object({
  secret: Secret,
  previousSecretUntil: Timestamp
}, { description: 'The new secret, shown this once; until `previousSecretUntil` both sign (two `v1,` signatures in `webhook-signature`).' })

const Attempt = Type.Object({
  at: Timestamp,
  status: Nullable(Type.Integer({ description: 'The HTTP status answered; null when none came (refused, timeout, connection error).' })),
  durationMs: Type.Integer({ minimum: 0 }),
  responseBody: Nullable(Type.String({ description: 'The first 1 KiB of the answer.' })),
  error: Nullable(Type.String())
})

export const Delivery = Type.Object({
  id: Uuid,
  webhookId: Type.String({ description: 'The `webhook-id` header: the same on every attempt and redelivery (an idempotency key).' }),
  type: Type.String({ examples: ['dataset.updated'] }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')], {
    description: '`pending` until a 2xx (`succeeded`), a 410 or the end of the retry schedule (`failed`).'
  }),
  nextAttemptAt: Nullable(Timestamp),
  payload: Type.Object({
    type: Type.String(),
    timestamp: Timestamp,
    data: Type.Object({}, { additionalProperties: true })
  }, { description: 'The body sent.' }),
  attempts: Type.Array(Attempt, { description: 'Every attempt, oldest first.' }),
  createdAt: Timestamp
}, { description: 'One message to one endpoint, and its attempts.' })

export const DeliveryList = Type.Object({
  items: Type.Array(Delivery),
  next: Nullable(Type.String({ format: 'uri', description: 'The next page, null on the last one.' }))
}, { description: 'The endpoint\'s deliveries, newest first.' })

export const WebhookParams = Type.Object({ id: { ...Uuid, description: 'The webhook endpoint id.' } }, { additionalProperties: false })
export const DeliveryParams = Type.Object({
  id: { ...Uuid, description: 'The webhook endpoint id.' },
  deliveryId: { ...Uuid, description: 'The delivery id.' }
}, { additionalProperties: false })

export const DeliveryQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Opaque; from `next`.' }))
}, { additionalProperties: false })

export const RedeliverRange = Type.Object({
  since: Timestamp,
  until: Timestamp
}, { additionalProperties: false, description: 'Every delivery created in [since, until) is sent again.', examples: [{ since: '2026-12-01T00:00:00Z', until: '2026-12-02T00:00:00Z' }] })

export const Redelivered = Type.Object({
  redelivered: Type.Integer({ minimum: 0, description: 'How many deliveries were queued again.' })
})
