// The full parts of an upload on a store that assembles them (S3 multipart): the chunks kept after the last
// part, then the request body, cut into parts of the upload's part size and sent as they stream. Only parts
// known to fill (from Content-Length) are started, so a body that simply ends leaves a remainder for a chunk.
import { Readable } from 'node:stream'
import { partSizeAt } from '../storage/part-size.js'
import type { MultipartHandle, MultipartTemporaries, Storage } from '../storage/storage.js'
import { ByteSource } from './byte-source.js'
import type { NewPart } from './queries.js'

export interface PartsInput {
  multipart: MultipartTemporaries
  handle: MultipartHandle
  /** The chunks kept after the last part, in order: they start the next part. */
  chunks: Array<{ key: string, size: number }>
  /** The request body, metered. */
  body: AsyncIterable<Buffer>
  /** Its Content-Length. */
  declared: number
}

export interface PartsSent {
  parts: NewPart[]
  /** What is left of the body once the parts are taken (all of it when no part was). */
  rest: ByteSource
  /** Why sending stopped early (the store failed, or the client went away mid-part). */
  failure?: unknown
}

async function * chunksThenBody (storage: Storage, chunks: PartsInput['chunks'], body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for (const chunk of chunks) yield * await storage.read(chunk.key)
  yield * body
}

/** Sends every part the kept chunks and the declared body fill, in order, from the upload's offset `from`. */
export async function sendParts (storage: Storage, from: number, { multipart, handle, chunks, body, declared }: PartsInput): Promise<PartsSent> {
  const kept = chunks.reduce((sum, chunk) => sum + chunk.size, 0)
  let start = from - kept
  let number = start / handle.partSize + 1
  let available = kept + declared
  // The kept chunks are smaller than a part: if the first part is not filled, neither they nor the body move.
  const nextSize = (): number => partSizeAt(handle.length, handle.partSize, number)
  const fills = (): boolean => nextSize() > 0 && nextSize() <= available
  if (!fills()) return { parts: [], rest: new ByteSource(body) }
  const source = new ByteSource(chunksThenBody(storage, chunks, body))
  const parts: NewPart[] = []
  while (fills()) {
    const size = nextSize()
    try {
      const etag = await multipart.uploadPart(handle, number, Readable.from(source.take(size)))
      parts.push({ number, etag, size, start })
    } catch (failure) {
      return { parts, rest: source, failure }
    }
    start += size
    available -= size
    number++
  }
  return { parts, rest: source }
}
