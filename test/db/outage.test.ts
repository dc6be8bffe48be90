// The pieces that keep a database outage from ending the process or hanging requests, in one process:
// error classification, the liveness probe, the 503 guard with Retry-After, and PGlite's failed BEGIN.
import t from 'tap'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, sql } from 'kysely'
import { buildTestApp } from '../support/build-app.js'
import { asUnavailable, isUnavailable } from '../../src/db/unavailable.js'
import { DatabaseLiveness } from '../../src/db/liveness.js'
import { guardEmbedded } from '../../src/db/embedded-guard.js'
import { DatabaseUnavailableError } from '../../src/errors.js'
import { createDatabase } from '../../src/db/dialect.js'

t.test('connection failures are told apart from statement errors', async t => {
  for (const err of [
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    Object.assign(new Error('could not open file'), { code: '58P01' }),
    Object.assign(new Error('connection failure'), { code: '08006' }),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
    new Error('PGlite is closed')
  ]) {
    t.ok(isUnavailable(err), err.message)
    const wrapped = asUnavailable(err) as Error & { statusCode: number, cause: unknown }
    t.ok(wrapped instanceof DatabaseUnavailableError)
    t.equal(wrapped.statusCode, 503)
    t.equal(wrapped.cause, err)
    t.equal(asUnavailable(wrapped), wrapped, 'wrapped once')
  }
  for (const err of [Object.assign(new Error('duplicate key'), { code: '23505' }), new Error('boom'), 'text', null]) {
    t.notOk(isUnavailable(err), String(err))
    t.equal(asUnavailable(err), err)
  }
})

/** True as soon as `condition` holds, false if it still does not after 10 s. */
async function eventually (condition: () => boolean): Promise<boolean> {
  for (let waited = 0; waited < 10_000; waited += 10) {
    if (condition()) return true
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  return condition()
}

t.test('liveness: a failure makes it probe; down until a probe succeeds', async t => {
  let failing = true
  let probes = 0
  const changes: boolean[] = []
  const liveness = new DatabaseLiveness({
    probe: async () => { probes++; if (failing) throw new Error('down') },
    intervalMs: 20,
    onChange: up => changes.push(up)
  })
  t.teardown(() => liveness.stop())
  t.equal(liveness.up, true)
  liveness.suspect()
  liveness.suspect()
  t.ok(await eventually(() => !liveness.up), 'down after a failed probe')
  t.equal(probes, 1, 'one probe however many failures')
  // Waits on the condition rather than a fixed time: a loaded CI machine runs timers late.
  t.ok(await eventually(() => probes > 2), 'probes again while down')
  failing = false
  t.ok(await eventually(() => liveness.up), 'up again after a good probe')
  t.same(changes, [false, true])
  const before = probes
  liveness.stop()
  liveness.suspect()
  t.equal(probes, before, 'stopped: no more probes')
})

t.test('while the database is down: fast 503 problems with Retry-After, /health still up', async t => {
  const app = await buildTestApp(t)
  t.equal((await app.inject('/ready')).statusCode, 200)
  let failing = true
  // The app's own liveness, pointed at a probe the test controls.
  const liveness = new DatabaseLiveness({ probe: async () => { if (failing) throw new Error('down') }, intervalMs: 20 })
  Object.defineProperty(app, 'dbLiveness', { value: liveness })
  t.teardown(() => liveness.stop())
  liveness.suspect()
  t.ok(await eventually(() => !liveness.up))
  for (const url of ['/ready', '/datasets', '/catalog']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 503, url)
    t.equal(res.headers['retry-after'], '3')
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json(), { type: 'urn:bastille:problem:database-unavailable', status: 503, instance: url })
  }
  t.equal((await app.inject('/health')).statusCode, 200)
  t.equal((await app.inject('/openapi.json')).statusCode, 200)
  t.equal((await app.inject('/nowhere')).statusCode, 404)
  failing = false
  t.ok(await eventually(() => liveness.up))
  t.equal((await app.inject('/ready')).statusCode, 200, 'back by itself')
})

t.test('an outage met mid-request is the same 503 problem as one the probe already knows of', async t => {
  const app = await buildTestApp(t)
  // A server that refuses every connection (nothing listens on port 1), while the liveness still says up.
  const unreachable = await createDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', dataDir: '', connectTimeoutMs: 500 })
  t.teardown(() => unreachable.destroy())
  Object.defineProperty(app, 'db', { value: unreachable })
  const res = await app.inject('/datasets')
  t.equal(res.statusCode, 503)
  t.equal(res.headers['retry-after'], '3')
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.same(res.json(), {
    type: 'urn:bastille:problem:database-unavailable',
    title: 'Service Unavailable',
    status: 503,
    detail: 'The database is unreachable; retry in 3 seconds',
    instance: '/datasets'
  }, 'no connection detail leaks')
})

t.test('embedded: a closed database fails its queries and transactions, never hangs or crashes', async t => {
  const pglite = await PGlite.create()
  const lost: unknown[] = []
  const db = new Kysely<any>({ dialect: new PGliteDialect({ pglite: guardEmbedded(pglite, err => lost.push(err)) }) })
  t.equal((await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows[0]?.one, 1)
  await db.transaction().execute(async trx => { await sql`SELECT 1`.execute(trx) })
  await t.rejects(db.transaction().execute(async trx => { await sql`SELECT nope`.execute(trx) }), /nope/, 'statement errors stay what they are')
  t.equal(lost.length, 0)
  await pglite.close()
  await t.rejects(sql`SELECT 1`.execute(db), DatabaseUnavailableError)
  // Before the guard, a failed BEGIN left Kysely waiting forever and its rejection unhandled.
  await t.rejects(db.transaction().execute(async trx => { await sql`SELECT 1`.execute(trx) }), DatabaseUnavailableError)
  t.ok(lost.length >= 2, 'each failure reported')
})
