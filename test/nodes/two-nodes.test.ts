// Two real Bastille processes on one PostgreSQL database and one storage folder behave as one service
// (SPEC §7): a write on A reads fresh on B, B downloads what A stored, the auth rate limit counts both,
// and a due harvest runs once. PostgreSQL only: the embedded database is one process by design.
import { setTimeout as sleep } from 'node:timers/promises'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import { loadConfig } from '../../src/config.js'
import { ensureBuilt, startServer, type ServerProcess } from '../support/server-process.js'
import { ADMIN, ADMIN_TOKEN, PUBLISHER, call, createDataset, createPublisher, fileContent, json, sha256, upload } from '../support/fault-client.js'
import { createTestDb } from '../support/test-db.js'

const POLL_SECONDS = 1
const FAILURES = 4

t.test('what several nodes need from the configuration', async t => {
  t.equal(loadConfig({}).authRateLimitStore, 'memory', 'embedded: the counters stay in the one process')
  t.equal(loadConfig({ DATABASE_URL: 'postgres://db/bastille' }).authRateLimitStore, 'postgres', 'on a server they are shared by default')
  t.equal(loadConfig({ DATABASE_URL: 'postgres://db/bastille', AUTH_RATE_LIMIT_STORE: 'memory' }).authRateLimitStore, 'memory', 'unless set')
  t.equal(loadConfig({ DATABASE_URL: 'postgres://db/b', DATABASE_READ_URL: 'postgres://replica/b' }).databaseReadUrl, 'postgres://replica/b')
  t.throws(() => loadConfig({ DATABASE_READ_URL: 'postgres://replica/b' }), /DATABASE_READ_URL needs DATABASE_URL/)
  t.throws(() => loadConfig({ DATABASE_URL: 'postgres://db/b', DATABASE_READ_URL: 'mysql://replica/b' }), /DATABASE_READ_URL/)
})

// CI runs the embedded suite with DATABASE_URL set but empty: only a non-empty URL names a server.
if (process.env.DATABASE_URL) {
  t.test('two nodes on one database and one storage folder', async t => {
    ensureBuilt()
    const { db, url } = await createTestDb(t)
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bastille-nodes-'))
    t.teardown(() => rm(dir, { recursive: true, force: true }))
    const env = (node: string): Record<string, string> => ({
      DATABASE_URL: url!,
      DATA_DIR: path.join(dir, node),
      STORAGE_DIR: path.join(dir, 'files'),
      ADMIN_TOKEN,
      AUTH_FAILURES_PER_MINUTE: String(FAILURES),
      HARVEST_POLL_SECONDS: String(POLL_SECONDS),
      OUTBOUND_ALLOW_PRIVATE: 'true'
    })
    const nodes: ServerProcess[] = await Promise.all([startServer(env('a')), startServer(env('b'))])
    t.teardown(async () => {
      for (const node of nodes) if (node.alive()) node.child.kill('SIGTERM')
      await Promise.all(nodes.map(node => node.exited))
    })
    const [a, b] = nodes.map(node => node.url) as [string, string]

    t.test('a write on A is read fresh on B: body and ETag', async t => {
      await createPublisher(a)
      const { id } = json<{ id: string }>(await createDataset(b, 'Written on B'))
      const before = await call(b, `/datasets/${id}`)
      t.equal(json(before).title, 'Written on B')
      t.equal((await call(b, `/datasets/${id}`, { headers: { 'if-none-match': String(before.headers.etag) } })).status, 304, 'B holds the body')
      const patched = await call(a, `/datasets/${id}`, {
        method: 'PATCH',
        headers: { ...ADMIN, 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ title: 'Changed on A' })
      })
      t.equal(patched.status, 200, patched.body)
      const after = await call(b, `/datasets/${id}`, { headers: { 'if-none-match': String(before.headers.etag) } })
      t.equal(after.status, 200, 'the old ETag no longer matches on B')
      t.equal(json(after).title, 'Changed on A')
      t.equal(after.headers.etag, patched.headers.etag, 'B answers the ETag A wrote')
      t.equal(json(after).title, json(patched).title)
      const listed = json<{ items: Array<{ title: string }> }>(await call(b, `/datasets?publisher=${PUBLISHER}&q=changed`))
      t.same(listed.items.map(item => item.title), ['Changed on A'], 'B searches what A wrote')
    })

    t.test('a file uploaded on A downloads on B', async t => {
      const { id: datasetId } = json<{ id: string }>(await createDataset(a, 'Has a file'))
      const content = fileContent('two nodes', 200_000)
      const uploaded = await upload(a, datasetId, content, 'shared')
      t.equal(uploaded.status, 201, uploaded.body)
      const file = await call(b, `/distributions/${json<{ id: string }>(uploaded).id}/file`)
      t.equal(file.status, 200)
      t.equal(sha256(Buffer.from(file.body, 'utf8')), sha256(content), 'the same bytes')
    })

    t.test('a due harvest runs once, on one node', async t => {
      const sources: string[] = []
      for (let i = 0; i < 4; i++) {
        const created = await call(i % 2 === 0 ? a : b, '/harvest-sources', {
          method: 'POST',
          headers: ADMIN,
          // Nothing listens on port 9: each run fails fast, which is all the test needs.
          body: JSON.stringify({ kind: 'dcat', url: `http://127.0.0.1:9/catalog-${i}.ttl`, publisher: PUBLISHER, schedule: 'daily' })
        })
        t.equal(created.status, 201, created.body)
        sources.push(json<{ id: string }>(created).id)
      }
      const runs = async (): Promise<Array<{ source_id: string, status: string, worker: string | null, trigger: string }>> =>
        await db.selectFrom('harvest_runs').select(['source_id', 'status', 'worker', 'trigger']).where('source_id', 'in', sources).execute()
      for (let i = 0; i < 300; i++) {
        const rows = await runs()
        if (rows.length === sources.length && rows.every(row => row.status !== 'queued' && row.status !== 'running')) break
        await sleep(100)
      }
      // Both nodes poll every second: two more periods give each of them passes over the same due sources.
      await sleep(2 * POLL_SECONDS * 1000 + 200)
      const rows = await runs()
      t.same(rows.map(row => row.source_id).sort(), [...sources].sort(), 'one run per source, not one per node')
      t.ok(rows.every(row => row.trigger === 'schedule' && row.status === 'failed' && row.worker !== null), 'each was run (and failed: no server there)')
      const pids = nodes.map(node => String(node.child.pid))
      t.ok(rows.every(row => pids.includes(row.worker!.split(':')[1]!)), 'run by the two nodes')
      t.comment(`runs per node: ${pids.map(pid => rows.filter(row => row.worker!.split(':')[1] === pid).length).join(' and ')}`)
    })

    // Last: once the limit trips, the admin token too is refused for the rest of the window.
    t.test('failed authentications on A and B count against one limit', async t => {
      const bad = { authorization: `Bearer bst_${'x'.repeat(43)}` }
      const statuses: number[] = []
      for (let i = 0; i < FAILURES; i++) statuses.push((await call(i % 2 === 0 ? a : b, '/tokens', { headers: bad })).status)
      t.same(statuses, Array(FAILURES).fill(401), `${FAILURES} failures alternating between the nodes`)
      for (const node of [a, b]) {
        const refused = await call(node, '/tokens', { headers: bad })
        t.equal(refused.status, 429, 'each node now refuses the client')
        t.ok(Number(refused.headers['retry-after']) > 0)
      }
    })
  })
}
