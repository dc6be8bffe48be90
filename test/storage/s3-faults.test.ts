// The S3 adapter when the store fails: faults injected under the SDK's retry loop (a middleware on a
// real client talking to s3rver), and aws-sdk-client-mock for what s3rver lacks (UploadPartCopy,
// ListMultipartUploads). Every failure ends promptly as a 503 and leaves no object behind.
import { createHash, randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand, DeleteObjectCommand,
  GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, PutObjectCommand,
  S3Client, S3ServiceException, UploadPartCopyCommand
} from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import t from 'tap'
import { createS3Client, S3Storage } from '../../src/storage/s3.js'
import type { Storage, TempObject } from '../../src/storage/storage.js'
import { listData, PART_SIZE, s3Storage, startS3 } from './s3rver.js'

const server = await startS3(t)
const MIB = 1024 * 1024
const content = Buffer.alloc(12 * MIB, 'bastille ')
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

const serviceError = (name: string, status: number) => () =>
  new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: name })
const slowDown = serviceError('SlowDown', 503)
const noSuchUpload = serviceError('NoSuchUpload', 404)
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })

/** Commands as they reach the network (each retry counts), and faults thrown instead of the next ones. */
function inject (storage: S3Storage, faults: Record<string, Array<() => Error>>): string[] {
  const seen: string[] = []
  storage.client.middlewareStack.add((next, context) => async (args) => {
    const name = context.commandName ?? ''
    seen.push(name)
    const fault = faults[name]?.shift()
    if (fault !== undefined) throw fault()
    return await next(args)
  }, { step: 'deserialize', name: 'injectFaults' })
  return seen
}

const always = (fault: () => Error): Array<() => Error> => Array.from({ length: 100 }, () => fault)

async function write (storage: Storage, bytes: Buffer): Promise<TempObject> {
  const temp = await storage.createTemp()
  async function * chunks (): AsyncGenerator<Buffer> {
    for (let i = 0; i < bytes.length; i += 64 * 1024) yield bytes.subarray(i, i + 64 * 1024)
  }
  try {
    await pipeline(Readable.from(chunks()), temp.stream)
  } catch (err) {
    await storage.discard(temp)
    throw err
  }
  return temp
}

t.test('SlowDown and a reset are retried: the upload completes intact', async t => {
  const storage = await s3Storage(server)
  const seen = inject(storage, { UploadPartCommand: [slowDown, reset], CompleteMultipartUploadCommand: [slowDown] })
  const key = randomUUID()
  await storage.commit(await write(storage, content), key)
  t.equal(seen.filter(name => name === 'UploadPartCommand').length, 5, 'three parts, two of them sent twice')
  t.equal(seen.filter(name => name === 'CompleteMultipartUploadCommand').length, 2)
  const chunks: Buffer[] = []
  for await (const chunk of await storage.read(key)) chunks.push(chunk as Buffer)
  t.equal(sha256(Buffer.concat(chunks)), sha256(content))
  await storage.delete(key)
})

t.test('a part that keeps failing ends the upload with a 503, aborts it and leaves nothing', async t => {
  const storage = await s3Storage(server)
  const seen = inject(storage, { UploadPartCommand: always(reset) })
  await t.rejects(write(storage, content), { statusCode: 503, code: 'BASTILLE_STORAGE_UNAVAILABLE' } as unknown as Error)
  t.ok(seen.includes('AbortMultipartUploadCommand'), 'the multipart upload is aborted')
  t.same(await listData(storage), [])
})

t.test('NoSuchUpload on abort (already gone) still ends in a 503 and leaves nothing', async t => {
  const storage = await s3Storage(server)
  inject(storage, { UploadPartCommand: always(slowDown), AbortMultipartUploadCommand: always(noSuchUpload) })
  await t.rejects(write(storage, content), { statusCode: 503 } as unknown as Error)
  t.same(await listData(storage), [])
})

t.test('a client that goes away mid-upload: the multipart upload is aborted', async t => {
  const storage = await s3Storage(server)
  const seen = inject(storage, {})
  const temp = await storage.createTemp()
  const source = new Readable({ read () {} })
  const piped = pipeline(source, temp.stream)
  source.push(content.subarray(0, 2 * PART_SIZE))
  while (!seen.includes('UploadPartCommand')) await new Promise(resolve => setImmediate(resolve))
  source.destroy(new Error('client disconnected'))
  await t.rejects(piped, /client disconnected/)
  await storage.discard(temp)
  t.ok(seen.includes('AbortMultipartUploadCommand'))
  t.same(await listData(storage), [])
})

t.test('reads, stats and commits that fail are 503s; the temporary can still be discarded', async t => {
  const storage = await s3Storage(server)
  const key = randomUUID()
  await storage.commit(await write(storage, Buffer.from('kept')), key)
  inject(storage, {
    GetObjectCommand: always(serviceError('InternalError', 500)),
    HeadObjectCommand: always(reset),
    CopyObjectCommand: always(slowDown)
  })
  await t.rejects(storage.read(key, { start: 0, end: 1 }), { statusCode: 503 } as unknown as Error)
  await t.rejects(storage.stat(key), { statusCode: 503 } as unknown as Error)
  const temp = await write(storage, Buffer.from('never committed'))
  await t.rejects(storage.commit(temp, randomUUID()), { statusCode: 503 } as unknown as Error)
  await storage.discard(temp)
  await storage.delete(key)
  t.same(await listData(storage), [])
})

