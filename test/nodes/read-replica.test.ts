// DATABASE_READ_URL: anonymous GETs read the replica, requests with a token and recent writers the
// primary. On a server, the 'replica' is a copy of the primary made before a write and set read-only
// (as a hot standby is), so the title a read answers shows which pool served it.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import t from 'tap'
import app from '../../src/app.js'
import type { Config } from '../../src/config.js'
import { serverOptions } from '../../src/server-options.js'
import { kyselyPool } from '../../src/db/pg-pool.js'
import { onReplica, routedPool } from '../../src/db/read-routing.js'
import { PRIMARY_AFTER_WRITE_SECONDS, PRIMARY_COOKIE } from '../../src/plugins/read-replica.js'
import { ADMIN, buildTestApp, testConfig } from '../support/build-app.js'
import { serverTemplateName } from '../support/test-db.js'

const COOKIE = `${PRIMARY_COOKIE}=1; Max-Age=${PRIMARY_AFTER_WRITE_SECONDS}; Path=/; HttpOnly; SameSite=Lax`
const PUBLISHER = { id: 'ville-replica', name: 'Ville réplique', type: 'LocalAuthority' }
const DATASET = { publisher: PUBLISHER.id, title: 'Written before the copy', description: 'Read from both pools.', status: 'published' }

t.test('successful writes set the read-your-writes cookie; reads and failures do not', async t => {
  const server = await buildTestApp(t, { databaseReadUrl: 'postgres://127.0.0.1:1/unused' })
  const created = await server.inject({ method: 'POST', url: '/publishers', headers: ADMIN, payload: PUBLISHER })
  t.equal(created.statusCode, 201)
  t.equal(created.headers['set-cookie'], COOKIE)
  const read = await server.inject({ url: `/publishers/${PUBLISHER.id}` })
  t.equal(read.statusCode, 200)
  t.notOk(read.headers['set-cookie'], 'a read sets no cookie')
  const refused = await server.inject({ method: 'POST', url: '/publishers', headers: ADMIN, payload: { id: 'x' } })
  t.equal(refused.statusCode, 400)
  t.notOk(refused.headers['set-cookie'], 'a refused write sets no cookie')
  const preflight = await server.inject({ method: 'OPTIONS', url: '/datasets', headers: { origin: 'https://a.example', 'access-control-request-method': 'GET' } })
  t.notOk(preflight.headers['set-cookie'], 'a preflight sets no cookie')
})

t.test('without DATABASE_READ_URL no cookie is set', async t => {
  const server = await buildTestApp(t)
  const created = await server.inject({ method: 'POST', url: '/publishers', headers: ADMIN, payload: PUBLISHER })
  t.equal(created.statusCode, 201)
  t.notOk(created.headers['set-cookie'])
})

