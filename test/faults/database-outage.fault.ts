// The database goes away under read and write load and comes back. PostgreSQL: a private cluster of
// this test's own is stopped for seconds (never the shared server). During the outage: fast 503
// problems with Retry-After, /ready 503, /health 200, no hang, the process alive; after: recovery by
// itself, every acknowledged write present. Embedded: its folder vanishes for seconds; queries that
// fail give 503 problems, never a 500 or an exit, and all is well once it is back.
import { rename } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { ensureBuilt, startServer, type ServerProcess } from '../support/server-process.js'
import { postgresBin, startPrivateCluster } from '../support/private-cluster.js'
import { faultEnv } from '../support/fault-env.js'
import { ADMIN, PUBLISHER, call, createDataset, createPublisher, json, type Outcome } from '../support/fault-client.js'

const CONNECT_TIMEOUT_MS = 3000
const OUTAGE_MS = 5000

interface Sample { sentAt: number, kind: 'read' | 'search' | 'write', outcome: Outcome, title?: string }

/** Workers sending reads, searches and writes back to back until `stop` resolves. */
async function load (base: string, ids: string[], stop: Promise<void>): Promise<Sample[]> {
  const samples: Sample[] = []
  const state = { stopped: false }
  stop.then(() => { state.stopped = true }, () => {})
  let n = 0
  const worker = async (w: number): Promise<void> => {
    while (!state.stopped) {
      const kind = (['read', 'search', 'write'] as const)[n++ % 3]!
      const sentAt = performance.now()
      if (kind === 'read') samples.push({ sentAt, kind, outcome: await call(base, `/datasets/${ids[n % ids.length]!}`, { timeoutMs: 20_000 }) })
      else if (kind === 'search') samples.push({ sentAt, kind, outcome: await call(base, `/datasets?q=outage&publisher=${PUBLISHER}`, { timeoutMs: 20_000 }) })
      else {
        const title = `outage write ${w}-${n}`
        samples.push({ sentAt, kind, title, outcome: await createDataset(base, title) })
      }
      await sleep(5)
    }
  }
  await Promise.all(Array.from({ length: 6 }, (_, w) => worker(w)))
  return samples
}

const isProblem503 = (o: Outcome): boolean =>
  o.status === 503 && /^application\/problem\+json/.test(String(o.headers['content-type'])) &&
  Number(o.headers['retry-after']) > 0 && json(o).status === 503

ensureBuilt()

