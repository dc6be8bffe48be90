// Storage in an S3-compatible bucket (AWS, MinIO, OVHcloud, Scaleway, Ceph RGW…), the same port as
// the local folder so that several stateless nodes share one store (SPEC §7). Layout in the bucket:
//   tmp/<instance>.<uuid>       an upload being written (a multipart upload until it completes)
//   resumable/<uuid>            a resumable upload's multipart upload, tracked in PostgreSQL (s3-multipart.ts)
//   objects/<key>               committed files
//   leases/<instance>.json      one per running node, rewritten every LEASE_RENEW_MS
//   placing/<instance>.<key>    a node is copying a file to `key` while its row commits
// Liveness is judged by the bucket's own clock (LastModified), so nodes' clocks need not agree.
import { randomBytes, randomUUID } from 'node:crypto'
import os from 'node:os'
import { PassThrough, Transform, Writable, type Readable } from 'node:stream'
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand,
  DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListMultipartUploadsCommand,
  ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException, UploadPartCopyCommand
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { NotFoundError, StorageUnavailableError } from '../errors.js'
import { LEASE_EXPIRY_MS, PLACING_MARKER_MS, UNOWNED_TEMPORARY_MS } from './local.js'
import { MAX_PARTS } from './part-size.js'
import { s3Multipart } from './s3-multipart.js'
import { assertKey, KEY_PATTERN, type ByteRange, type MultipartTemporaries, type Storage, type StoredObject, type TempObject } from './storage.js'

export interface S3Settings {
  bucket: string
  /** Absent: AWS itself. */
  endpoint?: string | undefined
  region: string
  /** `https://endpoint/bucket/key` rather than `https://bucket.endpoint/key` (MinIO, Ceph, most clones). */
  forcePathStyle?: boolean | undefined
  /** Bytes per multipart part (at least 5 MiB); parts in flight × this is the memory an upload takes. */
  partSize?: number | undefined
  /** Parts a multipart upload may have: 10,000 on AWS, 1,000 on some clones. */
  maxParts?: number | undefined
}

export interface S3Tuning extends Pick<S3Settings, 'partSize' | 'maxParts'> {
  /** Parts uploaded at once. */
  queueSize?: number
  /** Objects larger than this are copied part by part (S3 CopyObject stops at 5 GiB). */
  copyLimit?: number
}

const MIB = 1024 * 1024
const COPY_LIMIT = 5 * 1024 * MIB
/** Part size of a server-side multipart copy (≤ 10,000 parts up to 5 TiB). */
const COPY_PART = 512 * MIB
const EMPTY = new Uint8Array(0)
const TEMP_ID = /^([0-9a-f]{16})\.[0-9a-f-]{36}$/
const PLACING = /^([0-9a-f]{16})\.(.+)$/

/** A client for these settings; credentials come from the SDK's default chain (AWS_ACCESS_KEY_ID…). */
export function createS3Client (settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    forcePathStyle: settings.forcePathStyle ?? false,
    // Retries (SlowDown, 503, resets) with backoff; then the request fails rather than hangs.
    maxAttempts: 4,
    requestHandler: { connectionTimeout: 5000, requestTimeout: 120_000 },
    // S3 clones reject or mishandle the newer default CRC checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED'
  })
}

/** The service's error name (NoSuchKey, NotFound, NoSuchUpload…), or undefined for network errors. */
function s3Code (err: unknown): string | undefined {
  return err instanceof S3ServiceException ? err.name : undefined
}

const isMissing = (err: unknown): boolean => {
  const code = s3Code(err)
  return code === 'NoSuchKey' || code === 'NotFound' || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
}

/** Any failure of the store reaches clients as a 503 problem, the cause kept for the log. */
export function unavailable (err: unknown): Error {
  if ((err as { statusCode?: number }).statusCode !== undefined) return err as Error
  const reason = s3Code(err) ?? (err as Error).name ?? 'Error'
  return Object.assign(new StorageUnavailableError(`${reason}: ${(err as Error).message}`), { cause: err })
}

export async function guard<T> (operation: () => Promise<T>): Promise<T> {
  try {
    return await operation()
  } catch (err) {
    throw unavailable(err)
  }
}

/**
 * Checks the range a store served: some clones (s3rver for `bytes=0-0`) send more than asked; the
 * extra bytes are dropped. A store that ignored the start is failing, not to be trusted.
 */
