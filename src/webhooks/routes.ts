// /webhooks: a publisher's editor registers endpoints for its own publisher's events, an admin for one
// publisher's or everyone's; others' endpoints answer 404. The secret is shown on creation and rotation only.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import type { Config } from '../config.js'
import type { DB } from '../db/types.js'
import { findPublisher } from '../db/publishers.js'
import { assertCanWrite } from '../auth/permissions.js'
import { ConflictError, invalid, NotFoundError } from '../errors.js'
import { checkUrl, OutboundRefusedError } from '../outbound/policy.js'
import { problems } from '../schemas/common.js'
import { insertDeliveries } from './deliveries.js'
import { toDeliveryDto, toWebhookDto } from './dto.js'
import { deleteEndpoint, findEndpoint, insertEndpoint, listEndpoints, rotateSecret } from './endpoints.js'
import { CreatedWebhook, CreateWebhook, Delivery, PING, RotatedSecret, Webhook, WebhookList, WebhookParams } from './schemas.js'
import { newSecret } from './signature.js'
import type { EndpointRow } from './tables.js'

export const TAG = 'webhooks'
export const security = [{ bearer: [] }]

export interface WebhookRoutesOptions { config: Config, wake: () => void }

/** The endpoint the caller may manage; others' endpoints answer like unknown ones. */
export async function loadEndpoint (db: Kysely<DB>, request: FastifyRequest, id: string): Promise<EndpointRow> {
  const row = await findEndpoint(db, id)
  const principal = request.principal!
  if (row === undefined || (principal.role !== 'admin' && principal.publisherId !== row.publisher_id)) throw new NotFoundError('Webhook', id)
  return row
}

/** 409 for an endpoint disabled by a 410: nothing is sent to it any more. */
export function assertEnabled (row: EndpointRow): void {
  if (!row.enabled) throw new ConflictError(`Webhook ${row.id} is disabled (${row.disabled_reason ?? 'no reason'}); register the endpoint again`)
}

const webhooks: FastifyPluginAsyncTypebox<WebhookRoutesOptions> = async (app, { config, wake }) => {
  const policy = { allowPrivate: config.outboundAllowPrivate === true }

  app.get('/webhooks', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'listWebhooks',
      summary: 'List the webhook endpoints the token manages',
      security,
      response: { 200: WebhookList, ...problems(401) }
    }
  }, async request => {
    const principal = request.principal!
    const rows = await listEndpoints(app.db, principal.role === 'admin' ? undefined : principal.publisherId)
    return { items: rows.map(row => toWebhookDto(row)), total: rows.length }
  })

  app.post('/webhooks', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'createWebhook',
      summary: 'Register an endpoint to receive change events',
      description: 'Events of the chosen types are POSTed to the URL, signed per Standard Webhooks 1.0 (`webhook-id`, ' +
        '`webhook-timestamp`, `webhook-signature`) with the secret answered here, once. An editor\'s endpoint receives its ' +
        'publisher\'s events only (its drafts\' included); an admin\'s, one publisher\'s or every one\'s. The URL must ' +
        'resolve to a public address unless the server sets `OUTBOUND_ALLOW_PRIVATE=true` (422 otherwise).',
      security,
      body: CreateWebhook,
      response: { 201: CreatedWebhook, ...problems(400, 401, 403, 422) }
    }
  }, async (request, reply) => {
    const { body } = request
    const principal = request.principal!
    const publisherId = body.publisher ?? principal.publisherId
    if (publisherId !== null) {
      assertCanWrite(principal, publisherId)
      if (await findPublisher(app.db, publisherId) === undefined) throw invalid('body/publisher', `${publisherId} is not a publisher`)
    }
    try {
      await checkUrl(policy, body.url)
    } catch (err) {
      throw err instanceof OutboundRefusedError ? invalid('body/url', err.message) : err
    }
    const secret = newSecret()
    const row = await insertEndpoint(app.db, {
      publisherId, url: new URL(body.url).href, description: body.description ?? null, eventTypes: body.eventTypes, secret
    })
    return reply.code(201).header('location', `${config.publicUrl}/webhooks/${row.id}`).send({ ...toWebhookDto(row), secret })
  })

  app.get('/webhooks/:id', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'getWebhook',
      summary: 'Read a webhook endpoint (without its secret)',
      security,
      params: WebhookParams,
      response: { 200: Webhook, ...problems(400, 401, 404) }
    }
  }, async request => toWebhookDto(await loadEndpoint(app.db, request, request.params.id)))

  app.delete('/webhooks/:id', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'deleteWebhook',
      summary: 'Delete a webhook endpoint',
      description: 'Its pending deliveries and their log go with it.',
      security,
      params: WebhookParams,
      response: { 204: Type.Null({ description: 'Deleted.' }), ...problems(400, 401, 404) }
    }
  }, async (request, reply) => {
    await deleteEndpoint(app.db, (await loadEndpoint(app.db, request, request.params.id)).id)
    return reply.code(204).send(null)
  })

  app.post('/webhooks/:id/rotate-secret', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'rotateWebhookSecret',
      summary: 'Replace the signing secret',
      description: 'The new secret is answered once. For 24 hours the replaced one signs too, so the receiver can switch without losing a message.',
      security,
      params: WebhookParams,
      response: { 200: RotatedSecret, ...problems(400, 401, 404) }
    }
  }, async request => {
    const current = await loadEndpoint(app.db, request, request.params.id)
    const secret = newSecret()
    const row = await rotateSecret(app.db, current.id, secret)
    return { secret, previousSecretUntil: new Date(row.previous_secret_until!).toISOString() }
  })

  app.post('/webhooks/:id/ping', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'pingWebhook',
      summary: 'Send a test event',
      description: `Queues a \`${PING}\` message, signed and retried like any other; follow it in the deliveries. 409 when the endpoint is disabled.`,
      security,
      params: WebhookParams,
      response: { 202: Delivery, ...problems(400, 401, 404, 409) }
    }
  }, async (request, reply) => {
    const endpoint = await loadEndpoint(app.db, request, request.params.id)
    assertEnabled(endpoint)
    const body = JSON.stringify({
      type: PING,
      timestamp: new Date().toISOString(),
      data: { id: endpoint.id, uri: `${config.publicUrl}/webhooks/${endpoint.id}` }
    })
    const [delivery] = await insertDeliveries(app.db, [{ endpointId: endpoint.id, eventSeq: null, type: PING, body }])
    wake()
    return reply.code(202).send(toDeliveryDto(delivery!, []))
  })
}

export default webhooks
