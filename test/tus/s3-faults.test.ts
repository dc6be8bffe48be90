// Resumable uploads on the S3 adapter when the input is wrong or the store fails: a checksum mismatch loses
// nothing stored before; a Repr-Digest mismatch leaves no object and no row; termination and expiry abort
// the multipart upload; SlowDown, a reset or NoSuchUpload in a part are problems (503, 410), never a 500,
// and after the 503s the upload resumes. Faults are thrown under the SDK's retries, on a client on s3rver.
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { S3ServiceException, type AbortMultipartUploadCommandInput } from '@aws-sdk/client-s3'
import t from 'tap'
import type { S3Storage } from '../../src/storage/s3.js'
import { sweepExpiredUploads } from '../../src/tus/sweeper.js'
import { buildTestApp } from '../support/build-app.js'
import { listData, PART_SIZE, startS3 } from '../storage/s3rver.js'
import { seed } from './seed.js'

const MIB = 1024 * 1024
const server = await startS3(t)
const app = await buildTestApp(t, { storage: 's3', s3: { ...server.settings, partSize: PART_SIZE }, maxUploadBytes: 64 * MIB })
const { A, distribution, uploads } = await seed(app)
const storage = app.storage as S3Storage
const tusDb = app.db.withTables<{
  tus_uploads: { id: string, expires_at: Date, multipart_upload_id: string | null }
  tus_upload_parts: { upload_id: string, part_number: number }
  tus_upload_chunks: { upload_id: string, file_key: string, byte_size: string }
}>()

const digest = (algorithm: string, data: Buffer): string => createHash(algorithm).update(data).digest('base64')
const bytes = (size: number, fill: string): Buffer => Buffer.alloc(size, fill)
const serviceError = (name: string, status: number) => () =>
  new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: name })
const slowDown = serviceError('SlowDown', 503)
const noSuchUpload = serviceError('NoSuchUpload', 404)
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })

/** Throws `fault` instead of the `nth` next call of `command` (1: the next one); the commands seen. */
function inject (command: string, nth: number, fault: () => Error): () => void {
  let calls = 0
  const name = `fault-${Math.random()}`
  storage.client.middlewareStack.add((next, context) => async (args) => {
    if (context.commandName === command && ++calls === nth) throw fault()
    return await next(args)
  }, { step: 'deserialize', name })
  return () => { storage.client.middlewareStack.remove(name) }
}

/** The UploadIds Abort was sent for. */
const aborted: string[] = []
storage.client.middlewareStack.add((next, context) => async (args) => {
  if (context.commandName === 'AbortMultipartUploadCommand') aborted.push((args.input as AbortMultipartUploadCommandInput).UploadId!)
  return await next(args)
}, { step: 'initialize', name: 'seeAborts' })

async function create (length: number, headers: Record<string, string> = {}): Promise<{ path: string, id: string }> {
  const res = await app.inject({ method: 'POST', url: uploads, headers: { ...A, 'upload-length': String(length), ...headers } })
  if (res.statusCode !== 201) throw new Error(res.body)
  const path = new URL(res.headers.location as string).pathname
  return { path, id: path.split('/').pop()! }
}

const patch = async (path: string, offset: number, payload: Buffer | Readable, headers: Record<string, string> = {}) => await app.inject({
  method: 'PATCH',
  url: path,
  headers: { ...A, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset), ...headers },
  payload
})
const offsetOf = async (path: string): Promise<number> => Number((await app.inject({ method: 'HEAD', url: path, headers: A })).headers['upload-offset'])
const state = async (id: string) => ({
  parts: (await tusDb.selectFrom('tus_upload_parts').select('part_number').where('upload_id', '=', id).orderBy('part_number').execute()).map(row => row.part_number),
  chunks: (await tusDb.selectFrom('tus_upload_chunks').select(['file_key', 'byte_size']).where('upload_id', '=', id).execute())
})
const fileSha = async (): Promise<string> =>
  createHash('sha256').update((await app.inject({ method: 'GET', url: `/distributions/${distribution}/file` })).rawPayload).digest('hex')
const uploadIdOf = async (id: string): Promise<string> =>
  (await tusDb.selectFrom('tus_uploads').select('multipart_upload_id').where('id', '=', id).executeTakeFirstOrThrow()).multipart_upload_id!

t.test('a body without Content-Length is a 411: a part\'s size goes before its bytes', async t => {
  const { path } = await create(10)
  const res = await patch(path, 0, Readable.from([Buffer.from('0123456789')]))
  t.equal(res.statusCode, 411)
  t.match(res.json(), { type: 'urn:bastille:problem:tus-length-required', status: 411 })
  t.equal(await offsetOf(path), 0)
})