function servedRange (body: Readable, contentRange: string | undefined, range: ByteRange): Readable {
  const served = /^bytes (\d+)-(\d+)\//.exec(contentRange ?? '')
  if (served === null || Number(served[1]) !== range.start) {
    body.destroy()
    throw new Error(`The store answered ${contentRange ?? 'no Content-Range'} to bytes=${range.start}-${range.end}`)
  }
  if (Number(served[2]) <= range.end) return body
  let remaining = range.end - range.start + 1
  const limited = new Transform({
    transform (chunk: Buffer, _encoding, callback) {
      const kept = chunk.subarray(0, remaining)
      remaining -= kept.length
      callback(null, kept.length > 0 ? kept : undefined)
    }
  })
  body.once('error', err => { limited.destroy(err) })
  return body.pipe(limited)
}

interface Temporary {
  /** Its name in the bucket. */
  key: string
  bytes: number
  /** While createTemp()'s stream feeds lib-storage; absent for a completed resumable upload. */
  writing?: { upload: Upload, body: PassThrough, done: Promise<unknown> }
}

export class S3Storage implements Storage {
  readonly client: S3Client
  readonly bucket: string
  /** This process's id among the nodes sharing the bucket: new at each start. */
  readonly instance: string
  readonly #partSize: number
  readonly #queueSize: number
  readonly #copyLimit: number
  readonly #temps = new Map<string, Temporary>()
  readonly multipart: MultipartTemporaries

  constructor (client: S3Client, bucket: string, tuning: S3Tuning = {}, instance: string = randomBytes(8).toString('hex')) {
    this.client = client
    this.bucket = bucket
    this.instance = instance
    this.#partSize = tuning.partSize ?? 8 * MIB
    this.#queueSize = tuning.queueSize ?? 2
    this.#copyLimit = tuning.copyLimit ?? COPY_LIMIT
    this.multipart = s3Multipart({
      client,
      bucket,
      partSize: this.#partSize,
      maxParts: tuning.maxParts ?? MAX_PARTS,
      guard,
      adopt: (key, bytes) => this.#adopt(key, bytes),
      readTemp: async temp => await this.#read(this.#temp(temp).key)
    })
  }

  async init (): Promise<void> {
    await this.probe()
    await this.renewLease()
  }

  /** The bucket answers (HeadBucket); for /ready. */
  async probe (): Promise<void> {
    await guard(async () => await this.client.send(new HeadBucketCommand({ Bucket: this.bucket })))
  }

