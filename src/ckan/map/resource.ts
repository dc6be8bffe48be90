// Distribution (API view) → CKAN resource dict (ckan-compat.md §5.2): every key udata's schema requires,
// in CKAN's types; uploads point at Bastille's own file URL, links keep theirs.
import type { Distribution } from '../../schemas/distribution.js'
import { ckanDate } from '../dates.js'

export interface ResourceDict {
  id: string
  package_id: string
  url: string
  name: string
  description: string
  format: string
  mimetype: string | null
  mimetype_inner: null
  size: number | null
  hash: string
  created: string
  last_modified: string
  metadata_modified: string
  position: number
  resource_type: 'api' | null
  url_type: 'upload' | null
  state: 'active'
  cache_url: null
  cache_last_updated: null
  datastore_active: false
}

/** EU file types of service endpoints, which udata keeps as `api` resources. */
const SERVICE_FORMATS = new Set(['WMS_SRVC', 'WFS_SRVC', 'WCS_SRVC', 'MAP_SRVC', 'REST', 'SPARQLQ'])

export function toResourceDict (distribution: Distribution, packageId: string, position: number): ResourceDict {
  const format = distribution.format ?? ''
  return {
    id: distribution.id,
    package_id: packageId,
    url: distribution.file?.url ?? distribution.downloadUrl ?? distribution.accessUrl ?? '',
    name: distribution.title,
    description: distribution.description ?? '',
    format,
    mimetype: distribution.mediaType,
    mimetype_inner: null,
    size: distribution.byteSize,
    hash: distribution.checksum?.value ?? '',
    created: ckanDate(distribution.issued ?? distribution.createdAt),
    last_modified: ckanDate(distribution.modified),
    metadata_modified: ckanDate(distribution.updatedAt),
    position,
    resource_type: SERVICE_FORMATS.has(format.toUpperCase()) ? 'api' : null,
    url_type: distribution.file === null ? null : 'upload',
    state: 'active',
    cache_url: null,
    cache_last_updated: null,
    datastore_active: false
  }
}
