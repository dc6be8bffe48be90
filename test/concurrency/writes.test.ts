// Many clients writing the same thing at once, over real HTTP on loopback (issue 12): If-Match lets
// exactly one win each round and loses no update; concurrent PUTs of one slug create one dataset; concurrent
// uploads to one distribution leave one consistent file and no orphan in storage.
import { createHash } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { MULTIPART, multipart, seed, storageDir, storedFiles } from '../files/helpers.js'
import { problemFault } from '../hostile/support.js'

t.setTimeout(600_000)
const CLIENTS = 8
const ROUNDS = 5
const dir = await storageDir(t)
const app = await buildTestApp(t, { storageDir: dir })
await seed(app)
await app.listen({ port: 0, host: '127.0.0.1' })
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

interface Sent { status: number, etag: string | null, body: any, text: string }
async function send (method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Sent> {
  const res = await fetch(base + path, { method, headers, ...(body === undefined ? {} : { body }) })
  const text = await res.text()
  const sent = { status: res.status, etag: res.headers.get('etag'), body: text === '' ? null : JSON.parse(text), text }
  const fault = problemFault({ status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? undefined }, body: text })
  if (fault !== undefined) throw new Error(`${method} ${path}: ${fault}: ${text}`)
  return sent
}
const json = (payload: object) => JSON.stringify(payload)
const JSON_ADMIN = { ...ADMIN, 'content-type': 'application/json' }
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')
const count = (statuses: number[], status: number): number => statuses.filter(s => s === status).length

t.test('If-Match: exactly one of many concurrent PATCHes wins each round, and its change is the one kept', async t => {
  for (let round = 1; round <= ROUNDS; round++) {
    const { etag } = await send('GET', '/datasets/city-data', ADMIN)
    const results = await Promise.all(Array.from({ length: CLIENTS }, (_, client) =>
      send('PATCH', '/datasets/city-data', { ...JSON_ADMIN, 'if-match': etag! }, json({ title: `round ${round} client ${client}`, keywords: [`c${client}`] }))))
    const statuses = results.map(r => r.status)
    t.equal(count(statuses, 200), 1, `round ${round}: one winner (${statuses.join(' ')})`)
    t.equal(count(statuses, 412), CLIENTS - 1, 'the others are told their copy is stale')
    const winner = results.find(r => r.status === 200)!
    const now = await send('GET', '/datasets/city-data', ADMIN)
    t.equal(now.body.title, winner.body.title, 'the winner\'s change is stored')
    t.same(now.body.keywords, winner.body.keywords, 'whole, not mixed with another client\'s')
    t.equal(now.etag, winner.etag)
  }
})

t.test('If-Match: concurrent read-modify-write clients lose no update', async t => {
  // Each client adds its own keyword, retrying on 412 with a fresh read, as a careful script would.
  await send('PATCH', '/datasets/city-data', JSON_ADMIN, json({ keywords: [] }))
  await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const current = await send('GET', '/datasets/city-data', ADMIN)
      const res = await send('PATCH', '/datasets/city-data', { ...JSON_ADMIN, 'if-match': current.etag! },
        json({ keywords: [...current.body.keywords, `k${client}`] }))
      if (res.status === 200) return
      if (res.status !== 412) throw new Error(res.text)
    }
    throw new Error(`client ${client} never got its write in`)
  }))
  const final = await send('GET', '/datasets/city-data', ADMIN)
  t.same([...final.body.keywords].sort(), Array.from({ length: CLIENTS }, (_, i) => `k${i}`).sort(), 'every client\'s keyword is there')
})

