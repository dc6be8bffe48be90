// A complete upload becomes the distribution's file: its chunks are read back in order into one new
// object while hashing (the whole-file sha256, and the sample for sniffing), checked against the client's
// Repr-Digest if it sent one, then committed by the same path as PUT /distributions/{id}/file, which ends
// the session in its transaction.
import { pipeline } from 'node:stream/promises'
import type { FastifyRequest } from 'fastify'
import type { Storage } from '../storage/storage.js'
import type { FileTarget } from '../db/files.js'
import { deleteStoredFiles } from '../uploads/commit.js'
import { Inspector } from '../uploads/inspect.js'
import { discardQuietly } from '../uploads/receive.js'
import { storeReplacement } from '../uploads/replace-file.js'
import { sniff } from '../uploads/sniff.js'
import { ChecksumMismatchError } from './errors.js'
import { chunkKeys, deleteUpload, type UploadRow } from './queries.js'

async function * concatenated (storage: Storage, keys: string[]): AsyncGenerator<Buffer> {
  for (const key of keys) yield * await storage.read(key)
}

/** Ends the session and removes its chunks (termination, a failed final check, or once committed). */
export async function terminate (request: FastifyRequest, uploadId: string): Promise<void> {
  const keys = await request.server.db.transaction().execute(async trx => await deleteUpload(trx, uploadId))
  await deleteStoredFiles(request.server, keys)
}

export async function finishUpload (request: FastifyRequest, target: FileTarget, upload: UploadRow, reprSha256: string | undefined): Promise<void> {
  const app = request.server
  const keys = await chunkKeys(app.db, upload.id)
  const temp = await app.storage.createTemp()
  const inspector = new Inspector()
  try {
    await pipeline(concatenated(app.storage, keys), inspector, temp.stream)
  } catch (err) {
    await discardQuietly(app.storage, temp, request.log)
    throw err
  }
  const { sha256, byteSize, sample } = inspector.result()
  const expected = reprSha256 ?? upload.repr_sha256
  if (expected !== null && expected !== sha256) {
    await discardQuietly(app.storage, temp, request.log)
    await terminate(request, upload.id)
    throw new ChecksumMismatchError('The file does not match Repr-Digest sha-256; the upload was discarded')
  }
  const file = { temp, fileName: upload.file_name, sha256, byteSize, sniffed: sniff(sample, upload.file_name, sample.length === byteSize) }
  let ended = false
  await storeReplacement(request, target, file, { alongside: async trx => { await deleteUpload(trx, upload.id); ended = true } })
  // Identical bytes commit nothing, so the session did not end in that transaction.
  if (!ended) return await terminate(request, upload.id)
  await deleteStoredFiles(app, keys)
}
