// GET /datasets/{idOrSlug} keeps rendered bodies, used only when the database reports the version they
// were rendered from: every change, through this app, another one on the same database or plain SQL, is
// seen on the next read, and drafts and deletions are checked on every read.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import { sql } from 'kysely'
import app from '../../src/app.js'
import { readDataset } from '../../src/db/dataset-read.js'
import { serverOptions } from '../../src/server-options.js'
import { BodyCache, type RenderedDataset } from '../../src/http/body-cache.js'
import { ADMIN, buildTestApp, testConfig } from '../support/build-app.js'
import { editorOf, seedPublisher } from './datasets-helpers.js'

const server = await buildTestApp(t)
await seedPublisher(server, 'metropole')
await seedPublisher(server, 'ville')
const METRO = await editorOf(server, 'metropole')
const VILLE = await editorOf(server, 'ville')

/** Another app on the same database, as another process would be. */
const otherConfig = testConfig(await mkdtemp(path.join(os.tmpdir(), 'bastille-test-')))
const other = Fastify(serverOptions(otherConfig))
await other.register(fp(app), { config: otherConfig, db: server.db })
await other.ready()
t.teardown(async () => {
  await other.close()
  await rm(otherConfig.storageDir, { recursive: true, force: true })
})

const get = async (url: string, headers: Record<string, string> = {}) => await server.inject({ url, headers })
const write = async (instance: typeof server, method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) => {
  const res = await instance.inject({ method, url, headers: METRO, ...(payload === undefined ? {} : { payload }) })
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
  return res.statusCode === 204 ? undefined : res.json()
}

t.test('each change is seen on the next read, whoever made it', async t => {
  const { id } = await write(server, 'PUT', '/datasets/parcs', { title: 'Parcs' })
  const reads = async () => {
    const [byId, bySlug] = [await get(`/datasets/${id as string}`), await get('/datasets/parcs')]
    t.equal(byId.body, bySlug.body)
    t.equal(byId.headers.etag, bySlug.headers.etag)
    return byId
  }
  let before = await reads()
  t.equal((await get('/datasets/parcs', { 'if-none-match': before.headers.etag as string })).statusCode, 304)
  const changes: Array<[string, () => Promise<unknown>, (body: any) => boolean]> = [
    ['a dataset patch', async () => await write(server, 'PATCH', '/datasets/parcs', { title: 'Parcs et jardins' }), body => body.title === 'Parcs et jardins'],
    ['a new distribution', async () => await write(server, 'POST', '/datasets/parcs/distributions', { title: 'CSV', downloadUrl: 'https://example.org/parcs.csv' }),
      body => body.distributions.length === 1],
    ['a distribution patch, from another app', async () => {
      const [distribution] = (await reads()).json().distributions
      await write(other, 'PATCH', `/distributions/${distribution.id as string}`, { title: 'Parcs (CSV)' })
    }, body => body.distributions[0].title === 'Parcs (CSV)'],
    ['plain SQL that leaves updated_at alone', async () => await sql`UPDATE datasets SET description = 'Espaces verts' WHERE id = ${id}`.execute(server.db),
      body => body.description === 'Espaces verts'],
    ['a distribution deleted from another app', async () => {
      const [distribution] = (await reads()).json().distributions
      await write(other, 'DELETE', `/distributions/${distribution.id as string}`)
    }, body => body.distributions.length === 0]
  ]
  for (const [change, run, seen] of changes) {
    await run()
    const after = await reads()
    t.ok(seen(after.json()), change)
    t.not(after.headers.etag, before.headers.etag, `${change}: a new ETag`)
    t.equal((await get('/datasets/parcs', { 'if-none-match': before.headers.etag as string })).statusCode, 200, `${change}: the old ETag is stale`)
    before = after
  }
})

t.test('drafts and deletions are checked on every read', async t => {
  const { id } = await write(server, 'PUT', '/datasets/arbres', { title: 'Arbres' })
  const url = `/datasets/${id as string}`
  t.equal((await get(url)).statusCode, 200)
  t.equal((await get('/datasets/arbres', METRO)).statusCode, 200)
  await write(other, 'PATCH', '/datasets/arbres', { status: 'draft' })
  for (const [headers, status] of [[{}, 404], [VILLE, 404], [METRO, 200], [ADMIN, 200]] as const) {
    t.equal((await get(url, headers)).statusCode, status)
    t.equal((await get('/datasets/arbres', headers)).statusCode, status)
  }
  t.equal((await get(url)).statusCode, 404, 'still hidden after its publisher read it')
  await write(other, 'DELETE', '/datasets/arbres')
  t.equal((await get(url, METRO)).statusCode, 410)
  t.equal((await get('/datasets/arbres', METRO)).statusCode, 410)
  const { id: reborn } = await write(other, 'PUT', '/datasets/arbres', { title: 'Arbres remarquables' })
  const res = await get('/datasets/arbres')
  t.equal(res.json().id, reborn, 'the slug now names the new dataset')
  t.equal(res.json().title, 'Arbres remarquables')
})

t.test('the database leaves the dataset out only for the current version', async t => {
  const first = await readDataset(server.db, 'arbres')
  t.ok(first?.dataset)
  const again = await readDataset(server.db, 'arbres', first!.version)
  t.same({ ...again, dataset: null }, { ...first, dataset: null })
  t.equal(again?.dataset, null)
  t.ok((await readDataset(server.db, 'arbres', 'other'))?.dataset)
})

t.test('the cache holds at most its budget, dropping what was read least recently', async t => {
  const entry = (size: number): RenderedDataset => ({ version: 'v', body: Buffer.alloc(size), etag: '"e"', lastModified: new Date(0) })
  const cache = new BodyCache(16_000)
  for (let i = 0; i < 17; i++) cache.set(`k${i}`, entry(800))
  t.ok(cache.get('k0'), 'read: now the most recent')
  cache.set('k17', entry(800))
  t.equal(cache.get('k1'), undefined, 'the least recently read went first')
  t.ok(cache.get('k0'))
  t.ok(cache.get('k2'))
  t.ok(cache.bytes <= 16_000)
  const before = cache.bytes
  cache.set('k0', entry(100))
  t.equal(cache.bytes, before - 700, 'a replaced entry gives its room back')
  t.equal(cache.set('big', entry(2000)).body.length, 2000, 'an entry over a sixteenth of the budget is returned...')
  t.equal(cache.get('big'), undefined, '...but not kept')
})
