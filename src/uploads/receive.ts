// Streams one multipart file part into a storage temporary while hashing, counting and sniffing it;
// a truncated (too large) or aborted part leaves nothing behind (SPEC §6, STYLE C10 and P10).
import { pipeline } from 'node:stream/promises'
import type { FastifyBaseLogger } from 'fastify'
import type { MultipartFile } from '@fastify/multipart'
import { BadRequestError, PayloadTooLargeError } from '../errors.js'
import type { Storage, TempObject } from '../storage/storage.js'
import { Inspector } from './inspect.js'
import { sniff, type Sniffed } from './sniff.js'
import { cleanFileName } from './file-name.js'

export interface ReceivedFile {
  temp: TempObject
  /** The client's name for the file, cleaned: a label for downloads, never a path. */
  fileName: string | null
  sha256: string
  byteSize: number
  sniffed: Sniffed
}

/** @fastify/multipart's limits, for which its own messages say little. */
const PART_LIMITS: Record<string, string> = {
  FST_FILES_LIMIT: 'The form may carry only one file',
  FST_FIELDS_LIMIT: 'The form carries too many fields',
  FST_PARTS_LIMIT: 'The form carries too many parts'
}

/** Multipart parse failures carry no HTTP status: they are the client's malformed or interrupted body. */
export function asClientError (err: unknown): Error {
  const { statusCode, code, message } = err as { statusCode?: number, code?: string, message: string }
  const limit = PART_LIMITS[code ?? '']
  if (limit !== undefined) return new BadRequestError(limit)
  // 4xx: the client's; 5xx: the store's (storage/s3.ts), which the client should retry.
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 600) return err as Error
  return new BadRequestError(`The multipart body is malformed or was interrupted: ${message}`)
}

/** Drops a temporary, logging rather than hiding the error that led here. */
export async function discardQuietly (storage: Storage, temp: TempObject, log: FastifyBaseLogger): Promise<void> {
  await storage.discard(temp).catch((err: unknown) => log.error({ err, temp: temp.id }, 'could not remove a temporary upload'))
}

export async function receiveFile (storage: Storage, part: MultipartFile, maxBytes: number, log: FastifyBaseLogger): Promise<ReceivedFile> {
  const temp = await storage.createTemp()
  const inspector = new Inspector()
  // Past `fileSize` the write is abandoned rather than completed (an object store's multipart upload is aborted).
  part.file.once('limit', () => { temp.stream.destroy(new PayloadTooLargeError(maxBytes)) })
  try {
    await pipeline(part.file, inspector, temp.stream)
  } catch (err) {
    await discardQuietly(storage, temp, log)
    throw asClientError(err)
  }
  // Past `fileSize` the part just ends early: only this flag tells (STYLE P10).
  if (part.file.truncated) {
    await discardQuietly(storage, temp, log)
    throw new PayloadTooLargeError(maxBytes)
  }
  const { sha256, byteSize, sample } = inspector.result()
  const fileName = cleanFileName(part.filename)
  return { temp, fileName, sha256, byteSize, sniffed: sniff(sample, fileName, sample.length === byteSize) }
}
