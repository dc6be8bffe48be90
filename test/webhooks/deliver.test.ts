// Deliveries to a real receiver on loopback, checked with the test's own Standard Webhooks verifier: each
// publisher's endpoint gets its own events only and no draft's contents; retries then success; 3xx is a
// failure; 410 disables; redelivery keeps the webhook-id; a rotated secret signs next to the old one.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { editorOf, seedPublisher } from '../routes/datasets-helpers.js'
import { startReceiver, until, verifySignature, type Received } from './receiver.js'

const app = await buildTestApp(t, { webhookWorker: true, webhookPollMs: 20, webhookRetrySchedule: [30, 30], outboundAllowPrivate: true })
await seedPublisher(app, 'metropole')
await seedPublisher(app, 'ville')
const METRO = await editorOf(app, 'metropole')
const VILLE = await editorOf(app, 'ville')
const receiver = await startReceiver(t)
const DRAFT_WORD = 'zanzibarquux'
const ALL = ['dataset.created', 'dataset.updated', 'dataset.published', 'dataset.unpublished', 'dataset.deleted', 'distribution.created', 'publisher.updated']

interface Created { id: string, secret: string }
interface DeliveryJson { id: string, webhookId: string, status: string, type: string, payload: { type: string, data: Record<string, unknown> }, attempts: Array<{ status: number | null, error: string | null, responseBody: string | null }> }

async function register (headers: Record<string, string>, path: string, eventTypes = ALL): Promise<Created> {
  const res = await app.inject({ method: 'POST', url: '/webhooks', headers, payload: { url: receiver.url(path), eventTypes } })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json()
}

async function deliveries (id: string, headers: Record<string, string> = ADMIN): Promise<DeliveryJson[]> {
  const res = await app.inject({ url: `/webhooks/${id}/deliveries?limit=100`, headers })
  if (res.statusCode !== 200) throw new Error(res.body)
  return res.json().items
}

/** Waits until the endpoint has `count` deliveries, none pending. */
async function settled (id: string, count: number): Promise<DeliveryJson[]> {
  let items: DeliveryJson[] = []
  await until(async () => {
    items = await deliveries(id)
    return items.length >= count && items.every(d => d.status !== 'pending')
  }, `${count} settled deliveries`)
  return items
}

const ping = (id: string, headers: Record<string, string> = ADMIN) => app.inject({ method: 'POST', url: `/webhooks/${id}/ping`, headers })

t.test('each endpoint gets its publisher\'s events, signed, and never a draft\'s contents', async t => {
  const metro = await register(METRO, '/metro')
  const ville = await register(VILLE, '/ville')
  const admin = await register(ADMIN, '/admin')
  const bus = (await app.inject({ method: 'POST', url: '/datasets', headers: METRO, payload: { title: 'Bus', slug: 'bus' } })).json()
  const tram = (await app.inject({ method: 'POST', url: '/datasets', headers: VILLE, payload: { title: 'Tram', slug: 'tram' } })).json()
  const draft = (await app.inject({ method: 'POST', url: '/datasets', headers: METRO, payload: { title: `Secret ${DRAFT_WORD}`, slug: 'secret', status: 'draft' } })).json()
  await app.inject({ method: 'PATCH', url: '/datasets/secret', headers: METRO, payload: { description: `More ${DRAFT_WORD}` } })
  await app.inject({ method: 'PATCH', url: '/datasets/bus', headers: METRO, payload: { status: 'draft' } })

  const metroItems = await settled(metro.id, 4)
  await settled(ville.id, 1)
  await settled(admin.id, 5)
  const ids = (received: Received[]) => received.map(r => JSON.parse(r.body).data.id as string)
  t.same(ids(receiver.at('/metro')).sort(), [bus.id, bus.id, draft.id, draft.id].sort(), 'the publisher\'s own events, its drafts\' included')
  t.same(ids(receiver.at('/ville')), [tram.id], 'never another publisher\'s')
  t.equal(receiver.at('/admin').length, 5, 'an admin\'s endpoint gets every publisher\'s')
  t.same(receiver.at('/metro').map(r => JSON.parse(r.body).type).sort(),
    ['dataset.created', 'dataset.created', 'dataset.unpublished', 'dataset.updated'])

  for (const [secret, path] of [[metro.secret, '/metro'], [ville.secret, '/ville'], [admin.secret, '/admin']] as const) {
    for (const request of receiver.at(path)) {
      t.ok(verifySignature(secret, request.headers, request.body), `${path}: the signature verifies`)
      t.notOk(verifySignature(metro.secret === secret ? ville.secret : metro.secret, request.headers, request.body), `${path}: not with another secret`)
      t.notOk(request.body.includes(DRAFT_WORD), `${path}: no draft contents`)
      t.equal(request.headers['content-type'], 'application/json')
    }
  }
  const tampered = receiver.at('/metro')[0]!
  t.notOk(verifySignature(metro.secret, tampered.headers, tampered.body.replace('dataset', 'datasat')), 'a changed body fails')
  t.notOk(verifySignature(metro.secret, tampered.headers, tampered.body, Date.now() / 1000 + 600), 'an old timestamp fails')

  const created = receiver.at('/ville')[0]!
  const payload = JSON.parse(created.body)
  const etag = (await app.inject({ url: `/datasets/${tram.id}` })).headers.etag
  t.match(payload, { type: 'dataset.created', timestamp: String, data: { id: tram.id, uri: `${PUBLIC_URL}/datasets/${tram.id}`, etag, cursor: String } })
  t.ok(Object.keys(payload).every(k => ['type', 'timestamp', 'data'].includes(k)), 'a thin payload')
  const webhookIds = new Set(receiver.received.map(r => r.headers['webhook-id']))
  t.equal(webhookIds.size, receiver.received.length, 'one webhook-id per message')
  t.same(metroItems.map(d => d.webhookId).sort(), receiver.at('/metro').map(r => r.headers['webhook-id']).sort(), 'the log names them')
  t.ok(metroItems.every(d => d.status === 'succeeded' && d.attempts.length === 1 && d.attempts[0]!.status === 204))
  t.equal((await app.inject({ url: `/webhooks/${metro.id}/deliveries`, headers: VILLE })).statusCode, 404, 'another publisher reads no deliveries')

  // Pages of the log, newest first.
  const first = await app.inject({ url: `/webhooks/${admin.id}/deliveries?limit=2`, headers: ADMIN })
  const next = first.json().next as string
  t.match(next, `${PUBLIC_URL}/webhooks/${admin.id}/deliveries?limit=2&cursor=`)
  const rest = await app.inject({ url: next.slice(PUBLIC_URL.length).replace('limit=2', 'limit=10'), headers: ADMIN })
  const all = [...first.json().items, ...rest.json().items].map((d: DeliveryJson) => d.id)
  t.same(all, (await deliveries(admin.id)).map(d => d.id), 'the pages make the list')
  t.equal(rest.json().next, null)
  t.equal((await app.inject({ url: `/webhooks/${admin.id}/deliveries?cursor=bad`, headers: ADMIN })).statusCode, 400)
  for (const id of [metro.id, ville.id, admin.id]) await app.inject({ method: 'DELETE', url: `/webhooks/${id}`, headers: ADMIN })
})

