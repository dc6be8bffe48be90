// One PATCH body (or a creation-with-upload POST body) stored as one chunk object through the storage
// port. A dropped connection keeps what arrived, so the client resumes from there (tus core: the server
// should keep partial data); with Upload-Checksum, only a complete and matching body is kept.
import { createHash, type Hash } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FastifyRequest } from 'fastify'
import { newFileKey } from '../uploads/commit.js'
import { discardQuietly } from '../uploads/receive.js'
import { ChecksumMismatchError, PastLengthError, UploadLockedError } from './errors.js'
import type { Checksum } from './protocol.js'
import { addChunk, type UploadRow } from './queries.js'

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

export interface AppendOptions {
  upload: UploadRow
  /** The claim this request holds on the upload. */
  token: string
  checksum: Checksum | undefined
  expirySeconds: number
}

/** Stores the body after the upload's current offset; returns the new offset. */
export async function appendChunk (request: FastifyRequest, { upload, token, checksum, expirySeconds }: AppendOptions): Promise<number> {
  const { storage, db } = request.server
  const start = Number(upload.upload_offset)
  const temp = await storage.createTemp()
  const meter = new ChunkMeter(Number(upload.upload_length) - start, checksum?.algorithm)
  const state = { dropped: false }
  try {
    await pipeline(untilDropped(request.raw, state), meter, temp.stream)
  } catch (err) {
    await discardQuietly(storage, temp, request.log)
    throw err
  }
  const unverified = checksum !== undefined && state.dropped
  if (meter.bytes === 0 || unverified) {
    await discardQuietly(storage, temp, request.log)
    return start
  }
  if (checksum !== undefined && meter.hash!.digest('base64') !== checksum.digest) {
    await discardQuietly(storage, temp, request.log)
    throw new ChecksumMismatchError(`The body does not match Upload-Checksum ${checksum.algorithm}; it was discarded`)
  }
  const key = newFileKey()
  let placed = false
  try {
    await db.transaction().execute(async trx => {
      const recorded = await addChunk(trx, { uploadId: upload.id, token, start, size: meter.bytes, key, expirySeconds })
      if (!recorded) throw new UploadLockedError(upload.id)
      await storage.commit(temp, key)
      placed = true
    })
  } catch (err) {
    if (placed) await storage.delete(key).catch((e: unknown) => request.log.error({ err: e, key }, 'could not remove an uncommitted chunk'))
    else await discardQuietly(storage, temp, request.log)
    throw err
  }
  return start + meter.bytes
}
