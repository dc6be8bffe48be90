// /webhooks/{id}/deliveries: the log of every message to an endpoint and its attempts, paged newest first,
// and redelivery of one message or of a time range (same webhook-id and body, so receivers can dedupe).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import { BadRequestError, NotFoundError, invalid } from '../errors.js'
import { problems } from '../schemas/common.js'
import { attemptsOf, findDelivery, listDeliveries, redeliver, type DeliveryKey } from './deliveries.js'
import { toDeliveryDto } from './dto.js'
import { assertEnabled, loadEndpoint, security, TAG } from './routes.js'
import { Delivery, DeliveryList, DeliveryParams, DeliveryQuery, RedeliverRange, Redelivered, WebhookParams } from './schemas.js'

function encodeKey (key: DeliveryKey): string {
  return Buffer.from(JSON.stringify({ c: key.createdAt, i: key.id })).toString('base64url')
}

/** The position a cursor names; 400 when it is not one this service issued. */
function decodeKey (cursor: string): DeliveryKey {
  let json: { c?: unknown, i?: unknown } | null
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    json = null
  }
  if (json === null || typeof json !== 'object' || typeof json.c !== 'string' || Number.isNaN(Date.parse(json.c)) ||
    typeof json.i !== 'string' || !/^[0-9a-f-]{36}$/.test(json.i)) {
    throw new BadRequestError('The cursor is malformed; use the `next` link of a previous page')
  }
  return { createdAt: json.c, id: json.i }
}

function nextUrl (request: FastifyRequest, publicUrl: string, cursor: string): string {
  const url = new URL(request.url, 'http://localhost')
  url.searchParams.set('cursor', cursor)
  return `${publicUrl}${url.pathname}?${url.searchParams.toString()}`
}

const deliveries: FastifyPluginAsyncTypebox<{ config: Config, wake: () => void }> = async (app, { config, wake }) => {
  app.get('/webhooks/:id/deliveries', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'listWebhookDeliveries',
      summary: 'The messages sent to an endpoint, and every attempt',
      description: 'Newest first; each with its status, next attempt, body and attempts (HTTP status, duration, the first ' +
        '1 KiB of the answer, error). Attempts are kept 30 days.',
      security,
      params: WebhookParams,
      querystring: DeliveryQuery,
      response: { 200: DeliveryList, ...problems(400, 401, 404) }
    }
  }, async request => {
    const endpoint = await loadEndpoint(app.db, request, request.params.id)
    const { limit, cursor } = request.query
    const page = await listDeliveries(app.db, endpoint.id, cursor === undefined ? undefined : decodeKey(cursor), limit)
    const last = page.rows.at(-1)
    return {
      items: page.rows.map(row => toDeliveryDto(row, page.attempts.get(row.id)!)),
      next: page.more && last !== undefined ? nextUrl(request, config.publicUrl, encodeKey({ createdAt: last.key, id: last.id })) : null
    }
  })

  app.post('/webhooks/:id/deliveries/:deliveryId/redeliver', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'redeliverWebhookDelivery',
      summary: 'Send one message again',
      description: 'Queued now, with the same `webhook-id` and body, and retried on failure. 409 when the endpoint is disabled.',
      security,
      params: DeliveryParams,
      response: { 202: Delivery, ...problems(400, 401, 404, 409) }
    }
  }, async (request, reply) => {
    const endpoint = await loadEndpoint(app.db, request, request.params.id)
    if (await findDelivery(app.db, endpoint.id, request.params.deliveryId) === undefined) throw new NotFoundError('Delivery', request.params.deliveryId)
    assertEnabled(endpoint)
    const [row] = await redeliver(app.db, endpoint.id, { id: request.params.deliveryId })
    wake()
    return reply.code(202).send(toDeliveryDto(row!, (await attemptsOf(app.db, [row!.id])).get(row!.id)!))
  })

  app.post('/webhooks/:id/redeliver', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'redeliverWebhookRange',
      summary: 'Send again every message of a time range',
      description: 'Every delivery created in [since, until), whatever its status, is queued again with its `webhook-id` and ' +
        'body (receivers drop those they have). Only what the delivery log still holds (30 days). 409 when the endpoint is disabled.',
      security,
      params: WebhookParams,
      body: RedeliverRange,
      response: { 202: Redelivered, ...problems(400, 401, 404, 409, 422) }
    }
  }, async (request, reply) => {
    const endpoint = await loadEndpoint(app.db, request, request.params.id)
    const { since, until } = request.body
    if (Date.parse(until) <= Date.parse(since)) throw invalid('body/until', 'must be after since')
    assertEnabled(endpoint)
    const rows = await redeliver(app.db, endpoint.id, { since, until })
    wake()
    return reply.code(202).send({ redelivered: rows.length })
  })
}

export default deliveries
