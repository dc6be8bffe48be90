// Publisher row → API JSON (STYLE C5): camelCase, ISO dates, the absolute link to its sub-catalogue.
import type { PublisherRow } from '../db/types.js'
import type { Publisher } from '../schemas/publisher.js'

export function toPublisherDto (row: PublisherRow, publicUrl: string): Publisher {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    homepage: row.homepage,
    email: row.email,
    catalog: `${publicUrl}/publishers/${encodeURIComponent(row.id)}/catalog`,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString()
  }
}
