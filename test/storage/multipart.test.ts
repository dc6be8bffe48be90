// The multipart capability of the storage port (MultipartTemporaries), on the S3 adapter against s3rver:
// parts sent by one node and completed by another, read back once, committed; and S3's limits, which
// s3rver does not enforce, enforced by Bastille.
import { createHash, randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import t from 'tap'
import { MAX_PART_SIZE, MIN_PART_SIZE, partSizeAt, partSizeFor } from '../../src/storage/part-size.js'
import type { MultipartTemporaries } from '../../src/storage/storage.js'
import { listData, PART_SIZE, s3Storage, startS3 } from './s3rver.js'

const MIB = 1024 * 1024
const server = await startS3(t)
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')
const content = Buffer.alloc(2 * PART_SIZE + 3, 'multipart ')

async function readAll (stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** A part's bytes, in 64 KiB pieces as a request body brings them. */
const piecesOf = (bytes: Buffer): Readable => Readable.from((function * () {
  for (let i = 0; i < bytes.length; i += 64 * 1024) yield bytes.subarray(i, i + 64 * 1024)
})())

t.test('the part size fits the upload in the allowed number of parts, within S3\'s limits', async t => {
  t.equal(partSizeFor(1, PART_SIZE, 10_000), PART_SIZE)
  t.equal(partSizeFor(3 * 1024 ** 3, 8 * MIB, 10_000), 8 * MIB, 'a 3 GiB file in 384 parts of 8 MiB')
  t.equal(partSizeFor(100 * 1024 ** 3, 8 * MIB, 10_000), Math.ceil(100 * 1024 ** 3 / 10_000), 'larger parts past 10,000 × 8 MiB')
  t.equal(partSizeFor(10 * 1024 ** 3, 8 * MIB, 1000), Math.ceil(10 * 1024 ** 3 / 1000), 'a clone allowing 1,000 parts')
  t.equal(partSizeFor(1, 1, 10_000), MIN_PART_SIZE, 'never under 5 MiB')
  t.throws(() => partSizeFor(MAX_PART_SIZE * 1000 + 1, 8 * MIB, 1000), { statusCode: 413 } as unknown as Error, 'past 1,000 parts of 5 GiB')
  t.same([1, 2, 3, 4].map(n => partSizeAt(2 * PART_SIZE + 3, PART_SIZE, n)), [PART_SIZE, PART_SIZE, 3, 0], 'the last part is what is left')
})

t.test('parts sent by one node, completed by another, read back and committed', async t => {
  const nodeA = await s3Storage(server)
  const nodeB = await s3Storage(server)
  const a = nodeA.multipart
  const b = nodeB.multipart
  const handle = await a.start(content.length)
  t.equal(handle.partSize, PART_SIZE)
  t.match(handle.key, /^resumable\//, 'outside tmp/, which dies with the node that made it')
  const part = (n: number): Buffer => content.subarray((n - 1) * PART_SIZE, n * PART_SIZE)
  const parts = [{ number: 1, etag: await a.uploadPart(handle, 1, piecesOf(part(1))), size: PART_SIZE }]
  // Node A is gone: its sweep of orphan temporaries leaves the upload alone.
  await nodeA.releaseLease()
  await nodeB.removeOrphanTemporaries()
  parts.push({ number: 2, etag: await b.uploadPart(handle, 2, piecesOf(part(2))), size: PART_SIZE })
  parts.push({ number: 3, etag: await b.uploadPart(handle, 3, piecesOf(part(3))), size: 3 })
  const temp = await b.complete(handle, parts)
  t.equal(sha256(await readAll(await b.readTemp(temp))), sha256(content), 'read back once, to hash it')
  const key = randomUUID()
  await nodeB.commit(temp, key)
  t.equal(sha256(await readAll(await nodeB.read(key))), sha256(content))
  t.same(await listData(nodeB), [`objects/${key}`], 'the completed object moved into place')
  await nodeB.delete(key)
})

t.test('a completed upload that fails its check is discarded: no object stays', async t => {
  const storage = await s3Storage(server)
  const handle = await storage.multipart.start(3)
  const temp = await storage.multipart.complete(handle, [{ number: 1, etag: await storage.multipart.uploadPart(handle, 1, piecesOf(Buffer.from('abc'))), size: 3 }])
  await storage.discard(temp)
  t.same(await listData(storage), [])
})

t.test('abort drops an upload completed but never committed (a crash between the two)', async t => {
  const storage = await s3Storage(server)
  const handle = await storage.multipart.start(3)
  await storage.multipart.complete(handle, [{ number: 1, etag: await storage.multipart.uploadPart(handle, 1, piecesOf(Buffer.from('abc'))), size: 3 }])
  const listed = async () => (await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: 'resumable/' }))).KeyCount
  t.equal(await listed(), 1)
  await storage.multipart.abort(handle)
  t.equal(await listed(), 0)
})

t.test('parts outside the upload, or a part list that does not make it, are refused before the store sees them', async t => {
  const { multipart }: { multipart: MultipartTemporaries } = await s3Storage(server)
  const handle = await multipart.start(PART_SIZE + 1)
  await t.rejects(multipart.uploadPart(handle, 3, piecesOf(Buffer.from('x'))), /outside an upload/)
  const etag = await multipart.uploadPart(handle, 2, piecesOf(Buffer.from('x')))
  await t.rejects(multipart.complete(handle, [{ number: 2, etag, size: 1 }]), /do not make/)
  await t.rejects(multipart.uploadPart(handle, 1, piecesOf(Buffer.alloc(10))), { statusCode: 503 } as unknown as Error, 'a body short of its part fails')
  // s3rver answers 405 to Abort: best effort, never a failure.
  await multipart.abort(handle)
  await multipart.abort({ ...handle, uploadId: 'no-such-upload' })
})
