// The S3 adapter's resumable parts (MultipartTemporaries in storage.ts): a resumable upload is one S3
// multipart upload at `resumable/<uuid>`. Not under `tmp/`: a temporary there belongs to the node that made
// it and dies with its lease, while these outlive any node; PostgreSQL tracks them, and the uploads'
// expiry aborts them (the bucket's AbortIncompleteMultipartUpload rule when a store has no Abort).
import { randomUUID } from 'node:crypto'
import { Transform, type Readable } from 'node:stream'
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, DeleteObjectCommand, UploadPartCommand, type S3Client
} from '@aws-sdk/client-s3'
import { MultipartGoneError } from '../errors.js'
import { partSizeAt, partSizeFor } from './part-size.js'
import type { MultipartHandle, MultipartTemporaries, StoredPart, TempObject } from './storage.js'

export interface S3MultipartOptions {
  client: S3Client
  bucket: string
  /** Bytes per part unless the upload needs larger ones to fit in `maxParts`. */
  partSize: number
  maxParts: number
  /** Calls to the store, failures turned into 503 problems (s3.ts). */
  guard: <T>(operation: () => Promise<T>) => Promise<T>
  /** Makes a completed object the adapter's temporary, for commit() and discard(). */
  adopt: (name: string, bytes: number) => TempObject
  /** The bytes of a temporary (s3.ts knows its name). */
  readTemp: (temp: TempObject) => Promise<Readable>
}

const isNoSuchUpload = (err: unknown): boolean => (err as { name?: string }).name === 'NoSuchUpload'

/**
 * `body`, failing unless it is exactly `size` bytes. A failed body aborts the request through `controller`:
 * the HTTP client would otherwise wait for the bytes its Content-Length promised until it times out.
 */
function exactly (body: Readable, size: number, controller: AbortController): Readable {
  let seen = 0
  const checked = new Transform({
    transform (chunk: Buffer, _encoding, callback) {
      seen += chunk.length
      callback(seen > size ? new Error(`The part is longer than its ${size} bytes`) : null, chunk)
    },
    flush (callback) {
      callback(seen < size ? new Error(`The part ended ${size - seen} bytes short of its ${size}`) : null)
    }
  })
  body.once('error', err => { checked.destroy(err) })
  checked.once('error', err => { controller.abort(err) })
  return body.pipe(checked)
}

export function s3Multipart ({ client, bucket, partSize, maxParts, guard, adopt, readTemp }: S3MultipartOptions): MultipartTemporaries {
  /** NoSuchUpload: the store dropped the upload (aborted, or its lifecycle rule ran); no retry brings it back. */
  const call = async <T>(handle: MultipartHandle, operation: () => Promise<T>): Promise<T> => await guard(async () => {
    try {
      return await operation()
    } catch (err) {
      if (isNoSuchUpload(err)) throw Object.assign(new MultipartGoneError(handle.key), { cause: err })
      throw err
    }
  })

  return {
    async start (length) {
      const size = partSizeFor(length, partSize, maxParts)
      const key = `resumable/${randomUUID()}`
      const { UploadId } = await guard(async () => await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key })))
      if (UploadId === undefined) throw new Error('The store started a multipart upload without an UploadId')
      return { key, uploadId: UploadId, length, partSize: size }
    },

    async uploadPart (handle, number, body: Readable) {
      const size = partSizeAt(handle.length, handle.partSize, number)
      if (size === 0 || number > maxParts) throw new Error(`Part ${number} is outside an upload of ${handle.length} bytes`)
      const controller = new AbortController()
      const { ETag } = await call(handle, async () => await client.send(new UploadPartCommand({
        Bucket: bucket, Key: handle.key, UploadId: handle.uploadId, PartNumber: number, Body: exactly(body, size, controller), ContentLength: size
      }), { abortSignal: controller.signal }))
      if (ETag === undefined) throw new Error(`The store answered part ${number} without an ETag`)
      return ETag
    },

    async complete (handle, parts: StoredPart[]) {
      const bytes = parts.reduce((sum, part) => sum + part.size, 0)
      if (bytes !== handle.length || parts.some((part, i) => part.number !== i + 1)) {
        throw new Error(`Parts 1…${parts.length} (${bytes} bytes) do not make the ${handle.length} bytes of ${handle.key}`)
      }
      await call(handle, async () => await client.send(new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: handle.key,
        UploadId: handle.uploadId,
        MultipartUpload: { Parts: parts.map(part => ({ PartNumber: part.number, ETag: part.etag })) }
      })))
      return adopt(handle.key, bytes)
    },

    readTemp,

    async abort (handle) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: handle.key, UploadId: handle.uploadId })).catch(() => {})
      // Completed, then left by a crash before it moved into place (an expired session's).
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: handle.key })).catch(() => {})
    }
  }
}
