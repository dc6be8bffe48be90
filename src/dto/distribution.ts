// Distribution row → API JSON (STYLE C5): camelCase, ISO dates, numbers, absolute URLs.
import type { DistributionRow } from '../db/types.js'
import type { Distribution } from '../schemas/distribution.js'
import { iso } from './iso.js'

export function toDistributionDto (row: DistributionRow, publicUrl: string): Distribution {
  const uri = `${publicUrl}/distributions/${row.id}`
  return {
    id: row.id,
    uri,
    dataset: row.dataset_id,
    title: row.title,
    description: row.description,
    accessUrl: row.access_url,
    downloadUrl: row.download_url,
    mediaType: row.media_type,
    format: row.format,
    byteSize: row.byte_size === null ? null : Number(row.byte_size),
    checksum: row.checksum_sha256 === null ? null : { algorithm: 'sha256', value: row.checksum_sha256 },
    licence: row.licence_id,
    file: row.file_key === null ? null : { name: row.file_name ?? 'file', url: `${uri}/file` },
    issued: row.issued === null ? null : iso(row.issued),
    modified: iso(row.modified),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at)
  }
}
