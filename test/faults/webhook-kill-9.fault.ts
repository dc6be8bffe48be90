// kill -9 of the service between events and their webhook deliveries, then a restart on the same database:
// every acknowledged write reaches the endpoint, a message the endpoint already answered is never sent again,
// and a message only ever goes out twice when the kill cut it off before its answer (at-least-once, with the
// same `webhook-id` for the receiver to deduplicate).
import t from 'tap'
import { ensureBuilt, killHard, startServer } from '../support/server-process.js'
import { faultEnv } from '../support/fault-env.js'
import { ADMIN, call, createDataset, createPublisher, json } from '../support/fault-client.js'
import { startReceiver, until, verifySignature, type Received } from '../webhooks/receiver.js'

ensureBuilt()
const receiver = await startReceiver(t)
const { database, env } = await faultEnv(t, {
  WEBHOOK_WORKER: 'true', WEBHOOK_POLL_MS: '50', WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_RETRY_SCHEDULE: '1s,1s,1s', OUTBOUND_ALLOW_PRIVATE: 'true'
})

const datasetOf = (r: Received): string => JSON.parse(r.body).data.id
const messageOf = (r: Received): string => String(r.headers['webhook-id'])
const delivered = (r: Received): boolean => r.answered !== undefined && r.answered >= 200 && r.answered < 300

async function succeededDeliveries (base: string, hookId: string): Promise<number> {
  const res = await call(base, `/webhooks/${hookId}/deliveries?limit=100`, { headers: ADMIN })
  return json<{ items: Array<{ status: string }> }>(res).items.filter(d => d.status === 'succeeded').length
}

t.test(`kill -9 between events and deliveries on the ${database} database`, async t => {
  const server = await startServer(env)
  t.teardown(() => { if (server.alive()) server.child.kill('SIGKILL') })
  await createPublisher(server.url)
  const hook = json<{ id: string, secret: string }>(await call(server.url, '/webhooks', {
    method: 'POST', headers: ADMIN, body: JSON.stringify({ url: receiver.url('/hook'), eventTypes: ['dataset.created'] })
  }))
  const created: string[] = []
  const create = async (title: string): Promise<void> => {
    const res = await createDataset(server.url, title)
    t.equal(res.status, 201, `created ${title}`)
    created.push(json<{ id: string }>(res).id)
  }

  for (let i = 0; i < 5; i++) await create(`answered before the kill ${i}`)
  await until(async () => await succeededDeliveries(server.url, hook.id) === 5, 'the first five recorded as delivered')
  const answeredBeforeKill = receiver.at('/hook').map(messageOf)

  // The endpoint now holds its answers: the deliveries are in flight when the service dies.
  let release = (): void => {}
  const held = new Promise<{ status: number }>(resolve => { release = () => resolve({ status: 204 }) })
  receiver.on('/hook', () => held)
  for (let i = 0; i < 10; i++) await create(`in flight at the kill ${i}`)
  await until(() => receiver.at('/hook').some(r => r.answered === undefined), 'a delivery in flight')
  await killHard(server)
  await until(() => receiver.at('/hook').every(r => r.answered !== undefined || r.closed === true), 'the kill seen by the receiver')
  const cutOff = receiver.at('/hook').filter(r => r.answered === undefined).map(messageOf)
  receiver.on('/hook', () => ({ status: 204 }))
  release()

  const again = await startServer(env)
  t.teardown(() => { if (again.alive()) again.child.kill('SIGKILL') })
  const restartedAt = Date.now()
  // A claim made by the dead process is retaken when its lease (twice the attempt timeout + 10 s) lapses.
  await until(() => created.every(id => receiver.at('/hook').some(r => delivered(r) && datasetOf(r) === id)), 'every acknowledged write delivered', 180_000)
  const waitedMs = Date.now() - restartedAt
  await until(async () => await succeededDeliveries(again.url, hook.id) === created.length, 'every delivery recorded as succeeded')

  const requests = receiver.at('/hook')
  t.ok(requests.every(r => verifySignature(hook.secret, r.headers, r.body)), 'every request signed with the endpoint\'s secret')
  t.same(new Set(requests.map(datasetOf)), new Set(created), 'messages for the acknowledged writes and nothing else')
  const timesSent = new Map<string, number>()
  for (const r of requests) timesSent.set(messageOf(r), (timesSent.get(messageOf(r)) ?? 0) + 1)
  t.ok(answeredBeforeKill.length === 5 && answeredBeforeKill.every(id => timesSent.get(id) === 1), 'a message answered before the kill is not sent again')
  const repeated = [...timesSent].filter(([, n]) => n > 1).map(([id]) => id)
  t.ok(cutOff.length > 0, 'the kill cut deliveries off before their answer')
  t.same(repeated.filter(id => !cutOff.includes(id)), [], 'only a message cut off by the kill went out twice')
  const answers = requests.filter(delivered).map(messageOf)
  t.equal(new Set(answers).size, answers.length, 'no message answered twice: the endpoint saw each one through once')
  t.comment(`figures: ${database}; 15 writes acknowledged, 5 delivered before the kill, ${cutOff.length} cut off in flight, ` +
    `${10 - cutOff.length} not yet sent; after the restart all ${created.length} delivered within ${(waitedMs / 1000).toFixed(1)} s ` +
    `(the dead process's lease), ${repeated.length} sent a second time (all of them cut off), ${requests.length} requests in all`)
})
