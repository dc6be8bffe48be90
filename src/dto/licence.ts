// Licence row → API JSON (STYLE C5): camelCase, ISO dates.
import type { LicenceRow } from '../db/types.js'
import type { Licence } from '../schemas/licence.js'

export function toLicenceDto (row: LicenceRow): Licence {
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    alternateUrls: row.alternate_urls,
    spdxId: row.spdx_id,
    euUri: row.eu_uri,
    open: row.open,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString()
  }
}