// CI runs the embedded suite with DATABASE_URL set but empty: only a non-empty URL names a server.
const serverUrl = process.env.DATABASE_URL
if (serverUrl) {
  t.test('anonymous reads go to the replica, tokens and recent writers to the primary', async t => {
    const admin = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: serverUrl, max: 1 }) }) })
    const suffix = randomBytes(6).toString('hex')
    const primaryName = `bastille_primary_${suffix}`
    const replicaName = `bastille_replica_${suffix}`
    const urlOf = (name: string): string => Object.assign(new URL(serverUrl), { pathname: `/${name}` }).href
    const storageDir = await mkdtemp(path.join(os.tmpdir(), 'bastille-replica-'))
    t.teardown(async () => {
      for (const name of [primaryName, replicaName]) await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin)
      await admin.destroy()
      await rm(storageDir, { recursive: true, force: true })
    })
    const start = async (config: Partial<Config>): Promise<FastifyInstance> => {
      const full = testConfig(storageDir, config)
      const server = Fastify(serverOptions(full))
      await server.register(fp(app), { config: full })
      await server.ready()
      return server
    }

    // The primary with one dataset, then the replica as its copy, read-only like a standby.
    await sql`CREATE DATABASE ${sql.id(primaryName)} TEMPLATE ${sql.id(serverTemplateName(serverUrl))}`.execute(admin)
    const seeding = await start({ databaseUrl: urlOf(primaryName) })
    t.equal((await seeding.inject({ method: 'POST', url: '/publishers', headers: ADMIN, payload: PUBLISHER })).statusCode, 201)
    const dataset = (await seeding.inject({ method: 'POST', url: '/datasets', headers: ADMIN, payload: DATASET })).json<{ id: string, slug: string }>()
    await seeding.close()
    await sql`CREATE DATABASE ${sql.id(replicaName)} TEMPLATE ${sql.id(primaryName)}`.execute(admin)
    await sql`ALTER DATABASE ${sql.id(replicaName)} SET default_transaction_read_only = on`.execute(admin)

    const server = await start({ databaseUrl: urlOf(primaryName), databaseReadUrl: urlOf(replicaName) })
    t.teardown(() => server.close())
    // A write the replica has not received yet (replication lag).
    const patched = await server.inject({
      method: 'PATCH', url: `/datasets/${dataset.id}`, headers: { ...ADMIN, 'content-type': 'application/merge-patch+json' }, payload: { title: 'Changed on the primary' }
    })
    t.equal(patched.statusCode, 200, patched.body)
    t.equal(patched.headers['set-cookie'], COOKIE, 'the writer gets the cookie')

    const title = async (headers: Record<string, string> = {}): Promise<string> => {
      const res = await server.inject({ url: `/datasets/${dataset.slug}`, headers })
      t.equal(res.statusCode, 200, res.body)
      return res.json<{ title: string }>().title
    }
    t.equal(await title(), 'Written before the copy', 'an anonymous GET reads the replica')
    t.equal(await title(ADMIN), 'Changed on the primary', 'a request with a token reads the primary')
    t.equal(await title({ cookie: `lang=fr; ${PRIMARY_COOKIE}=1` }), 'Changed on the primary', 'a recent writer reads the primary')
    const head = await server.inject({ method: 'HEAD', url: `/datasets/${dataset.slug}` })
    t.not(head.headers.etag, patched.headers.etag, 'HEAD reads the replica too')

    const list = await server.inject({ url: '/datasets' })
    t.same(list.json<{ items: Array<{ title: string }> }>().items.map(d => d.title), ['Written before the copy'], 'search reads the replica')
    // Every anonymous read below runs on a read-only database: none of them may write.
    for (const url of [`/datasets/${dataset.id}/quality`, '/catalog.ttl', '/changes', '/publishers', '/ckan/api/3/action/package_search']) {
      const res = await server.inject({ url })
      t.equal(res.statusCode, 200, `${url} answers from the read-only replica: ${res.statusCode === 200 ? '' : res.body}`)
    }
    const stored = await sql<{ title: string }>`SELECT title FROM datasets WHERE id = ${dataset.id}`.execute(server.db)
    t.same(stored.rows, [{ title: 'Changed on the primary' }], 'outside a request, queries (workers, migrations) use the primary')

    const replicaDown = await start({ databaseUrl: urlOf(primaryName), databaseReadUrl: 'postgres://127.0.0.1:1/unused' })
    t.teardown(() => replicaDown.close())
    for (const attempt of ['first', 'second']) {
      const res = await replicaDown.inject({ url: `/datasets/${dataset.slug}` })
      t.equal(res.statusCode, 200, `${attempt} anonymous read with the replica down: ${res.body}`)
      t.equal(res.json<{ title: string }>().title, 'Changed on the primary', 'read from the primary')
    }
  })

  t.test('an unreachable replica hands its reads to the primary, and is tried again after a while', async t => {
    const poolOf = (url: string) => kyselyPool(new pg.Pool({ connectionString: url, max: 1 }))
    const unreachable = poolOf('postgres://127.0.0.1:1/unused')
    let attempts = 0
    const replica = { ...unreachable, connect: async () => { attempts++; return await unreachable.connect() } }
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: routedPool(poolOf(serverUrl), replica, 300) }) })
    t.teardown(() => db.destroy())
    const read = async () => (await onReplica(async () => await sql<{ one: number }>`SELECT 1 AS one`.execute(db))).rows
    t.same(await read(), [{ one: 1 }], 'the read is answered by the primary')
    t.same(await read(), [{ one: 1 }])
    t.equal(attempts, 1, 'within the retry window, the replica is not tried again')
    await new Promise(resolve => setTimeout(resolve, 400))
    t.same(await read(), [{ one: 1 }])
    t.equal(attempts, 2, 'after it, the replica is tried again')
  })
}
