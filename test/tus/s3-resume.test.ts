// A resumable upload on the S3 adapter (s3rver): PATCHes not aligned to the 5 MiB parts (7 MiB + 1 byte, then
// 4 MiB cut after 3.5 MiB on node A, then 1 byte and the rest on node B), over real HTTP. Full parts go to one
// S3 multipart upload, recorded in PostgreSQL; only the remainder after the last part is a chunk object.
import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import { ListObjectsV2Command, type UploadPartCommandInput } from '@aws-sdk/client-s3'
import t from 'tap'
import type { S3Storage } from '../../src/storage/s3.js'
import { listData, PART_SIZE, startS3 } from '../storage/s3rver.js'
import { twoNodes } from './nodes.js'
import { seed } from './seed.js'

const MIB = 1024 * 1024
const server = await startS3(t)
const { db, nodeA, nodeB, port, baseB } = await twoNodes(t, { storage: 's3', s3: { ...server.settings, partSize: PART_SIZE }, maxUploadBytes: 64 * MIB })
const { A, distribution, uploads } = await seed(nodeA)
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')
const tusDb = db.withTables<{
  tus_uploads: { id: string, claim_token: string | null }
  tus_upload_parts: { upload_id: string, part_number: number, byte_size: string }
  tus_upload_chunks: { upload_id: string, start_offset: string, byte_size: string }
}>()

/** Part numbers each node's client has started sending, and stored (UploadPart answered). */
function partsSeen (storage: S3Storage): { started: number[], stored: number[] } {
  const seen = { started: [] as number[], stored: [] as number[] }
  storage.client.middlewareStack.add((next, context) => async (args) => {
    if (context.commandName !== 'UploadPartCommand') return await next(args)
    const number = (args.input as UploadPartCommandInput).PartNumber!
    seen.started.push(number)
    const result = await next(args)
    seen.stored.push(number)
    return result
  }, { step: 'initialize', name: 'countParts' })
  return seen
}
const onA = partsSeen(nodeA.storage as S3Storage)
const onB = partsSeen(nodeB.storage as S3Storage)
const claimed = async (id: string): Promise<boolean> =>
  (await tusDb.selectFrom('tus_uploads').select('claim_token').where('id', '=', id).executeTakeFirstOrThrow()).claim_token !== null

/** A PATCH announcing `length` bytes from `offset`, of which only `sent` are sent; resolves once the server let go. */
async function cutPatch (base: string, path: string, offset: number, length: number, sent: Buffer, cutWhen: () => boolean): Promise<void> {
  const request = http.request(`${base}${path}`, {
    method: 'PATCH',
    headers: { ...A, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset), 'content-length': String(length) }
  })
  request.on('error', () => {})
  request.write(sent)
  await until(cutWhen)
  request.destroy()
  await until(async () => !await claimed(path.split('/').pop()!))
}

const rows = async (id: string) => ({
  parts: (await tusDb.selectFrom('tus_upload_parts').select(['part_number', 'byte_size']).where('upload_id', '=', id).orderBy('part_number').execute())
    .map(row => [row.part_number, Number(row.byte_size)]),
  chunks: (await tusDb.selectFrom('tus_upload_chunks').select(['start_offset', 'byte_size']).where('upload_id', '=', id).orderBy('start_offset').execute())
    .map(row => [Number(row.start_offset), Number(row.byte_size)])
})

async function until (check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 2000 && !await check(); i++) await new Promise(resolve => setTimeout(resolve, 10))
}

const patch = async (base: string, path: string, offset: number, body: Buffer, headers: Record<string, string> = {}) =>
  await fetch(`${base}${path}`, {
    method: 'PATCH',
    headers: { ...A, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset), ...headers },
    body
  })

