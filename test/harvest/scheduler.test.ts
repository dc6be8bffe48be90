// The harvest queue with several workers on one database (two Kysely pools on a server; two workers in
// one process on PGlite): a due source is run once, a run whose node died is taken back or failed, and a
// stopping worker hands its run back to the queue.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import Fastify from 'fastify'
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import { createDatabase } from '../../src/db/dialect.js'
import type { DB } from '../../src/db/types.js'
import { runImport } from '../../src/importer/run.js'
import { LocalStorage } from '../../src/storage/local.js'
import type { Importer } from '../../src/harvest/execute.js'
import { insertSource } from '../../src/harvest/sources.js'
import { DEFAULT_WORKER_OPTIONS, HarvestWorker } from '../../src/harvest/worker.js'
import { reapExpired } from '../../src/harvest/queue.js'
import { testConfig } from '../support/build-app.js'
import { createTestDb } from '../support/test-db.js'
import { serveDcatSource } from './dcat-source.js'

/** Waits for a run to start; a worker that ended its runs without starting it fails instead of hanging. */
async function startedOrIdle (started: Promise<void>, worker: HarvestWorker): Promise<void> {
  await Promise.race([started, worker.idle().then(() => { throw new Error('the worker took no run') })])
}

t.test('workers on one database', async t => {
  const { db, url } = await createTestDb(t)
  // On a server the second worker has a pool of its own, as another node would.
  const other: Kysely<DB> = url === undefined ? db : await createDatabase({ databaseUrl: url, dataDir: '' })
  if (other !== db) t.teardown(() => other.destroy())
  const storageDir = await mkdtemp(path.join(os.tmpdir(), 'bastille-harvest-'))
  t.teardown(() => rm(storageDir, { recursive: true, force: true }))
  const storage = new LocalStorage(storageDir)
  await storage.init()
  const config = testConfig(storageDir, { outboundAllowPrivate: true })
  const log = Fastify().log
  await db.insertInto('publishers').values({ id: 'ville-a', name: 'Ville A', type: 'LocalAuthority' }).execute()

  const source = await serveDcatSource(t, [{ identifier: 'arbres', title: 'Arbres' }])
  const calls: string[] = []
  // The real import engine, counted.
  const importer: Importer = async (deps, options) => {
    calls.push(options.url)
    return runImport(deps, options)
  }
  const worker = (database: Kysely<DB>, imp = importer) => {
    const w = new HarvestWorker({ db: database, storage, config, importer: imp, log }, { ...DEFAULT_WORKER_OPTIONS, pollMs: 3_600_000 })
    t.teardown(() => w.stop())
    return w
  }
  const runsOf = (sourceId: string) => db.selectFrom('harvest_runs').selectAll().where('source_id', '=', sourceId).orderBy('queued_at').execute()

  t.test('a due source is run once, whichever worker claims it', async t => {
    const row = (await insertSource(db, 'ville-a', { kind: 'dcat', url: source.url, schedule: 'PT1H', interval_seconds: 3600 }))!
    const a = worker(db)
    const b = worker(other)
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()])
    await Promise.all([a.idle(), b.idle()])
    const runs = await runsOf(row.id)
    t.equal(runs.length, 1, 'one run')
    t.equal(calls.length, 1, 'one import')
    t.match(runs[0], { trigger: 'schedule', attempts: 1, status: /succeeded|failed/ })
    t.ok(runs[0]!.finished_at)
    const next = await db.selectFrom('harvest_sources').select(sql<number>`extract(epoch from next_run_at - now())::int`.as('in')).where('id', '=', row.id).executeTakeFirstOrThrow()
    t.ok(next.in > 3500 && next.in <= 3600, 'the next run is due in an hour')
    await Promise.all([a.tick(), b.tick()])
    t.equal((await runsOf(row.id)).length, 1, 'not due again')
  })

  t.test('a run whose node died is taken back, then failed after too many attempts', async t => {
    const row = (await insertSource(db, 'ville-a', { kind: 'dcat', url: `${source.url}?dead`, schedule: 'manual', interval_seconds: null }))!
    const lapsed = { source_id: row.id, trigger: 'manual' as const, status: 'running' as const, worker: 'dead-node', started_at: sql<Date>`now() - interval '10 minutes'`, lease_expires_at: sql<Date>`now() - interval '1 minute'` }
    const first = await db.insertInto('harvest_runs').values({ ...lapsed, attempts: 1 }).returning('id').executeTakeFirstOrThrow()
    const a = worker(db)
    await a.tick()
    await a.idle()
    t.match(await db.selectFrom('harvest_runs').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow(), { attempts: 2, status: /succeeded|failed/, error: null }, 'retried by a live worker')
    t.not((await db.selectFrom('harvest_runs').select('worker').where('id', '=', first.id).executeTakeFirstOrThrow()).worker, 'dead-node')

    const superseded = await db.insertInto('harvest_runs').values({ ...lapsed, attempts: 1 }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('harvest_runs').values({ source_id: row.id, trigger: 'manual' }).execute()
    await reapExpired(db, DEFAULT_WORKER_OPTIONS.maxAttempts)
    t.match(await db.selectFrom('harvest_runs').selectAll().where('id', '=', superseded.id).executeTakeFirstOrThrow(), { status: 'failed' }, 'failed when another run already waits')
    await a.tick()
    await a.idle()

    const second = await db.insertInto('harvest_runs').values({ ...lapsed, attempts: DEFAULT_WORKER_OPTIONS.maxAttempts }).returning('id').executeTakeFirstOrThrow()
    await a.tick()
    t.match(await db.selectFrom('harvest_runs').selectAll().where('id', '=', second.id).executeTakeFirstOrThrow(), {
      status: 'failed', error: /stopped responding \(lease expired\) after 3 attempt/
    })
  })

  t.test('a stopping worker hands its run back to the queue', async t => {
    const row = (await insertSource(db, 'ville-a', { kind: 'dcat', url: source.hangingUrl, schedule: 'manual', interval_seconds: null }))!
    await db.insertInto('harvest_runs').values({ source_id: row.id, trigger: 'manual' }).execute()
    let started!: () => void
    const running = new Promise<void>(resolve => { started = resolve })
    const a = worker(db, async (deps, options) => { started(); return runImport(deps, options) })
    await a.tick()
    await startedOrIdle(running, a)
    t.match(await runsOf(row.id), [{ status: 'running', attempts: 1 }])
    await a.stop()
    t.match(await runsOf(row.id), [{ status: 'queued', attempts: 0, worker: null, started_at: null }], 're-claimable, the attempt not counted')
    // Stopping while another run of the source waits: the interrupted one gives way to it.
    let again!: () => void
    const runningAgain = new Promise<void>(resolve => { again = resolve })
    const c = worker(db, async (deps, options) => { again(); return runImport(deps, options) })
    await c.tick()
    await startedOrIdle(runningAgain, c)
    await db.insertInto('harvest_runs').values({ source_id: row.id, trigger: 'manual' }).execute()
    await c.stop()
    t.match(await runsOf(row.id), [{ status: 'failed', error: /newer run is queued/ }, { status: 'queued' }])

    const b = worker(other, async () => { throw new Error('connection refused') })
    await b.tick()
    await b.idle()
    t.match(await runsOf(row.id), [{ status: 'failed' }, { status: 'failed', attempts: 1, error: /internal error/ }], 'another worker takes it')
  })
})