t.test('an Upload-Checksum mismatch discards that body only: the parts and the chunk before it stay', async t => {
  const source = Buffer.concat([bytes(6 * MIB, 'a'), bytes(5 * MIB, 'b')])
  const { path, id } = await create(source.length)
  t.equal((await patch(path, 0, source.subarray(0, 6 * MIB))).statusCode, 204)
  const before = await state(id)
  t.same(before.parts, [1])
  const rest = source.subarray(6 * MIB)
  const wrong = await patch(path, 6 * MIB, rest, { 'upload-checksum': `sha1 ${digest('sha1', Buffer.from('other'))}` })
  t.equal(wrong.statusCode, 460)
  t.equal(await offsetOf(path), 6 * MIB)
  t.same(await state(id), before, 'the same part rows and the same chunk')
  const right = await patch(path, 6 * MIB, rest, { 'upload-checksum': `sha1 ${digest('sha1', rest)}` })
  t.equal(right.statusCode, 204, right.body)
  t.equal(await fileSha(), createHash('sha256').update(source).digest('hex'), 'the part sent twice counts once')
})

t.test('a Repr-Digest mismatch at the end leaves no object and no row', async t => {
  const before = await listData(storage)
  const source = bytes(PART_SIZE + 10, 'r')
  const { path, id } = await create(source.length, { 'repr-digest': `sha-256=:${digest('sha256', Buffer.from('not this'))}:` })
  const res = await patch(path, 0, source)
  t.equal(res.statusCode, 460)
  t.equal(await tusDb.selectFrom('tus_uploads').select('id').where('id', '=', id).executeTakeFirst(), undefined, 'no session row')
  t.same(await state(id), { parts: [], chunks: [] })
  t.same(await listData(storage), before, 'the distribution\'s file only')
  t.not(await fileSha(), createHash('sha256').update(source).digest('hex'))
})

t.test('termination and expiry remove the chunks and abort the multipart upload', async t => {
  const before = await listData(storage)
  const terminated = await create(2 * PART_SIZE)
  t.equal((await patch(terminated.path, 0, bytes(PART_SIZE + 1, 't'))).statusCode, 204)
  const terminatedUpload = await uploadIdOf(terminated.id)
  t.equal((await app.inject({ method: 'DELETE', url: terminated.path, headers: A })).statusCode, 204)
  t.ok(aborted.includes(terminatedUpload), 'DELETE aborts it')

  const expired = await create(2 * PART_SIZE)
  t.equal((await patch(expired.path, 0, bytes(PART_SIZE + 1, 'e'))).statusCode, 204)
  const expiredUpload = await uploadIdOf(expired.id)
  await tusDb.updateTable('tus_uploads').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', expired.id).execute()
  t.equal(await sweepExpiredUploads(app), 1)
  t.ok(aborted.includes(expiredUpload), 'the sweeper aborts it')
  for (const id of [terminated.id, expired.id]) t.same(await state(id), { parts: [], chunks: [] })
  t.same(await listData(storage), before, 'their chunk objects are gone')
})

for (const [name, fault] of [['SlowDown', slowDown], ['a reset', reset]] as const) {
  t.test(`${name} in the second part is a 503; the first part stays and the upload resumes`, async t => {
    const source = bytes(2 * PART_SIZE + 7, name[0]!)
    const { path, id } = await create(source.length)
    const restore = inject('UploadPartCommand', 2, fault)
    const failed = await patch(path, 0, source)
    restore()
    t.equal(failed.statusCode, 503)
    t.equal(failed.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(failed.json(), { type: 'urn:bastille:problem:service-unavailable', status: 503 })
    t.equal(await offsetOf(path), PART_SIZE, 'part 1 is kept')
    t.same((await state(id)).parts, [1])
    const resumed = await patch(path, PART_SIZE, source.subarray(PART_SIZE))
    t.equal(resumed.statusCode, 204, resumed.body)
    t.equal(await fileSha(), createHash('sha256').update(source).digest('hex'))
  })
}

t.test('NoSuchUpload (the store dropped the parts) is a 410 that ends the session', async t => {
  const before = await listData(storage)
  const { path, id } = await create(PART_SIZE + 1)
  t.equal((await patch(path, 0, bytes(10, 'n'))).statusCode, 204, 'a chunk first')
  const restore = inject('UploadPartCommand', 1, noSuchUpload)
  const res = await patch(path, 10, bytes(PART_SIZE + 1 - 10, 'n'))
  restore()
  t.equal(res.statusCode, 410)
  t.match(res.json(), { type: 'urn:bastille:problem:multipart-gone', status: 410 })
  t.equal((await app.inject({ method: 'HEAD', url: path, headers: A })).statusCode, 404, 'the session is gone')
  t.same(await state(id), { parts: [], chunks: [] })
  t.same(await listData(storage), before, 'its chunk too')
})
