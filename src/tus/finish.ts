// A complete upload becomes the distribution's file. On a store that assembles parts, its multipart upload
// is completed and the object read back once; otherwise its chunks are read back in order into one new
// object. Either way the read computes the whole-file sha256 and the sample for sniffing, is checked against
// the client's Repr-Digest if it sent one, then committed by the same path as PUT /distributions/{id}/file,
// which ends the session in its transaction.
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import type { MultipartHandle, MultipartTemporaries, Storage, TempObject } from '../storage/storage.js'
import type { FileTarget } from '../db/files.js'
import { Inspector } from '../uploads/inspect.js'
import { discardQuietly } from '../uploads/receive.js'
import { storeReplacement } from '../uploads/replace-file.js'
import { sniff } from '../uploads/sniff.js'
import { ChecksumMismatchError } from './errors.js'
import { removeLeftovers } from './leftovers.js'
import { deleteUploads, multipartOf, uploadChunks, uploadParts, type Leftovers, type UploadRow } from './queries.js'

async function * concatenated (storage: Storage, keys: string[]): AsyncGenerator<Buffer> {
  for (const key of keys) yield * await storage.read(key)
}

/** Where the bytes of an object already complete in the store go: they are only inspected. */
const nowhere = (): Writable => new Writable({ write (_chunk, _encoding, callback) { callback() } })

/** Ends the session and removes what the store holds for it (termination, a failed upload or check, or once committed). */
export async function terminate (request: FastifyRequest, uploadId: string): Promise<void> {
  const leftovers = await request.server.db.transaction().execute(async trx => await deleteUploads(trx, [uploadId]))
  await removeLeftovers(request.server, leftovers)
}

/** Where the whole file is put together: the temporary, its bytes once opened, and where they go. */
interface Assembly { temp: TempObject, open: () => Promise<AsyncIterable<Buffer>>, sink: Writable }

/** The store assembles the parts itself: the completed object only needs reading. */
async function completedParts (db: Kysely<DB>, multipart: MultipartTemporaries, handle: MultipartHandle, uploadId: string): Promise<Assembly> {
  const temp = await multipart.complete(handle, await uploadParts(db, uploadId))
  return { temp, open: async () => await multipart.readTemp(temp), sink: nowhere() }
}

/** The chunks, read back in order into one new object. */
async function copiedChunks (db: Kysely<DB>, storage: Storage, uploadId: string): Promise<Assembly> {
  const keys = (await uploadChunks(db, uploadId)).map(chunk => chunk.key)
  const temp = await storage.createTemp()
  return { temp, open: async () => concatenated(storage, keys), sink: temp.stream }
}

/** The whole file as a temporary, and the inspection of its bytes. */
async function assemble (request: FastifyRequest, upload: UploadRow): Promise<{ temp: TempObject, inspector: Inspector }> {
  const { storage, db } = request.server
  const handle = multipartOf(upload)
  const { temp, open, sink } = handle !== undefined && storage.multipart !== undefined
    ? await completedParts(db, storage.multipart, handle, upload.id)
    : await copiedChunks(db, storage, upload.id)
  const inspector = new Inspector()
  try {
    await pipeline(await open(), inspector, sink)
  } catch (err) {
    await discardQuietly(storage, temp, request.log)
    throw err
  }
  return { temp, inspector }
}

export async function finishUpload (request: FastifyRequest, target: FileTarget, upload: UploadRow, reprSha256: string | undefined): Promise<void> {
  const app = request.server
  const { temp, inspector } = await assemble(request, upload)
  const { sha256, byteSize, sample } = inspector.result()
  const expected = reprSha256 ?? upload.repr_sha256
  if (expected !== null && expected !== sha256) {
    await discardQuietly(app.storage, temp, request.log)
    await terminate(request, upload.id)
    throw new ChecksumMismatchError('The file does not match Repr-Digest sha-256; the upload was discarded')
  }
  const file = { temp, fileName: upload.file_name, sha256, byteSize, sniffed: sniff(sample, upload.file_name, sample.length === byteSize) }
  let leftovers: Leftovers | undefined
  await storeReplacement(request, target, file, { alongside: async trx => { leftovers = await deleteUploads(trx, [upload.id]) } })
  // Identical bytes commit nothing, so the session did not end in that transaction.
  if (leftovers === undefined) return await terminate(request, upload.id)
  // Its multipart upload, if any, is complete: nothing to abort.
  await removeLeftovers(app, { ...leftovers, multipart: [] })
}
