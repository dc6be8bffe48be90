// The whole app with STORAGE=s3 against s3rver on loopback: an upload large enough for a multipart
// upload, downloads with Range and If-None-Match, a delete, the limit, store failures and /ready.
import { createHash } from 'node:crypto'
import { S3ServiceException } from '@aws-sdk/client-s3'
import t from 'tap'
import type { S3Storage } from '../../src/storage/s3.js'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { MULTIPART, multipart, seed } from '../files/helpers.js'
import { listData, startS3 } from './s3rver.js'

const MIB = 1024 * 1024
const LIMIT = 20 * MIB
const server = await startS3(t)
const app = await buildTestApp(t, { storage: 's3', s3: server.settings, maxUploadBytes: LIMIT })
await seed(app)
const storage = app.storage as S3Storage

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex')
const content = Buffer.alloc(12 * MIB + 7, 'id;nom;commune\n')
const count = async () => Number((await app.db.selectFrom('distributions').select(eb => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
const post = (file: Buffer) => app.inject({
  method: 'POST',
  url: '/datasets/city-data/distributions',
  headers: { ...ADMIN, 'content-type': MULTIPART },
  payload: multipart(['title', 'Adresses'], ['licence', 'odbl-1.0'], { filename: 'adresses.csv', content: file, contentType: 'text/csv' })
})

/** Faults thrown instead of the next requests of one command, under the SDK's retries. */
function inject (command: string, fault: () => Error): () => void {
  const name = `fault-${command}-${Math.random()}`
  storage.client.middlewareStack.add((next, context) => async (args) => {
    if (context.commandName === command) throw fault()
    return await next(args)
  }, { step: 'deserialize', name })
  return () => { storage.client.middlewareStack.remove(name) }
}
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
const internal = () => new S3ServiceException({ name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 }, message: 'We encountered an internal error' })

t.test('an upload goes to the bucket, downloads with Range and If-None-Match, and goes with its distribution', async t => {
  const created = await post(content)
  t.equal(created.statusCode, 201, created.body)
  const body = created.json()
  t.equal(body.byteSize, content.length)
  t.equal(body.checksum?.value ?? body.checksumSha256 ?? sha256(content), sha256(content))
  const row = await app.db.selectFrom('distributions').select(['file_key', 'checksum_sha256']).where('id', '=', body.id).executeTakeFirstOrThrow()
  t.equal(row.checksum_sha256, sha256(content), 'sha256 computed while streaming')
  t.same(await listData(storage), [`objects/${row.file_key}`], 'one object, no temporary')

  const whole = await app.inject({ method: 'GET', url: `/distributions/${body.id}/file` })
  t.equal(whole.statusCode, 200)
  t.equal(whole.headers['content-length'], String(content.length))
  t.equal(sha256(whole.rawPayload), sha256(content))
  const etag = whole.headers.etag as string
  t.equal(etag, `"${sha256(content)}"`)

  const start = 8 * MIB - 3
  const part = await app.inject({ method: 'GET', url: `/distributions/${body.id}/file`, headers: { range: `bytes=${start}-${start + 99}` } })
  t.equal(part.statusCode, 206)
  t.equal(part.headers['content-range'], `bytes ${start}-${start + 99}/${content.length}`)
  t.same(part.rawPayload, content.subarray(start, start + 100), 'a range across two parts')
  const first = await app.inject({ method: 'GET', url: `/distributions/${body.id}/file`, headers: { range: 'bytes=0-0' } })
  t.same(first.rawPayload, content.subarray(0, 1))
  const cached = await app.inject({ method: 'GET', url: `/distributions/${body.id}/file`, headers: { 'if-none-match': etag } })
  t.equal(cached.statusCode, 304)
  t.equal(cached.rawPayload.length, 0)

  const removed = await app.inject({ method: 'DELETE', url: `/distributions/${body.id}`, headers: ADMIN })
  t.equal(removed.statusCode, 204, removed.body)
  t.same(await listData(storage), [], 'the object is removed')
})

t.test('a file over MAX_UPLOAD_BYTES is a 413; its multipart upload is aborted, nothing stays', async t => {
  const before = await count()
  const res = await post(Buffer.alloc(LIMIT + 1, 'x'))
  t.equal(res.statusCode, 413)
  t.equal(await count(), before)
  t.same(await listData(storage), [])
})

t.test('a store that fails mid-upload is a 503 problem, never a hang, and leaves no object and no row', async t => {
  const before = await count()
  const restore = inject('UploadPartCommand', reset)
  t.teardown(restore)
  const res = await post(content)
  t.equal(res.statusCode, 503)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(res.json(), { type: 'urn:bastille:problem:service-unavailable', status: 503 })
  t.ok(res.headers['retry-after'], 'the client is told when to retry')
  t.equal(await count(), before)
  t.same(await listData(storage), [])
})

t.test('a download the store cannot serve is a 503 problem before any byte', async t => {
  const created = await post(Buffer.from('a;b\n1;2\n'))
  t.equal(created.statusCode, 201)
  const restore = inject('GetObjectCommand', internal)
  const res = await app.inject({ method: 'GET', url: `/distributions/${created.json().id}/file` })
  restore()
  t.equal(res.statusCode, 503)
  t.match(res.json(), { status: 503 })
  const again = await app.inject({ method: 'GET', url: `/distributions/${created.json().id}/file` })
  t.equal(again.body, 'a;b\n1;2\n')
})

t.test('/ready reports the object store', async t => {
  t.equal((await app.inject('/ready')).statusCode, 200)
  const restore = inject('HeadBucketCommand', reset)
  const res = await app.inject('/ready')
  restore()
  t.equal(res.statusCode, 503)
  t.match(res.json(), { detail: 'The object store is unreachable' })
})
