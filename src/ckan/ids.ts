// Stable CKAN ids for what Bastille names by slug: UUIDv5 (RFC 9562 §5.5) of a name in Bastille's namespace,
// so organisation, group and tag ids never change between calls, nodes or restarts.
import { createHash } from 'node:crypto'
import type { PublisherRow } from '../db/types.js'

/** UUIDv5 of `urn:bastille:ckan` in the URL namespace: the namespace of every id below. */
const NAMESPACE = 'b8a34c11-7c3b-5e4b-9d5b-6f0e2b2f3a10'

export function uuidv5 (name: string, namespace = NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name, 'utf8').digest()
  hash[6] = (hash[6]! & 0x0f) | 0x50
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** The CKAN organisation's own UUID when the publisher was imported, else one derived from its slug. */
export function organizationId (publisher: Pick<PublisherRow, 'id' | 'ckan_id'>): string {
  return publisher.ckan_id ?? uuidv5(`organization:${publisher.id}`)
}

export const tagId = (name: string): string => uuidv5(`tag:${name}`)
export const themeGroupId = (name: string): string => uuidv5(`group:${name}`)