t.test('parts straight to S3 multipart, cut mid-PATCH on node A, resumed on node B', async t => {
  const source = randomBytes(3 * PART_SIZE + MIB + 5)
  const baseA = `http://127.0.0.1:${port}`
  const created = await fetch(`${baseB}${uploads}`, { method: 'POST', headers: { ...A, 'upload-length': String(source.length) } })
  t.equal(created.status, 201)
  const { pathname } = new URL(created.headers.get('location')!)
  const id = pathname.split('/').pop()!

  const first = 7 * MIB + 1
  const patched = await patch(baseA, pathname, 0, source.subarray(0, first))
  t.equal(patched.status, 204)
  t.equal(patched.headers.get('upload-offset'), String(first))
  t.same(await rows(id), { parts: [[1, PART_SIZE]], chunks: [[PART_SIZE, first - PART_SIZE]] }, 'one part in S3, the 2 MiB + 1 after it a chunk')

  // 4 MiB announced, 3.5 MiB sent: part 2 (the chunk, then 3 MiB - 1 of the body) fills, then the socket is cut.
  const sent = 7 * MIB / 2
  await cutPatch(baseA, pathname, first, 4 * MIB, source.subarray(first, first + sent), () => onA.stored.includes(2))

  const head = await fetch(`${baseB}${pathname}`, { method: 'HEAD', headers: A })
  const offset = Number(head.headers.get('upload-offset'))
  t.ok(offset >= 2 * PART_SIZE && offset <= first + sent, `node B sees part 2 and what followed it: ${offset}`)
  const cut = await rows(id)
  t.same(cut.parts, [[1, PART_SIZE], [2, PART_SIZE]], 'the part completed before the cut is kept')
  t.ok(cut.chunks.every(([start]) => start! >= 2 * PART_SIZE), 'the chunk part 2 took is gone')

  t.equal((await patch(baseB, pathname, offset, source.subarray(offset, offset + 1))).status, 204, 'one byte: a chunk, no part')
  const chunked = await rows(id)
  t.same(chunked.parts, cut.parts)

  // The rest announced, 1 MiB sent: part 3 starts and cannot fill. Its request ends at once (not at the
  // store's timeout), and what it had read is lost, but nothing stored before.
  const startedAt = Date.now()
  await cutPatch(baseB, pathname, offset + 1, source.length - offset - 1, source.subarray(offset + 1, offset + 1 + MIB), () => onB.started.includes(3))
  t.ok(Date.now() - startedAt < 10_000, 'the cut part ends its request promptly')
  t.same(await rows(id), chunked, 'the parts and the chunks before the cut part stay')
  t.equal(Number((await fetch(`${baseB}${pathname}`, { method: 'HEAD', headers: A })).headers.get('upload-offset')), offset + 1)
  const last = await patch(baseB, pathname, offset + 1, source.subarray(offset + 1), {
    'repr-digest': `sha-256=:${createHash('sha256').update(source).digest('base64')}:`
  })
  t.equal(last.status, 204, await last.text())
  t.equal(last.headers.get('upload-offset'), String(source.length))

  t.same(onA.stored, [1, 2], 'node A stored parts 1 and 2')
  t.same(onB.stored, [3, 4], 'node B stored parts 3 and 4')
  const file = Buffer.from(await (await fetch(`${baseB}/distributions/${distribution}/file`)).arrayBuffer())
  t.equal(sha256(file), sha256(source), 'the file is the source, byte for byte')
  const row = await db.selectFrom('distributions').select(['file_key', 'checksum_sha256', 'byte_size']).where('id', '=', distribution).executeTakeFirstOrThrow()
  t.same([row.checksum_sha256, Number(row.byte_size)], [sha256(source), source.length])
  t.same(await rows(id), { parts: [], chunks: [] }, 'the session is over')
  const storage = nodeB.storage as S3Storage
  t.same(await listData(storage), [`objects/${row.file_key!}`], 'no chunk and no temporary left')
  const resumable = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: 'resumable/' }))
  t.equal(resumable.KeyCount, 0, 'the completed upload moved into place')
})
