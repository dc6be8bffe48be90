// Several nodes on one database (two apps; on a server each with a pool of its own): every message is
// delivered exactly once, events written while no node delivers go out after a restart, a dead node's
// claim is retaken once its lease lapses, and the SSRF guard is applied again at delivery time.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import app from '../../src/app.js'
import type { Config } from '../../src/config.js'
import { createDatabase } from '../../src/db/dialect.js'
import type { DB } from '../../src/db/types.js'
import { serverOptions } from '../../src/server-options.js'
import { claimDeliveries, insertDeliveries, pruneDeliveries } from '../../src/webhooks/deliveries.js'
import { insertEndpoint } from '../../src/webhooks/endpoints.js'
import { withWebhooks } from '../../src/webhooks/tables.js'
import { DEFAULT_WEBHOOK_OPTIONS, WebhookWorker } from '../../src/webhooks/worker.js'
import { ADMIN, testConfig } from '../support/build-app.js'
import { createTestDb } from '../support/test-db.js'
import { logSettled } from '../events/settle.js'
import { startReceiver, until, verifySignature } from './receiver.js'

const { db, url } = await createTestDb(t)
const storageDir = await mkdtemp(path.join(os.tmpdir(), 'bastille-webhooks-'))
t.teardown(() => rm(storageDir, { recursive: true, force: true }))
const receiver = await startReceiver(t)
const NODE: Partial<Config> = { webhookWorker: true, webhookPollMs: 10, webhookRetrySchedule: [30], outboundAllowPrivate: true, harvestWorker: false }

/** One node: the app on this database (its own pool on a server, as another process would have). */
async function node (overrides: Partial<Config> = NODE): Promise<FastifyInstance> {
  const own: Kysely<DB> = url === undefined ? db : await createDatabase({ databaseUrl: url, dataDir: '' })
  const config = testConfig(storageDir, overrides)
  const server = Fastify(serverOptions(config))
  await server.register(fp(app), { config, db: own })
  await server.ready()
  t.teardown(async () => {
    await server.close()
    if (own !== db) await own.destroy()
  })
  return server
}

const w = withWebhooks(db)
const pending = async () => (await w.selectFrom('webhook_deliveries').select('id').where('status', '=', 'pending').execute()).length
await db.insertInto('publishers').values({ id: 'metropole', name: 'Métropole', type: 'LocalAuthority' }).execute()

t.test('two nodes deliver each message exactly once', async t => {
  const a = await node()
  const b = await node()
  const hook = (await a.inject({ method: 'POST', url: '/webhooks', headers: ADMIN, payload: { url: receiver.url('/both'), eventTypes: ['dataset.created'] } })).json()
  const COUNT = 30
  for (let i = 0; i < COUNT; i++) {
    const res = await (i % 2 === 0 ? a : b).inject({ method: 'POST', url: '/datasets', headers: ADMIN, payload: { title: `D${i}`, slug: `d${i}`, publisher: 'metropole' } })
    t.equal(res.statusCode, 201, res.body)
  }
  await until(async () => receiver.at('/both').length >= COUNT && await pending() === 0, 'every message')
  const ids = receiver.at('/both').map(r => r.headers['webhook-id'])
  t.equal(ids.length, COUNT, 'as many requests as messages')
  t.equal(new Set(ids).size, COUNT, 'no message twice')
  t.ok(receiver.at('/both').every(r => verifySignature(hook.secret, r.headers, r.body)))
  const attempts = await w.selectFrom('webhook_attempts').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()
  t.equal(Number(attempts.n), COUNT, 'one attempt each')
  await a.close()
  await b.close()
})