t.test('a failure is retried on the schedule, then succeeds', async t => {
  receiver.on('/flaky', (_req, count) => count === 1 ? { status: 503, body: 'x'.repeat(5000) } : { status: 200, body: 'ok' })
  const hook = await register(METRO, '/flaky')
  t.equal((await ping(hook.id, METRO)).statusCode, 202)
  const [delivery] = await settled(hook.id, 1)
  t.equal(delivery!.status, 'succeeded')
  t.same(delivery!.attempts.map(a => a.status), [503, 200])
  t.equal(delivery!.attempts[0]!.responseBody!.length, 1024, 'the answer is kept truncated')
  t.equal(delivery!.attempts[1]!.responseBody, 'ok')
  const [a, b] = receiver.at('/flaky')
  t.equal(a!.headers['webhook-id'], b!.headers['webhook-id'], 'the webhook-id is stable across retries')
  t.equal(a!.body, b!.body)
  t.match(JSON.parse(a!.body), { type: 'webhook.ping', data: { id: hook.id } })
  t.ok(verifySignature(hook.secret, b!.headers, b!.body))
})

t.test('a redirect is a failure, never followed; the schedule ends it; it can be redelivered', async t => {
  let redirect = true
  receiver.on('/moved', () => redirect ? { status: 302, headers: { location: receiver.url('/elsewhere') } } : { status: 204 })
  const hook = await register(METRO, '/moved')
  const since = new Date(Date.now() - 1000).toISOString()
  await ping(hook.id, METRO)
  const [failed] = await settled(hook.id, 1)
  t.equal(failed!.status, 'failed')
  t.same(failed!.attempts.map(a => a.status), [302, 302, 302], 'the first attempt and the two retries of the schedule')
  t.equal(receiver.at('/elsewhere').length, 0, 'the redirect was not followed')

  redirect = false
  const again = await app.inject({ method: 'POST', url: `/webhooks/${hook.id}/deliveries/${failed!.id}/redeliver`, headers: METRO })
  t.equal(again.statusCode, 202)
  t.equal(again.json().status, 'pending')
  await until(async () => (await deliveries(hook.id))[0]!.status === 'succeeded', 'the redelivery')
  const sent = receiver.at('/moved')
  t.equal(sent.at(-1)!.headers['webhook-id'], sent[0]!.headers['webhook-id'], 'a redelivery keeps the webhook-id')

  const range = await app.inject({ method: 'POST', url: `/webhooks/${hook.id}/redeliver`, headers: METRO, payload: { since, until: new Date(Date.now() + 1000).toISOString() } })
  t.same(range.json(), { redelivered: 1 })
  await until(() => receiver.at('/moved').length === sent.length + 1, 'the range redelivered')
  const empty = await app.inject({ method: 'POST', url: `/webhooks/${hook.id}/redeliver`, headers: METRO, payload: { since: '2020-01-01T00:00:00Z', until: '2020-01-02T00:00:00Z' } })
  t.same(empty.json(), { redelivered: 0 })
  const backwards = await app.inject({ method: 'POST', url: `/webhooks/${hook.id}/redeliver`, headers: METRO, payload: { since, until: since } })
  t.equal(backwards.statusCode, 422)
  const unknown = await app.inject({ method: 'POST', url: `/webhooks/${hook.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`, headers: METRO })
  t.equal(unknown.statusCode, 404)
})