t.test('/ready\'s probe fails when the bucket does not answer', async t => {
  const storage = await s3Storage(server)
  inject(storage, { HeadBucketCommand: always(reset) })
  await t.rejects(storage.probe(), { statusCode: 503 } as unknown as Error)
  const missing = new S3Storage(createS3Client({ ...server.settings, bucket: 'no-such-bucket' }), 'no-such-bucket')
  await t.rejects(missing.init(), { statusCode: 503 } as unknown as Error)
})

t.test('a range the store does not honour is refused', async t => {
  const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })
  const mock = mockClient(client)
  t.teardown(() => mock.restore())
  const storage = new S3Storage(client, 'bucket')
  mock.on(GetObjectCommand).resolves({ Body: Readable.from([Buffer.from('whole file')]) as never })
  await t.rejects(storage.read('abcdef0123456789', { start: 6, end: 9 }), { statusCode: 503 } as unknown as Error)
})

t.test('files past CopyObject\'s limit are copied part by part; a failed part copy is aborted', async t => {
  const client = new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })
  const mock = mockClient(client)
  t.teardown(() => mock.restore())
  const storage = new S3Storage(client, 'bucket', { copyLimit: 4 })
  mock.on(PutObjectCommand).resolves({ ETag: '"e"' })
  mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'copy-1' })
  mock.on(UploadPartCopyCommand).resolves({ CopyPartResult: { ETag: '"p"' } })
  mock.on(CompleteMultipartUploadCommand).resolves({})
  mock.on(DeleteObjectCommand).resolves({})
  await storage.commit(await write(storage, Buffer.from('ten bytes!')), 'abcdef0123456789')
  t.same(mock.commandCalls(UploadPartCopyCommand).map(call => call.args[0].input.CopySourceRange), ['bytes=0-3', 'bytes=4-7', 'bytes=8-9'])
  t.equal(mock.commandCalls(CopyObjectCommand).length, 0)
  t.same(mock.commandCalls(CompleteMultipartUploadCommand)[0]?.args[0].input.MultipartUpload?.Parts?.map(part => part.PartNumber), [1, 2, 3])

  mock.on(UploadPartCopyCommand).rejects(serviceError('InternalError', 500)())
  mock.on(AbortMultipartUploadCommand).rejects(noSuchUpload())
  const temp = await write(storage, Buffer.from('ten bytes!'))
  await t.rejects(storage.commit(temp, 'abcdef0123456789'), { statusCode: 503 } as unknown as Error)
  t.equal(mock.commandCalls(AbortMultipartUploadCommand).length, 1, 'the copy is aborted (NoSuchUpload ignored)')
  await storage.discard(temp)
})

t.test('multipart uploads of nodes that are gone are aborted by the sweep', async t => {
  const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })
  const mock = mockClient(client)
  t.teardown(() => mock.restore())
  const storage = new S3Storage(client, 'bucket', {}, 'aaaaaaaaaaaaaaaa')
  const now = new Date('2026-12-05T06:00:00Z')
  const live = 'bbbbbbbbbbbbbbbb'
  const gone = 'cccccccccccccccc'
  mock.on(PutObjectCommand).resolves({})
  mock.on(DeleteObjectCommand).resolves({})
  mock.on(HeadObjectCommand).resolves({ LastModified: now, ContentLength: 0 })
  mock.on(ListObjectsV2Command, { Prefix: 'leases/' }).resolves({
    Contents: [{ Key: `leases/${live}.json`, LastModified: now }, { Key: `leases/${gone}.json`, LastModified: new Date(now.getTime() - 3600_000) }]
  })
  mock.on(ListObjectsV2Command, { Prefix: 'tmp/' }).resolves({ Contents: [{ Key: 'tmp/unnamed-old-file', LastModified: new Date(0) }] })
  mock.on(ListObjectsV2Command, { Prefix: 'placing/' }).resolves({ Contents: [] })
  mock.on(ListMultipartUploadsCommand).resolvesOnce({
    IsTruncated: true,
    NextKeyMarker: 'k',
    Uploads: [{ Key: `tmp/${live}.${randomUUID()}`, UploadId: 'live-upload' }]
  }).resolves({ Uploads: [{ Key: `tmp/${gone}.${randomUUID()}`, UploadId: 'gone-upload' }] })
  mock.on(AbortMultipartUploadCommand).resolves({})
  t.equal(await storage.removeOrphanTemporaries(), 2, 'the unnamed old temporary and the gone node\'s upload')
  t.same(mock.commandCalls(AbortMultipartUploadCommand).map(call => call.args[0].input.UploadId), ['gone-upload'])
  t.ok(mock.commandCalls(DeleteObjectCommand).some(call => call.args[0].input.Key === `leases/${gone}.json`), 'the gone node\'s lease goes')

  mock.on(ListMultipartUploadsCommand).rejects(serviceError('AccessDenied', 403)())
  await t.rejects(storage.removeOrphanTemporaries(), { statusCode: 503 } as unknown as Error)
})
