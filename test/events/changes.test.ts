// GET /changes: event types, tombstones, who sees draft events, cursors (400, 410, latest), filters, ETags,
// publishers and licences, and pruning past the retention window.
import t from 'tap'
import { sql } from 'kysely'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { editorOf, seedPublisher } from '../routes/datasets-helpers.js'
import { encodeCursor, decodeCursor, comparePositions } from '../../src/events/cursor.js'
import { datasetEventType } from '../../src/events/record.js'
import { pruneEvents } from '../../src/events/queries.js'
import { EventPruner } from '../../src/events/pruner.js'
import { logSettled } from './settle.js'

const app = await buildTestApp(t)
await seedPublisher(app, 'metropole')
await seedPublisher(app, 'ville')
const METRO = await editorOf(app, 'metropole')
const VILLE = await editorOf(app, 'ville')

interface Item { cursor: string, type: string, id: string, uri: string, occurredAt: string, etag: string | null }

async function changes (query: string, headers: Record<string, string> = {}): Promise<{ items: Item[], next: string }> {
  await logSettled(app.db)
  const res = await app.inject({ url: `/changes${query}`, headers })
  if (res.statusCode !== 200) throw new Error(`GET /changes${query}: ${res.statusCode} ${res.body}`)
  return res.json()
}

const afterOf = (next: string): string => new URL(next).searchParams.get('after')!

async function since (after: string, headers: Record<string, string> = {}): Promise<Item[]> {
  return (await changes(`?after=${after}&limit=500`, headers)).items
}

const start = afterOf((await changes('?after=latest')).next)

t.test('a dataset\'s life: created, updated, unpublished, published, distributions, deleted', async t => {
  const from = afterOf((await changes('?after=latest')).next)
  const created = await app.inject({ method: 'POST', url: '/datasets', headers: METRO, payload: { title: 'Bus', slug: 'bus' } })
  t.equal(created.statusCode, 201)
  const id = created.json().id as string
  await app.inject({ method: 'PATCH', url: '/datasets/bus', headers: METRO, payload: { description: 'Lignes' } })
  await app.inject({ method: 'PATCH', url: '/datasets/bus', headers: METRO, payload: { status: 'draft' } })
  await app.inject({ method: 'PATCH', url: '/datasets/bus', headers: METRO, payload: { title: 'Bus (brouillon)' } })
  await app.inject({ method: 'PATCH', url: '/datasets/bus', headers: METRO, payload: { status: 'published' } })
  const dist = await app.inject({ method: 'POST', url: '/datasets/bus/distributions', headers: METRO, payload: { title: 'CSV', downloadUrl: 'https://example.org/bus.csv' } })
  t.equal(dist.statusCode, 201, dist.body)
  const distId = dist.json().id as string
  await app.inject({ method: 'PATCH', url: `/distributions/${distId}`, headers: METRO, payload: { title: 'CSV 2026' } })
  await app.inject({ method: 'DELETE', url: `/distributions/${distId}`, headers: METRO })
  t.equal((await app.inject({ method: 'DELETE', url: '/datasets/bus', headers: METRO })).statusCode, 204)

  const types = (items: Item[]) => items.map(item => `${item.type} ${item.id === id ? 'D' : item.id === distId ? 'd' : item.id}`)
  t.same(types(await since(from)), [
    'dataset.created D', 'dataset.updated D', 'dataset.unpublished D',
    'dataset.published D',
    'distribution.created d', 'dataset.updated D', 'distribution.updated d', 'dataset.updated D',
    'distribution.deleted d', 'dataset.updated D', 'dataset.deleted D'
  ], 'anonymous readers see the tombstone, not the draft\'s edit')
  t.same(types(await since(from, METRO)).length, 12, 'the publisher also sees its draft\'s edit')
  t.same(types(await since(from, ADMIN)).length, 12)
  t.same(types(await since(from, VILLE)).length, 11, 'another publisher does not')
  const [first] = await since(from)
  t.match(first, { uri: `${PUBLIC_URL}/datasets/${id}`, etag: null, occurredAt: /Z$/ })
})

t.test('a draft never shows to the public; deleting it is no public tombstone', async t => {
  const from = afterOf((await changes('?after=latest')).next)
  await app.inject({ method: 'POST', url: '/datasets', headers: METRO, payload: { title: 'Secret', slug: 'secret', status: 'draft' } })
  await app.inject({ method: 'PATCH', url: '/datasets/secret', headers: METRO, payload: { description: 'x' } })
  await app.inject({ method: 'DELETE', url: '/datasets/secret', headers: METRO })
  t.same(await since(from), [])
  t.same((await since(from, METRO)).map(item => item.type), ['dataset.created', 'dataset.updated', 'dataset.deleted'])
})

t.test('items carry the current ETag of what is still readable', async t => {
  const from = afterOf((await changes('?after=latest')).next)
  const created = await app.inject({ method: 'POST', url: '/datasets', headers: METRO, payload: { title: 'Tram', slug: 'tram' } })
  const read = await app.inject('/datasets/tram')
  const [item] = await since(from)
  t.equal(item!.etag, read.headers.etag)
  t.equal(item!.id, created.json().id)
  const page = await changes(`?after=${from}&limit=1`)
  t.equal(page.items.length, 1)
  t.equal(afterOf(page.next), page.items[0]!.cursor, 'next resumes behind the last item')
  t.same((await changes(`?after=${page.items[0]!.cursor}`)).items, [])
})