t.test('410 Gone disables the endpoint', async t => {
  receiver.on('/gone', () => ({ status: 410 }))
  const hook = await register(METRO, '/gone')
  await ping(hook.id, METRO)
  const [delivery] = await settled(hook.id, 1)
  t.equal(delivery!.status, 'failed')
  t.equal(delivery!.attempts.length, 1, 'not retried')
  const endpoint = (await app.inject({ url: `/webhooks/${hook.id}`, headers: METRO })).json()
  t.equal(endpoint.enabled, false)
  t.match(endpoint.disabledReason, /410/)
  t.equal((await ping(hook.id, METRO)).statusCode, 409, 'nothing more is sent to it')
  const redeliver = await app.inject({ method: 'POST', url: `/webhooks/${hook.id}/deliveries/${delivery!.id}/redeliver`, headers: METRO })
  t.equal(redeliver.statusCode, 409)
  await app.inject({ method: 'POST', url: '/datasets', headers: METRO, payload: { title: 'Après', slug: 'apres' } })
  await app.inject({ method: 'POST', url: `/webhooks/${(await register(METRO, '/after')).id}/ping`, headers: METRO })
  await until(() => receiver.at('/after').length === 1, 'a later message elsewhere')
  t.equal(receiver.at('/gone').length, 1, 'the disabled endpoint got nothing more')
})

t.test('after a rotation, both secrets sign until the overlap ends', async t => {
  const hook = await register(METRO, '/rotating', ['publisher.updated'])
  const rotated = (await app.inject({ method: 'POST', url: `/webhooks/${hook.id}/rotate-secret`, headers: METRO })).json()
  await ping(hook.id, METRO)
  await until(() => receiver.at('/rotating').length === 1, 'the ping')
  const [request] = receiver.at('/rotating')
  t.equal(String(request!.headers['webhook-signature']).split(' ').length, 2, 'two signatures')
  t.ok(verifySignature(rotated.secret, request!.headers, request!.body), 'the new secret verifies')
  t.ok(verifySignature(hook.secret, request!.headers, request!.body), 'the old one still does')
})

t.test('a receiver that is down, then up', async t => {
  const hook = await register(METRO, '/down', ['dataset.created'])
  receiver.on('/down', () => ({ status: 200 }))
  // A port nothing listens on: one just released.
  const probe = createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const closed = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/down`
  await new Promise(resolve => probe.close(resolve))
  await app.db.withTables<{ webhook_endpoints: { id: string, url: string } }>().updateTable('webhook_endpoints').set({ url: closed }).where('id', '=', hook.id).execute()
  await ping(hook.id, METRO)
  const [failed] = await settled(hook.id, 1)
  t.equal(failed!.status, 'failed')
  t.match(failed!.attempts[0]!.error, /ECONNREFUSED/)
  await app.db.withTables<{ webhook_endpoints: { id: string, url: string } }>().updateTable('webhook_endpoints').set({ url: receiver.url('/down') }).where('id', '=', hook.id).execute()
  await app.inject({ method: 'POST', url: `/webhooks/${hook.id}/deliveries/${failed!.id}/redeliver`, headers: METRO })
  await until(() => receiver.at('/down').length === 1, 'the receiver, up again')
})

t.test('an endpoint that is slow to answer holds up no other endpoint', async t => {
  const slow = await register(VILLE, '/slow', ['dataset.created'])
  const quick = await register(VILLE, '/quick', ['dataset.created'])
  let answer = (): void => {}
  const held = new Promise<{ status: number }>(resolve => { answer = () => resolve({ status: 204 }) })
  receiver.on('/slow', () => held)
  await ping(slow.id, VILLE)
  await until(() => receiver.at('/slow').length === 1, 'the slow endpoint holding its answer')
  for (const slug of ['quick-1', 'quick-2']) await app.inject({ method: 'POST', url: '/datasets', headers: VILLE, payload: { title: slug, slug } })
  await until(() => receiver.at('/quick').length === 2, 'the other endpoint served meanwhile')
  t.ok(receiver.at('/slow').every(r => r.answered === undefined), 'while the slow one still holds its answers')
  answer()
  // Still open when answered: the others were not served by waiting out its timeout.
  await until(() => receiver.at('/slow')[0]!.answered === 204, 'the first slow request answered on its open connection')
  await settled(quick.id, 2)
  await settled(slow.id, 3)
})
