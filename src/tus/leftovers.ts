// What the store still holds for uploads whose rows are gone (terminated, expired, failed, or committed):
// their chunk objects, and their multipart uploads, aborted best effort (the bucket's
// AbortIncompleteMultipartUpload rule removes what a store without Abort keeps).
import type { FastifyInstance } from 'fastify'
import { deleteStoredFiles } from '../uploads/commit.js'
import type { Leftovers } from './queries.js'

export async function removeLeftovers (app: FastifyInstance, { chunkKeys, multipart }: Leftovers): Promise<void> {
  await deleteStoredFiles(app, chunkKeys)
  for (const handle of multipart) await app.storage.multipart?.abort(handle)
}