const bin = postgresBin()
if (process.env.DATABASE_URL) {
  t.test('PostgreSQL stopped and started again under load', async t => {
    if (bin === undefined) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql')
    const cluster = await startPrivateCluster(bin)
    t.teardown(() => cluster.destroy())
    const { env } = await faultEnv(t)
    const server = await startServer({ ...env, DATABASE_URL: cluster.url, DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS) })
    t.teardown(() => { if (server.alive()) server.child.kill('SIGKILL') })
    await createPublisher(server.url)
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push(json<{ id: string }>(await createDataset(server.url, `outage seed ${i}`)).id)

    let endLoad!: () => void
    const loading = load(server.url, ids, new Promise(resolve => { endLoad = resolve }))
    await sleep(1500)
    const downAt = performance.now()
    cluster.stop('fast')
    const stoppedAt = performance.now()
    await sleep(500)
    const probes: Array<{ ready: Outcome, health: Outcome }> = []
    while (performance.now() - stoppedAt < OUTAGE_MS) {
      probes.push({ ready: await call(server.url, '/ready', { timeoutMs: 20_000 }), health: await call(server.url, '/health') })
      await sleep(250)
    }
    const upAt = performance.now()
    cluster.start()
    const startedAt = performance.now()
    let recoveredMs = -1
    while (performance.now() - startedAt < 30_000) {
      if ((await call(server.url, '/ready')).status === 200) { recoveredMs = performance.now() - startedAt; break }
      await sleep(100)
    }
    await sleep(1500)
    endLoad()
    const samples = await loading
    t.ok(server.alive(), 'the process stayed alive')
    t.notOk(server.logs.some(l => /shutting down|second error/.test(l)), 'and never started shutting down')

    const before = samples.filter(s => s.sentAt + s.outcome.ms < downAt)
    const during = samples.filter(s => s.sentAt > stoppedAt + 500 && s.sentAt + s.outcome.ms < upAt)
    const after = samples.filter(s => s.sentAt > startedAt + recoveredMs + 500)
    t.ok(before.length > 0 && during.length > 0 && after.length > 0, 'load before, during and after the outage')
    t.same(before.filter(s => s.outcome.status >= 300).map(s => s.outcome.status), [], 'before: all succeed')
    t.same(during.filter(s => !isProblem503(s.outcome)).map(s => `${s.kind} ${s.outcome.status} ${s.outcome.error ?? ''}`), [],
      'during: every request answers a 503 problem with Retry-After')
    const slowest = Math.max(...during.map(s => s.outcome.ms))
    t.ok(slowest < CONNECT_TIMEOUT_MS, `during: answered fast, without waiting for a connect timeout (slowest ${Math.round(slowest)} ms)`)
    t.ok(probes.length > 0 && probes.every(p => isProblem503(p.ready)), '/ready answers 503 during the outage')
    t.ok(probes.every(p => p.health.status === 200), '/health answers 200 during the outage')
    t.ok(recoveredMs >= 0 && recoveredMs < 10_000, `ready again by itself ${Math.round(recoveredMs)} ms after the database is back`)
    t.same(after.filter(s => s.outcome.status >= 300).map(s => `${s.kind} ${s.outcome.status}`), [], 'after: all succeed again')
    const all = samples.map(s => s.outcome.status)
    t.notOk(all.includes(500), 'no 500 at any point')
    t.notOk(samples.some(s => s.outcome.status === 0), 'no request hung or was cut')

    const acknowledged = samples.filter(s => s.kind === 'write' && s.outcome.status === 201)
    let present = 0
    for (const s of acknowledged) {
      const res = await call(server.url, `/datasets/${json<{ id: string }>(s.outcome).id}`, { headers: ADMIN })
      if (res.status === 200 && json<{ title: string }>(res).title === s.title) present++
    }
    t.equal(present, acknowledged.length, 'every acknowledged write is present after recovery')
    const listed = json<{ total: number }>(await call(server.url, `/datasets?publisher=${PUBLISHER}&limit=1`, { headers: ADMIN })).total
    t.ok(listed >= acknowledged.length + ids.length, 'and listed')
    t.comment(`figures: postgres outage of ${Math.round(upAt - downAt)} ms (1 fault: pg_ctl stop -m fast, then start); ` +
      `${samples.length} requests (${before.length} before, ${during.length} during, ${after.length} after); ` +
      `during: ${during.filter(s => isProblem503(s.outcome)).length} fast 503s, slowest ${Math.round(slowest)} ms; ` +
      `/ready 503 ${probes.length}/${probes.length}; recovered ${Math.round(recoveredMs)} ms after start; ` +
      `writes acknowledged ${acknowledged.length}, present ${present}, lost ${acknowledged.length - present}; 500s: ${all.filter(s => s === 500).length}`)
  })
} else {
  t.test('embedded: the database files vanish under load and come back', async t => {
    const { env } = await faultEnv(t)
    const server: ServerProcess = await startServer(env)
    t.teardown(() => { if (server.alive()) server.child.kill('SIGKILL') })
    await createPublisher(server.url)
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push(json<{ id: string }>(await createDataset(server.url, `outage seed ${i}`)).id)
    const files = path.join(env.DATA_DIR!, 'pglite')

    let endLoad!: () => void
    const loading = load(server.url, ids, new Promise(resolve => { endLoad = resolve }))
    await sleep(1500)
    // The embedded database's own outage: its folder taken away (a disk unmounted, a volume lost).
    const downAt = performance.now()
    await rename(files, `${files}.away`)
    // Open files stay readable: routes whose tables this process has not opened yet feel the fault.
    const untouched = await Promise.all(['/vocabularies/frequency', '/vocabularies/file-type', '/licences', '/catalog.ttl', `/publishers/${PUBLISHER}/catalog.ttl`]
      .map(async url => await call(server.url, url, { timeoutMs: 20_000 })))
    await sleep(OUTAGE_MS)
    await rename(`${files}.away`, files)
    const upAt = performance.now()
    await sleep(2000)
    endLoad()
    const samples = await loading
    t.ok(server.alive(), 'the process stayed alive')
    t.notOk(server.logs.some(l => /shutting down|second error/.test(l)), 'and never started shutting down')
    const during = samples.filter(s => s.sentAt > downAt && s.sentAt + s.outcome.ms < upAt)
    const after = samples.filter(s => s.sentAt > upAt + 500)
    const failed = [...samples.map(s => s.outcome), ...untouched].filter(o => o.status >= 300)
    t.ok(untouched.some(isProblem503), `the fault was felt: ${untouched.map(o => o.status).join(', ')} on routes not used before`)
    t.same(failed.filter(o => !isProblem503(o)).map(o => `${o.status} ${o.error ?? ''}`), [],
      'every failure is a 503 problem with Retry-After: no 500, no hang, no cut connection')
    t.same(after.filter(s => s.outcome.status >= 300).map(s => `${s.kind} ${s.outcome.status}`), [], 'after: all succeed again')
    t.ok(after.length > 0, 'load after the outage')
    const acknowledged = samples.filter(s => s.kind === 'write' && s.outcome.status === 201)
    let present = 0
    for (const s of acknowledged) {
      const res = await call(server.url, `/datasets/${json<{ id: string }>(s.outcome).id}`, { headers: ADMIN })
      if (res.status === 200 && json<{ title: string }>(res).title === s.title) present++
    }
    t.equal(present, acknowledged.length, 'every acknowledged write is present')
    t.comment(`figures: embedded outage of ${Math.round(upAt - downAt)} ms (1 fault: the database folder moved away, then back); ` +
      `${samples.length} requests, ${during.length} during (${during.filter(s => isProblem503(s.outcome)).length} 503 problems, ` +
      `${during.filter(s => s.outcome.status < 300).length} served from open files), ${untouched.filter(isProblem503).length}/${untouched.length} 503 problems on routes not used before; ` +
      `failures other than 503: ${failed.filter(o => !isProblem503(o)).length}; ` +
      `writes acknowledged ${acknowledged.length}, present ${present}, lost ${acknowledged.length - present}`)
  })
}