t.test('events written while no node delivers go out once one starts again', async t => {
  const quiet = await node({ ...NODE, webhookWorker: false })
  await quiet.inject({ method: 'POST', url: '/webhooks', headers: ADMIN, payload: { url: receiver.url('/later'), eventTypes: ['dataset.created'] } })
  for (const slug of ['l1', 'l2', 'l3']) await quiet.inject({ method: 'POST', url: '/datasets', headers: ADMIN, payload: { title: slug, slug, publisher: 'metropole' } })
  await logSettled(db)
  t.equal(receiver.at('/later').length, 0, 'nothing sent without a worker')
  await quiet.close()
  const restarted = await node()
  await until(async () => receiver.at('/later').length === 3 && await pending() === 0, 'the backlog')
  t.equal(new Set(receiver.at('/later').map(r => r.headers['webhook-id'])).size, 3)
  await restarted.close()
})

t.test('a dead node\'s claim is retaken when its lease lapses, and sent once', async t => {
  const log = Fastify().log
  const endpoint = await insertEndpoint(db, { publisherId: null, url: receiver.url('/lease'), description: null, eventTypes: ['dataset.created'], secret: 'whsec_' + Buffer.alloc(32, 1).toString('base64') })
  const [delivery] = await insertDeliveries(db, [{ endpointId: endpoint.id, eventSeq: null, type: 'webhook.ping', body: '{}' }])
  t.equal((await claimDeliveries(db, 'dead-node', 60, 10)).length, 1, 'claimed by a node that then dies')
  const worker = new WebhookWorker({ db, dto: { publicUrl: 'https://data.example.org' }, log }, { ...DEFAULT_WEBHOOK_OPTIONS, pollMs: 3_600_000, schedule: [30], allowPrivate: true })
  t.teardown(() => worker.stop())
  await worker.tick()
  t.equal(receiver.at('/lease').length, 0, 'not sent while the lease holds')
  await w.updateTable('webhook_deliveries').set({ lease_expires_at: sql`now() - interval '1 second'` }).where('id', '=', delivery!.id).execute()
  await worker.tick()
  t.equal(receiver.at('/lease').length, 1, 'sent once the lease lapsed')
  await worker.tick()
  t.equal(receiver.at('/lease').length, 1, 'and not again')
})

t.test('the SSRF guard refuses a private address at delivery time too', async t => {
  const log = Fastify().log
  const endpoint = await insertEndpoint(db, { publisherId: null, url: receiver.url('/private'), description: null, eventTypes: ['dataset.created'], secret: 'whsec_' + Buffer.alloc(32, 2).toString('base64') })
  const [delivery] = await insertDeliveries(db, [{ endpointId: endpoint.id, eventSeq: null, type: 'webhook.ping', body: '{}' }])
  const worker = new WebhookWorker({ db, dto: { publicUrl: 'https://data.example.org' }, log }, { ...DEFAULT_WEBHOOK_OPTIONS, pollMs: 3_600_000, schedule: [], allowPrivate: false })
  t.teardown(() => worker.stop())
  await worker.tick()
  t.equal(receiver.at('/private').length, 0, 'nothing reached the receiver')
  const [attempt] = await w.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', delivery!.id).execute()
  t.match(attempt, { status: null, error: /loopback/ })
  const row = await w.selectFrom('webhook_deliveries').select('status').where('id', '=', delivery!.id).executeTakeFirstOrThrow()
  t.equal(row.status, 'failed', 'the schedule is spent')
})

t.test('old attempts and finished deliveries are pruned', async t => {
  const before = await w.selectFrom('webhook_attempts').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()
  t.ok(Number(before.n) > 0)
  t.equal(await pruneDeliveries(db, 30), 0, 'nothing is that old')
  await w.updateTable('webhook_attempts').set({ attempted_at: sql`now() - interval '31 days'` }).execute()
  await w.updateTable('webhook_deliveries').set({ updated_at: sql`now() - interval '31 days'` }).execute()
  t.ok(await pruneDeliveries(db, 30) > 0)
  t.same(await w.selectFrom('webhook_attempts').selectAll().execute(), [])
  t.same(await w.selectFrom('webhook_deliveries').select('id').where('status', '<>', 'pending').execute(), [])
})
