// One PATCH body (or a creation-with-upload POST body) stored through the storage port: on a store that
// assembles parts (S3), the full parts go straight to the upload's multipart upload (parts.ts); the bytes
// after the last full part are kept as one chunk object, sent first in the next part. A dropped connection
// keeps what arrived (tus core: the server should keep partial data), but for a part cut short; with
// Upload-Checksum, only a complete and matching body is kept.
import { createHash, type Hash } from 'node:crypto'
import { Readable, Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FastifyRequest } from 'fastify'
import { MultipartGoneError } from '../errors.js'
import { deleteStoredFiles, newFileKey } from '../uploads/commit.js'
import { discardQuietly } from '../uploads/receive.js'
import type { TempObject } from '../storage/storage.js'
import { ChecksumMismatchError, LengthRequiredError, PastLengthError, UploadLockedError } from './errors.js'
import { sendParts, type PartsSent } from './parts.js'
import type { Checksum } from './protocol.js'
import { multipartOf, recordAppend, uploadChunks, type UploadRow } from './queries.js'
import { ByteSource } from './byte-source.js'

/** Counts the bytes (refusing more than `limit`) and digests them for Upload-Checksum. */
class ChunkMeter extends Transform {
  bytes = 0
  readonly hash: Hash | undefined

  constructor (private readonly limit: number, algorithm: string | undefined) {
    super()
    this.hash = algorithm === undefined ? undefined : createHash(algorithm)
  }

  override _transform (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length
    if (this.bytes > this.limit) return callback(new PastLengthError(this.limit))
    this.hash?.update(chunk)
    callback(null, chunk)
  }
}

/** The request body, ending early rather than failing when the client's connection drops. */
async function * untilDropped (source: AsyncIterable<Buffer>, state: { dropped: boolean }): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of source) yield chunk
  } catch {
    state.dropped = true
  }
}

function declaredLength (request: FastifyRequest): number | undefined {
  const header = request.headers['content-length']
  return header === undefined ? undefined : Number(header)
}

export interface AppendOptions {
  upload: UploadRow
  /** The claim this request holds on the upload. */
  token: string
  checksum: Checksum | undefined
  expirySeconds: number
}

/** Stores the body after the upload's current offset; returns the new offset. */
export async function appendBody (request: FastifyRequest, { upload, token, checksum, expirySeconds }: AppendOptions): Promise<number> {
  const { storage, db } = request.server
  const start = Number(upload.upload_offset)
  const remaining = Number(upload.upload_length) - start
  const handle = multipartOf(upload)
  // Its parts are in a bucket this node no longer uses (STORAGE changed meanwhile): nothing can complete it.
  if (handle !== undefined && storage.multipart === undefined) throw new MultipartGoneError(handle.key)
  const declared = declaredLength(request)
  if (declared !== undefined && declared > remaining) throw new PastLengthError(remaining)
  // A part's size is sent before its bytes: only a declared body is cut into parts.
  if (handle !== undefined && declared === undefined) throw new LengthRequiredError()
  const meter = new ChunkMeter(remaining, checksum?.algorithm)
  const state = { dropped: false }
  const body = Readable.from(untilDropped(request.raw, state)).pipe(meter)

  const sent: PartsSent = handle === undefined || storage.multipart === undefined
    ? { parts: [], rest: new ByteSource(body) }
    : await sendParts(storage, start, { multipart: storage.multipart, handle, chunks: await uploadChunks(db, upload.id), body, declared: declared! })
  const { parts, rest, failure } = sent
  const partsEnd = parts.length === 0 ? start : parts.at(-1)!.start + parts.at(-1)!.size
  // After a failed part the rest of the body is not read: the client resends from the offset it is told.
  const tail = failure === undefined ? await receiveRest(request, rest) : undefined
  const discard = async (): Promise<void> => { if (tail !== undefined) await discardQuietly(storage, tail.temp, request.log) }

  if (checksum !== undefined) {
    if (failure !== undefined || state.dropped) {
      await discard()
      if (state.dropped) return start
      throw failure
    }
    if (meter.hash!.digest('base64') !== checksum.digest) {
      await discard()
      throw new ChecksumMismatchError(`The body does not match Upload-Checksum ${checksum.algorithm}; it was discarded`)
    }
  }
  const end = partsEnd + (tail?.bytes ?? 0)
  if (end !== start) await record(request, { upload, token, expirySeconds, parts, temp: tail?.temp, start, partsEnd, end })
  // The parts stored before the failure are kept: the client resumes after them.
  if (failure !== undefined && !state.dropped) throw failure
  return end
}

/** What is left of the body, as a temporary object; undefined when nothing is. */
async function receiveRest (request: FastifyRequest, rest: ByteSource): Promise<{ temp: TempObject, bytes: number } | undefined> {
  const { storage } = request.server
  const temp = await storage.createTemp()
  const before = rest.consumed
  try {
    await pipeline(rest.rest(), temp.stream)
  } catch (err) {
    await discardQuietly(storage, temp, request.log)
    throw err
  }
  const bytes = rest.consumed - before
  if (bytes > 0) return { temp, bytes }
  await discardQuietly(storage, temp, request.log)
  return undefined
}

interface Stored {
  upload: UploadRow
  token: string
  expirySeconds: number
  parts: PartsSent['parts']
  temp: TempObject | undefined
  start: number
  partsEnd: number
  end: number
}

/** Places the chunk and writes the rows in one transaction, under the claim; then removes the chunks parts replaced. */
async function record (request: FastifyRequest, { upload, token, expirySeconds, parts, temp, start, partsEnd, end }: Stored): Promise<void> {
  const { storage, db } = request.server
  const key = temp === undefined ? undefined : newFileKey()
  let placed = false
  let replaced: string[]
  try {
    replaced = await db.transaction().execute(async trx => {
      const chunk = key === undefined ? undefined : { start: partsEnd, size: end - partsEnd, key }
      const recorded = await recordAppend(trx, { uploadId: upload.id, token, from: start, to: end, parts, chunk, expirySeconds })
      if (recorded === undefined) throw new UploadLockedError(upload.id)
      if (temp !== undefined && key !== undefined) {
        await storage.commit(temp, key)
        placed = true
      }
      return recorded
    })
  } catch (err) {
    if (placed) await storage.delete(key!).catch((e: unknown) => request.log.error({ err: e, key }, 'could not remove an uncommitted chunk'))
    else if (temp !== undefined) await discardQuietly(storage, temp, request.log)
    throw err
  }
  await deleteStoredFiles(request.server, replaced)
}
