// API request body ↔ dataset column values: what a PUT/POST means, and the current content as a body
// (the target a merge patch applies to).
import type { DatasetValues } from '../db/datasets.js'
import type { ContactPoint } from '../db/types.js'
import type { CreateDataset } from '../schemas/dataset.js'

const orNull = <T>(value: T | null | undefined): T | null => value ?? null

function contactPoint (input: CreateDataset['contactPoint']): ContactPoint | null {
  if (input == null) return null
  const cp = { name: orNull(input.name), email: orNull(input.email), url: orNull(input.url) }
  return cp.name === null && cp.email === null && cp.url === null ? null : cp as ContactPoint
}

/** The values a whole-dataset body stands for; omitted fields are empty, as PUT replaces everything. */
export function datasetValuesFromInput (input: CreateDataset, slug: string, publisherId: string): DatasetValues {
  return {
    slug,
    identifier: orNull(input.identifier),
    publisher_id: publisherId,
    title: input.title,
    description: input.description ?? '',
    keywords: input.keywords ?? [],
    themes: input.themes ?? [],
    licence_id: orNull(input.licence),
    access_rights: input.accessRights ?? 'PUBLIC',
    frequency: orNull(input.frequency),
    temporal_start: orNull(input.temporal?.start),
    temporal_end: orNull(input.temporal?.end),
    spatial_bbox: input.spatial?.bbox == null ? null : [...input.spatial.bbox],
    spatial_uri: orNull(input.spatial?.uri),
    landing_page: orNull(input.landingPage),
    contact_point: contactPoint(input.contactPoint),
    language: input.language ?? [],
    conforms_to: input.conformsTo ?? [],
    version: orNull(input.version),
    issued: input.issued == null ? null : new Date(input.issued).toISOString(),
    status: input.status ?? 'published'
  }
}

/** Drops null and undefined members, as a merge patch target has no nulls. */
function compact<T extends object> (value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>
}

/** The stored content as a request body (empty values left out). */
export function datasetInputOf (values: DatasetValues): CreateDataset {
  const temporal = compact({ start: values.temporal_start, end: values.temporal_end })
  const spatial = compact({ bbox: values.spatial_bbox as [number, number, number, number] | null, uri: values.spatial_uri })
  return compact({
    slug: values.slug,
    identifier: values.identifier,
    publisher: values.publisher_id,
    title: values.title,
    description: values.description,
    keywords: values.keywords,
    themes: values.themes,
    licence: values.licence_id,
    accessRights: values.access_rights as CreateDataset['accessRights'],
    frequency: values.frequency,
    temporal: Object.keys(temporal).length === 0 ? null : temporal,
    spatial: Object.keys(spatial).length === 0 ? null : spatial,
    landingPage: values.landing_page,
    contactPoint: values.contact_point === null ? null : compact(values.contact_point),
    language: values.language,
    conformsTo: values.conforms_to,
    version: values.version,
    issued: values.issued,
    status: values.status
  }) as CreateDataset
}