t.test('publishers and licences: created, updated (only on a real change), deleted', async t => {
  const from = afterOf((await changes('?after=latest')).next)
  t.equal((await app.inject({ method: 'POST', url: '/publishers', headers: ADMIN, payload: { id: 'region', name: 'Région', type: 'RegionalAuthority' } })).statusCode, 201)
  const put = { name: 'Région Sud', type: 'RegionalAuthority' }
  await app.inject({ method: 'PUT', url: '/publishers/region', headers: ADMIN, payload: put })
  await app.inject({ method: 'PUT', url: '/publishers/region', headers: ADMIN, payload: put })
  const licence = { title: 'Licence test', open: true }
  t.equal((await app.inject({ method: 'PUT', url: '/licences/test-1.0', headers: ADMIN, payload: licence })).statusCode, 201)
  await app.inject({ method: 'DELETE', url: '/publishers/region', headers: ADMIN })
  const items = await since(from)
  t.same(items.map(item => `${item.type} ${item.id}`), [
    'publisher.created region', 'publisher.updated region', 'licence.created test-1.0', 'publisher.deleted region'
  ])
  t.equal(items[2]!.uri, `${PUBLIC_URL}/licences/test-1.0`)
  t.equal(items[2]!.etag, (await app.inject('/licences/test-1.0')).headers.etag)
  t.equal(items[0]!.etag, null, 'the publisher is gone')
  t.same((await changes(`?after=${from}&publisher=region`)).items.length, 3)
  t.same((await changes(`?after=${from}&type=licence.created,publisher.deleted`)).items.map(item => item.type), ['licence.created', 'publisher.deleted'])
})

t.test('filters by publisher and type', async t => {
  const from = afterOf((await changes('?after=latest')).next)
  await app.inject({ method: 'POST', url: '/datasets', headers: VILLE, payload: { title: 'Parcs', slug: 'parcs' } })
  await app.inject({ method: 'POST', url: '/datasets', headers: METRO, payload: { title: 'Vélos', slug: 'velos' } })
  await app.inject({ method: 'DELETE', url: '/datasets/velos', headers: METRO })
  t.same((await since(`${from}&publisher=ville`)).map(item => item.type), ['dataset.created'])
  t.same((await since(`${from}&type=dataset.deleted`)).length, 1)
  const empty = await changes(`?after=${from}&publisher=nobody`)
  t.same(empty.items, [])
  t.same(decodeCursor(afterOf(empty.next)), { ...decodeCursor(from), issuedAt: decodeCursor(afterOf(empty.next)).issuedAt }, 'an empty page keeps the position')
})

t.test('without a cursor: from the oldest change kept', async t => {
  const all = await changes('?limit=500', ADMIN)
  t.ok(all.items.length > 20)
  t.ok(comparePositions(decodeCursor(all.items[0]!.cursor), decodeCursor(start)) < 0, 'includes changes made before any cursor was taken')
})

t.test('bad cursors and parameters are 400', async t => {
  for (const query of ['?after=nope', `?after=${Buffer.from('{"x":"1"}').toString('base64url')}`, `?after=${Buffer.from('[]').toString('base64url')}`,
    '?limit=0', '?limit=501', '?type=dataset.exploded', '?type=', '?extra=1']) {
    const res = await app.inject(`/changes${query}`)
    t.equal(res.statusCode, 400, query)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  }
})

t.test('a cursor older than the retention window is 410: resync in full', async t => {
  const old = encodeCursor({ xid: '1', seq: '1' }, new Date(Date.now() - 91 * 86400_000))
  const res = await app.inject(`/changes?after=${old}`)
  t.equal(res.statusCode, 410)
  t.match(res.json(), { status: 410, detail: /retention/ })
  const recent = encodeCursor({ xid: '1', seq: '1' }, new Date(Date.now() - 89 * 86400_000))
  t.equal((await app.inject(`/changes?after=${recent}`)).statusCode, 200)
})

t.test('pruning removes events past the retention and makes cursors before them 410', async t => {
  const cursor = (await since(start, ADMIN))[0]!.cursor
  await sql`UPDATE events SET occurred_at = now() - interval '100 days' WHERE seq <= (SELECT min(seq) + 2 FROM events)`.execute(app.db)
  t.equal(await pruneEvents(app.db, 90, 3600, true), 3)
  t.equal(await pruneEvents(app.db, 90, 3600), null, 'not due again before its period, on any node')
  t.equal((await app.inject(`/changes?after=${encodeCursor({ xid: '0', seq: '1' }, new Date())}`)).statusCode, 410)
  t.equal((await app.inject(`/changes?after=${cursor}`)).statusCode, 200, 'a cursor after the pruned events still works')
  const pruner = new EventPruner(app.db, 90, 60_000, app.log)
  await sql`UPDATE event_pruning SET next_run_at = now()`.execute(app.db)
  t.equal(await pruner.tick(), 0)
  pruner.start()
  await pruner.stop()
})

t.test('event types from state changes', async t => {
  t.equal(datasetEventType(null, 'published', 'dataset.imported', false), 'dataset.created')
  t.equal(datasetEventType(null, 'draft', 'dataset.reimported', false), 'dataset.updated')
  t.equal(datasetEventType(null, 'draft', 'dataset.unpublished', false), 'dataset.unpublished')
  t.equal(datasetEventType(null, 'published', 'dataset.updated', true), 'dataset.published')
  t.equal(datasetEventType('deleted', 'published', 'dataset.imported', false), 'dataset.created')
  t.equal(datasetEventType('draft', 'draft', 'dataset.updated', false), 'dataset.updated')
})
