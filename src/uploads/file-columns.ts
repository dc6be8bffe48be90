// The distribution columns an uploaded file sets: all from the server and the bytes, never from the client.
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import type { FileColumns } from '../db/files.js'
import type { ReceivedFile } from './receive.js'
import { knownFormat } from './fields.js'

/** Where an uploaded file is downloaded (SPEC §2: the distribution's downloadUrl). */
export const fileUrl = (publicUrl: string, distributionId: string): string => `${publicUrl}/distributions/${distributionId}/file`

export interface FileColumnOptions {
  key: string
  /** A client-chosen file-type code, already validated; otherwise the sniffed one. */
  format?: string | null | undefined
  /** The previous file, whose format is kept when the media type did not change. */
  previous?: { media_type: string | null, format: string | null } | undefined
}

export async function fileColumns (db: Kysely<DB>, file: ReceivedFile, options: FileColumnOptions): Promise<FileColumns> {
  const { mediaType } = file.sniffed
  const sameKind = options.previous !== undefined && options.previous.media_type === mediaType
  const format = options.format ?? (sameKind ? options.previous!.format : await knownFormat(db, file.sniffed.format))
  return {
    file_key: options.key,
    file_name: file.fileName,
    media_type: mediaType,
    format,
    byte_size: file.byteSize,
    checksum_sha256: file.sha256
  }
}
