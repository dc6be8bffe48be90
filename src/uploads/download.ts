// Response headers of a file download: what the browser may show inline, what must stay an
// attachment, and the file name (SPEC §6: nosniff, active content never inline from the API origin).
import type { FastifyReply } from 'fastify'
import { contentDisposition } from './file-name.js'
import { isActiveContent } from './sniff.js'

/** Passive types a browser may display: documents, images and data it renders as text. */
const INLINE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'text/plain', 'text/csv', 'application/json', 'application/geo+json'])

/** Active content downloaded anyway may not run scripts, load anything, or reach this origin. */
export const SANDBOX_CSP = "default-src 'none'; sandbox"

/** A file's strong validator: the sha256 of its bytes; null when the distribution has no file. */
export const fileEtag = (file: { checksum_sha256: string | null }): string | null =>
  file.checksum_sha256 === null ? null : `"${file.checksum_sha256}"`

export interface DownloadInfo {
  id: string
  mediaType: string | null
  fileName: string | null
}

export function setDownloadHeaders (reply: FastifyReply, file: DownloadInfo): void {
  const mediaType = file.mediaType ?? 'application/octet-stream'
  const active = isActiveContent(mediaType)
  reply
    .header('content-type', mediaType)
    .header('x-content-type-options', 'nosniff')
    .header('accept-ranges', 'bytes')
    .header('content-disposition', contentDisposition(!active && INLINE.has(mediaType) ? 'inline' : 'attachment', file.fileName ?? `distribution-${file.id}`))
  if (active) reply.header('content-security-policy', SANDBOX_CSP)
}
