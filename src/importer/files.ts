// Downloads a file the source hosts into a storage temporary, hashing, counting and sniffing it on the
// way, as an upload is (SPEC §6): memory stays flat, and a failed download leaves no temporary behind.
import { once } from 'node:events'
import path from 'node:path'
import type { Storage, TempObject } from '../storage/storage.js'
import { Inspector } from '../uploads/inspect.js'
import { cleanFileName } from '../uploads/file-name.js'
import { sniff, type Sniffed } from '../uploads/sniff.js'
import { SourceError, type SourceHttp } from './http.js'
import type { SourceFile } from './model.js'

export interface FetchedFile {
  temp: TempObject
  fileName: string | null
  sha256: string
  byteSize: number
  sniffed: Sniffed
  /** Where the bytes differ from what the source declared. */
  warnings: string[]
}

/** The last segment of the URL's path, cleaned like an uploaded file's name. */
function fileNameOf (url: string): string | null {
  try {
    return cleanFileName(decodeURIComponent(path.posix.basename(new URL(url).pathname)))
  } catch {
    return null
  }
}

export async function fetchFile (http: SourceHttp, storage: Storage, file: SourceFile): Promise<FetchedFile> {
  const temp = await storage.createTemp()
  const inspector = new Inspector()
  inspector.pipe(temp.stream)
  try {
    await http.download(file.url, inspector, file.headers)
    if (!temp.stream.writableFinished) await once(temp.stream, 'finish')
  } catch (err) {
    inspector.unpipe(temp.stream)
    await storage.discard(temp).catch(() => {})
    throw err instanceof SourceError ? err : new SourceError(`${file.url} could not be stored: ${(err as Error).message}`)
  }
  const { sha256, byteSize, sample } = inspector.result()
  const fileName = fileNameOf(file.url)
  const warnings: string[] = []
  if (file.sha256 !== null && file.sha256 !== sha256) warnings.push(`${file.url}: the source declares sha256 ${file.sha256}, the bytes hash to ${sha256}`)
  if (file.size !== null && file.size !== byteSize) warnings.push(`${file.url}: the source declares ${file.size} bytes, ${byteSize} were received`)
  return { temp, fileName, sha256, byteSize, sniffed: sniff(sample, fileName, sample.length === byteSize), warnings }
}
