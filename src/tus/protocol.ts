// The tus 1.0.0 header grammar, as pure functions: what the routes read from requests and write back.
// @see {@link https://tus.io/protocols/resumable-upload} and ../shared/notes/future-features.md §3.1.
import { BadRequestError } from '../errors.js'

export const TUS_VERSION = '1.0.0'
export const TUS_EXTENSIONS = 'creation,creation-with-upload,expiration,termination,checksum'
export const CHECKSUM_ALGORITHMS = ['sha1', 'sha256'] as const
export type ChecksumAlgorithm = typeof CHECKSUM_ALGORITHMS[number]
export const OFFSET_OCTET_STREAM = 'application/offset+octet-stream'

/** The request headers a browser client sends and the response headers it must read (CORS). */
export const TUS_REQUEST_HEADERS = ['Tus-Resumable', 'Upload-Length', 'Upload-Offset', 'Upload-Metadata', 'Upload-Checksum', 'Repr-Digest']
export const TUS_RESPONSE_HEADERS = [
  'Tus-Resumable', 'Tus-Version', 'Tus-Extension', 'Tus-Max-Size', 'Tus-Checksum-Algorithm',
  'Upload-Offset', 'Upload-Length', 'Upload-Metadata', 'Upload-Expires'
]

/** A non-negative integer header (Upload-Length, Upload-Offset); 400 otherwise. */
export function parseSize (value: string | undefined, name: string): number {
  if (value === undefined) throw new BadRequestError(`The ${name} header is required`)
  if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(Number(value))) throw new BadRequestError(`${name} must be a non-negative integer`)
  return Number(value)
}

/** `Upload-Metadata: key base64,key2 base64,key3` as a map of decoded values (null for a bare key). */
export function parseMetadata (header: string | undefined): Map<string, string | null> {
  const entries = new Map<string, string | null>()
  if (header === undefined || header.trim() === '') return entries
  for (const pair of header.split(',')) {
    const match = /^\s*([^\s,]+)(?: ([A-Za-z0-9+/]*={0,2}))?\s*$/.exec(pair)
    if (match === null || entries.has(match[1]!)) throw new BadRequestError('Upload-Metadata must be unique "key base64" pairs separated by commas')
    entries.set(match[1]!, match[2] === undefined ? null : Buffer.from(match[2], 'base64').toString('utf8'))
  }
  return entries
}

export interface Checksum { algorithm: ChecksumAlgorithm, digest: string }

/** `Upload-Checksum: sha1 <base64>`: the digest of this request's body; 400 for another algorithm. */
export function parseChecksum (header: string | undefined): Checksum | undefined {
  if (header === undefined) return undefined
  const match = /^(\S+) ([A-Za-z0-9+/]+={0,2})$/.exec(header.trim())
  if (match === null) throw new BadRequestError('Upload-Checksum must be "<algorithm> <base64 digest>"')
  const algorithm = match[1]!.toLowerCase()
  if (!(CHECKSUM_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new BadRequestError(`Upload-Checksum algorithm ${algorithm} is not supported; use ${CHECKSUM_ALGORITHMS.join(' or ')}`)
  }
  return { algorithm: algorithm as ChecksumAlgorithm, digest: match[2]! }
}

/**
 * The sha-256 member of `Repr-Digest` (RFC 9530), as hex: the digest of the whole file. Other algorithms are
 * ignored (the server computes sha-256 only); a malformed sha-256 member is a 400.
 */
export function parseReprDigest (header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const member = header.split(',').map(part => part.trim()).find(part => /^sha-256\s*=/i.test(part))
  if (member === undefined) return undefined
  const match = /^sha-256\s*=\s*:([A-Za-z0-9+/]+={0,2}):$/i.exec(member)
  const bytes = match === null ? undefined : Buffer.from(match[1]!, 'base64')
  if (bytes?.length !== 32) throw new BadRequestError('Repr-Digest sha-256 must be 32 bytes in base64 between colons')
  return bytes.toString('hex')
}

/** RFC 9110 IMF-fixdate, as Upload-Expires wants. */
export const httpDate = (date: Date): string => date.toUTCString()