t.test('concurrent PUTs of one new slug create exactly one dataset; the others update it or get a clean 409/412', async t => {
  for (let round = 1; round <= ROUNDS; round++) {
    const slug = `race-${round}`
    const results = await Promise.all(Array.from({ length: CLIENTS }, (_, client) => send('PUT', `/datasets/${slug}`,
      // A quarter insist the dataset exists already (If-Match: *): 412 until another client created it.
      client % 4 === 3 ? { ...JSON_ADMIN, 'if-match': '*' } : JSON_ADMIN,
      json({ publisher: 'city', title: `client ${client}` }))))
    const statuses = results.map(r => r.status)
    t.equal(count(statuses, 201), 1, `round ${round}: one creation (${statuses.join(' ')})`)
    t.ok(statuses.every(s => [200, 201, 409, 412].includes(s)), 'the others succeed as updates or get a clean 409/412')
    const rows = await app.db.selectFrom('datasets').select(['id', 'title']).where('slug', '=', slug).execute()
    t.equal(rows.length, 1, 'one row')
    t.same(new Set(results.filter(r => r.status < 300).map(r => r.body.id)), new Set([rows[0]!.id]), 'every success names it')
  }
})

t.test('concurrent uploads to one distribution leave one consistent file and no orphan', async t => {
  const created = await send('POST', '/datasets/city-data/distributions', { ...ADMIN, 'content-type': MULTIPART },
    multipart(['title', 'Fichier'], { filename: 'start.csv', content: 'a,b\n' }))
  t.equal(created.status, 201, created.text)
  const id = created.body.id as string
  const path = `/distributions/${id}/file`
  for (let round = 1; round <= 3; round++) {
    const contents = Array.from({ length: CLIENTS }, (_, client) => Buffer.from(`round,client\n${round},${client}\n${'x'.repeat(50_000 * (client + 1))}\n`))
    const results = await Promise.all(contents.map((content, client) => send('PUT', path, { ...ADMIN, 'content-type': MULTIPART },
      multipart({ filename: `c${client}.csv`, content }))))
    t.same(results.map(r => r.status), contents.map(() => 200), `round ${round}: every replacement accepted`)
    const row = await app.db.selectFrom('distributions').select(['file_key', 'byte_size', 'checksum_sha256']).where('id', '=', id).executeTakeFirstOrThrow()
    const download = Buffer.from(await (await fetch(base + path)).arrayBuffer())
    t.equal(download.length, Number(row.byte_size), 'size matches the row')
    t.equal(sha256(download), row.checksum_sha256, 'sha256 matches the row')
    t.ok(contents.some(c => c.equals(download)), 'the bytes are one client\'s upload, whole')
    const keys = (await app.db.selectFrom('distributions').select('file_key').where('file_key', 'is not', null).execute())
      .map(r => `objects/${r.file_key!.slice(0, 2)}/${r.file_key}`).sort()
    t.same(await storedFiles(dir), keys, 'storage holds only the files rows name: no orphan, no temporary')
  }
})

t.test('concurrent uploads under one If-Match: exactly one replaces the file', async t => {
  const target = await app.db.selectFrom('distributions').select('id').where('file_key', 'is not', null).executeTakeFirstOrThrow()
  const path = `/distributions/${target.id}/file`
  for (let round = 1; round <= 3; round++) {
    const etag = (await fetch(base + path, { method: 'HEAD' })).headers.get('etag')!
    const results = await Promise.all(Array.from({ length: CLIENTS }, (_, client) => send('PUT', path,
      { ...ADMIN, 'content-type': MULTIPART, 'if-match': etag },
      multipart({ filename: 'x.csv', content: `if-match,${round},${client}\n${'y'.repeat(20_000)}` }))))
    const statuses = results.map(r => r.status)
    t.equal(count(statuses, 200), 1, `round ${round}: one winner (${statuses.join(' ')})`)
    t.equal(count(statuses, 412), CLIENTS - 1, 'the others are stale')
    const download = Buffer.from(await (await fetch(base + path)).arrayBuffer())
    t.equal(sha256(download), results.find(r => r.status === 200)!.body.checksum.value, 'the winner\'s bytes are served')
  }
  const keys = (await app.db.selectFrom('distributions').select('file_key').where('file_key', 'is not', null).execute())
    .map(r => `objects/${r.file_key!.slice(0, 2)}/${r.file_key}`).sort()
  t.same(await storedFiles(dir), keys, 'no orphan, no temporary')
})