  async renewLease (): Promise<void> {
    const body = JSON.stringify({ host: os.hostname(), pid: process.pid })
    await guard(async () => await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: `leases/${this.instance}.json`, Body: body })))
  }

  async releaseLease (): Promise<void> {
    await this.#remove(`leases/${this.instance}.json`)
  }

  async createTemp (): Promise<TempObject> {
    const id = `${this.instance}.${randomUUID()}`
    const key = `tmp/${id}`
    // lib-storage reads `body` a part at a time: memory stays at about queueSize × partSize.
    const body = new PassThrough()
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body },
      partSize: this.#partSize,
      queueSize: this.#queueSize,
      leavePartsOnError: false
    })
    const done = upload.done()
    const temporary: Temporary = { key, bytes: 0, writing: { upload, body, done } }
    const stream = new Writable({
      write (chunk: Buffer, _encoding, callback) {
        temporary.bytes += chunk.length
        if (body.write(chunk)) callback()
        else body.once('drain', () => { callback() })
      },
      // Finished means stored: the part uploads and the completion are done.
      final (callback) {
        body.end()
        done.then(() => { callback() }, (err: unknown) => { callback(unavailable(err)) })
      },
      destroy (err, callback) {
        if (!body.destroyed) body.destroy(err ?? undefined)
        callback(err)
      }
    })
    // A failed part ends the writer at once, so that the sender is not left waiting on backpressure.
    done.catch((err: unknown) => { if (!stream.writableFinished) stream.destroy(unavailable(err)) })
    this.#temps.set(id, temporary)
    return { id, stream }
  }

  /** A complete object at `key` as a temporary of this node; its stream takes no more bytes. */
  #adopt (key: string, bytes: number): TempObject {
    const id = `${this.instance}.${randomUUID()}`
    this.#temps.set(id, { key, bytes })
    const stream = new Writable({ write (_chunk, _encoding, callback) { callback(new Error('A completed upload takes no more bytes')) } })
    return { id, stream }
  }

  #temp (temp: TempObject): Temporary {
    const temporary = this.#temps.get(temp.id)
    if (temporary === undefined || !TEMP_ID.test(temp.id)) throw new Error(`Unknown temporary ${JSON.stringify(temp.id)}`)
    return temporary
  }

  async commit (temp: TempObject, key: string): Promise<void> {
    assertKey(key)
    const temporary = this.#temp(temp)
    if (temporary.writing !== undefined && !temp.stream.writableFinished) throw new Error('commit() of a temporary object still being written')
    await guard(async () => {
      // Written first, so that no other node's orphan sweep takes the object for one before its row commits.
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: `placing/${this.instance}.${key}`, Body: EMPTY, ContentLength: 0 }))
      await this.#copy(temporary.key, `objects/${key}`, temporary.bytes)
    })
    this.#temps.delete(temp.id)
    await this.#remove(temporary.key).catch(() => {
      // Left for the sweep: this node's lease ends with it, and the next start removes it.
    })
  }

  /** Server-side copy; in parts beyond CopyObject's 5 GiB. */
  async #copy (from: string, to: string, size: number): Promise<void> {
    const CopySource = encodeURI(`${this.bucket}/${from}`)
    if (size <= this.#copyLimit) {
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource }))
      return
    }
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: to }))
    try {
      const partSize = Math.max(Math.min(COPY_PART, this.#copyLimit), Math.ceil(size / 10_000))
      const parts: Array<{ PartNumber: number, ETag: string | undefined }> = []
      for (let start = 0, n = 1; start < size; start += partSize, n++) {
        const end = Math.min(start + partSize, size) - 1
        const result = await this.client.send(new UploadPartCopyCommand({
          Bucket: this.bucket, Key: to, UploadId, PartNumber: n, CopySource, CopySourceRange: `bytes=${start}-${end}`
        }))
        parts.push({ PartNumber: n, ETag: result.CopyPartResult?.ETag })
      }
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId, MultipartUpload: { Parts: parts } }))
    } catch (err) {
      await this.#abort(to, UploadId)
      throw err
    }
  }

  /** Best effort: NoSuchUpload (already gone) and stores without Abort (s3rver: 405) are not errors here. */
  async #abort (key: string, uploadId: string | undefined): Promise<void> {
    if (uploadId === undefined) return
    await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId })).catch(() => {})
  }

  async discard (temp: TempObject): Promise<void> {
    const temporary = this.#temps.get(temp.id)
    if (temporary === undefined) return
    const { writing } = temporary
    if (writing !== undefined) {
      // Ending the body with an error makes lib-storage stop and abort its multipart upload.
      temp.stream.on('error', () => {})
      if (!temp.stream.destroyed) temp.stream.destroy()
      if (!writing.body.destroyed) writing.body.destroy(new Error('discarded'))
      await writing.done.catch(() => {})
      await this.#abort(temporary.key, writing.upload.uploadId)
    }
    // A body that ended before the discard (a truncated upload) completed an object: it goes too.
    await this.#remove(temporary.key)
    this.#temps.delete(temp.id)
  }

  async read (key: string, range?: ByteRange): Promise<Readable> {
    assertKey(key)
    return await this.#read(`objects/${key}`, range)
  }

  async #read (name: string, range?: ByteRange): Promise<Readable> {
    try {
      const result = await this.client.send(new GetObjectCommand({
        Bucket: this.bucket,
        Key: name,
        ...(range === undefined ? {} : { Range: `bytes=${range.start}-${range.end}` })
      }))
      const body = result.Body as Readable
      return range === undefined ? body : servedRange(body, result.ContentRange, range)
    } catch (err) {
      if (isMissing(err)) throw new NotFoundError('Stored file', name.replace(/^objects\//, ''))
      throw unavailable(err)
    }
  }

  async stat (key: string): Promise<StoredObject | null> {
    assertKey(key)
    return await this.#head(`objects/${key}`).then(head => head === null ? null : { size: head.size })
  }

  async #head (name: string): Promise<{ size: number, modified: number } | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: name }))
      return { size: head.ContentLength ?? 0, modified: head.LastModified?.getTime() ?? 0 }
    } catch (err) {
      if (isMissing(err)) return null
      throw unavailable(err)
    }
  }

  async delete (key: string): Promise<void> {
    assertKey(key)
    await this.#remove(`objects/${key}`)
  }

  /** DeleteObject: S3 answers 204 for a missing key too. */
  async #remove (name: string): Promise<void> {
    await guard(async () => await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: name })))
  }

  /** Every object under `prefix`, a page (1,000) at a time. */
  async * #list (prefix: string): AsyncGenerator<{ name: string, modified: number }> {
    let token: string | undefined
    do {
      const page = await guard(async () => await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })))
      for (const item of page.Contents ?? []) {
        if (item.Key !== undefined) yield { name: item.Key.slice(prefix.length), modified: item.LastModified?.getTime() ?? 0 }
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined
    } while (token !== undefined)
  }

  /** The bucket's current time: this node's lease, rewritten now. */
  async #now (): Promise<number> {
    await this.renewLease()
    return (await this.#head(`leases/${this.instance}.json`))?.modified ?? Date.now()
  }

  /** Live nodes: leases rewritten within LEASE_EXPIRY_MS of `now`, by the bucket's clock. */
  async #liveNodes (now: number): Promise<Set<string>> {
    const live = new Set([this.instance])
    for await (const lease of this.#list('leases/')) {
      const instance = lease.name.replace(/\.json$/, '')
      if (now - lease.modified <= LEASE_EXPIRY_MS) live.add(instance)
      else await this.#remove(`leases/${lease.name}`)
    }
    return live
  }

  async removeOrphanTemporaries (): Promise<number> {
    const now = await this.#now()
    const live = await this.#liveNodes(now)
    let removed = 0
    for await (const temp of this.#list('tmp/')) {
      const owner = TEMP_ID.exec(temp.name)?.[1]
      if (owner !== undefined ? live.has(owner) : now - temp.modified < UNOWNED_TEMPORARY_MS) continue
      await this.#remove(`tmp/${temp.name}`)
      removed++
    }
    removed += await this.#abortOrphanUploads(live)
    for await (const marker of this.#list('placing/')) {
      const placer = PLACING.exec(marker.name)?.[1] ?? ''
      const stale = placer === this.instance ? now - marker.modified > PLACING_MARKER_MS : !live.has(placer)
      if (stale) await this.#remove(`placing/${marker.name}`)
    }
    return removed
  }

  /**
   * Multipart uploads of nodes that are gone. Some stores do not list them (s3rver): the bucket's
   * AbortIncompleteMultipartUpload lifecycle rule is the safety net there (README).
   */
  async #abortOrphanUploads (live: Set<string>): Promise<number> {
    let removed = 0
    try {
      let keyMarker: string | undefined
      let uploadIdMarker: string | undefined
      do {
        const page = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: 'tmp/', KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }))
        for (const upload of page.Uploads ?? []) {
          const owner = TEMP_ID.exec(upload.Key?.slice(4) ?? '')?.[1]
          if (owner !== undefined && live.has(owner)) continue
          await this.#abort(upload.Key ?? '', upload.UploadId)
          removed++
        }
        keyMarker = page.IsTruncated === true ? page.NextKeyMarker : undefined
        uploadIdMarker = page.NextUploadIdMarker
      } while (keyMarker !== undefined)
    } catch (err) {
      if (s3Code(err) !== 'NotImplemented') throw unavailable(err)
    }
    return removed
  }

  async removeOrphanObjects (referenced: (keys: string[]) => Promise<Set<string>>): Promise<number> {
    const unreferenced: string[] = []
    let batch: string[] = []
    const check = async (): Promise<void> => {
      const used = await referenced(batch)
      unreferenced.push(...batch.filter(key => !used.has(key)))
      batch = []
    }
    for await (const object of this.#list('objects/')) {
      batch.push(object.name)
      if (batch.length === 500) await check()
    }
    if (batch.length > 0) await check()
    if (unreferenced.length === 0) return 0
    // Read after the rows: a key placed and committed meanwhile is either referenced above or still marked here.
    const live = await this.#liveNodes(await this.#now())
    const placing = new Set<string>()
    for await (const marker of this.#list('placing/')) {
      const [, placer, key] = PLACING.exec(marker.name) ?? []
      if (placer !== undefined && key !== undefined && live.has(placer)) placing.add(key)
    }
    let removed = 0
    for (const key of unreferenced) {
      if (placing.has(key) || !KEY_PATTERN.test(key)) continue
      await this.delete(key)
      removed++
    }
    return removed
  }
}
