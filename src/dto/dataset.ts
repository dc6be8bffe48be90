// Dataset record → API JSON (STYLE C5), with the defaults the API promises (identifier, landing page).
import type { DatasetRecord } from '../db/datasets.js'
import type { DistributionRow } from '../db/types.js'
import type { Dataset } from '../schemas/dataset.js'
import { toDistributionDto } from './distribution.js'
import { iso } from './iso.js'

export interface DatasetDtoOptions {
  publicUrl: string
  /** Portal front-end page, `{slug}` replaced. */
  landingPageTemplate?: string | undefined
}

export function datasetUri (publicUrl: string, id: string): string {
  return `${publicUrl}/datasets/${id}`
}

export function toDatasetDto (row: DatasetRecord, distributions: readonly DistributionRow[], options: DatasetDtoOptions): Dataset {
  const uri = datasetUri(options.publicUrl, row.id)
  const cp = row.contact_point
  const landingPage = row.landing_page ??
    (options.landingPageTemplate === undefined ? uri : options.landingPageTemplate.replaceAll('{slug}', encodeURIComponent(row.slug)))
  return {
    id: row.id,
    uri,
    slug: row.slug,
    identifier: row.identifier ?? uri,
    publisher: row.publisher_id,
    title: row.title,
    description: row.description,
    keywords: row.keywords,
    themes: row.themes,
    licence: row.licence_id,
    accessRights: row.access_rights as Dataset['accessRights'],
    frequency: row.frequency,
    temporal: row.temporal_start === null && row.temporal_end === null ? null : { start: row.temporal_start, end: row.temporal_end },
    spatial: row.spatial_bbox === null && row.spatial_uri === null
      ? null
      : { bbox: row.spatial_bbox === null ? null : row.spatial_bbox.map(Number), uri: row.spatial_uri },
    landingPage,
    contactPoint: cp === null ? null : { name: cp.name ?? null, email: cp.email ?? null, url: cp.url ?? null },
    language: row.language,
    conformsTo: row.conforms_to,
    version: row.version,
    issued: row.issued === null ? null : iso(row.issued),
    modified: iso(row.modified),
    status: row.status,
    distributions: distributions.map(d => toDistributionDto(d, options.publicUrl)),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at)
  }
}
