// Dataset (with what the package query joins) → CKAN package dict (ckan-compat.md §1.4, §5.2): every key
// data.gouv.fr's CKAN harvester requires, in CKAN's types. Built on the API view, so landing page,
// identifier and file URLs are the same as everywhere else.
import { SCHEMES } from '../../dcat/vocab.js'
import { toDatasetDto, type DatasetDtoOptions } from '../../dto/dataset.js'
import type { Dataset } from '../../schemas/dataset.js'
import type { PackageRow } from '../db/packages.js'
import { ckanDate } from '../dates.js'
import { tagId } from '../ids.js'
import { ckanLicenceId } from '../licences.js'
import { themeGroup, toGroupDict, type GroupDict } from './group.js'
import { toOrganizationDict } from './organization.js'
import { toResourceDict } from './resource.js'

export interface Extra { key: string, value: string }

/** A bounding box as the GeoJSON Polygon udata accepts; null when it has no area (udata fails on anything else). */
function bboxPolygon (bbox: readonly number[] | undefined | null): string | null {
  if (bbox === null || bbox === undefined || bbox.length !== 4) return null
  const [west, south, east, north] = bbox as [number, number, number, number]
  if (!(west < east && south < north)) return null
  return JSON.stringify({ type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] })
}

/** The extras Bastille's fields give (ckanext-dcat's names), then the imported record's other extras. */
function extrasOf (dataset: Dataset, legacy: unknown): Extra[] {
  const generated: Array<[string, string | null]> = [
    ['uri', dataset.uri],
    ['identifier', dataset.identifier],
    ['frequency', dataset.frequency === null ? null : `${SCHEMES.frequency.value}/${dataset.frequency}`],
    ['temporal_start', dataset.temporal?.start != null && dataset.temporal.end != null ? dataset.temporal.start : null],
    ['temporal_end', dataset.temporal?.start != null && dataset.temporal.end != null ? dataset.temporal.end : null],
    ['spatial', bboxPolygon(dataset.spatial?.bbox)],
    ['spatial_uri', dataset.spatial?.uri ?? null],
    ['theme', dataset.themes.length === 0 ? null : JSON.stringify(dataset.themes.map(code => `${SCHEMES.dataTheme.value}/${code}`))],
    ['language', dataset.language.length === 0 ? null : JSON.stringify(dataset.language)],
    ['access_rights', `${SCHEMES.accessRight.value}/${dataset.accessRights}`],
    ['contact_name', dataset.contactPoint?.name ?? null],
    ['contact_email', dataset.contactPoint?.email ?? null],
    ['contact_uri', dataset.contactPoint?.url ?? null]
  ]
  const extras = new Map(generated.filter((e): e is [string, string] => e[1] !== null))
  if (Array.isArray(legacy)) {
    for (const item of legacy as Array<{ key?: unknown, value?: unknown }>) {
      if (typeof item?.key !== 'string' || extras.has(item.key)) continue
      extras.set(item.key, typeof item.value === 'string' ? item.value : JSON.stringify(item.value ?? null))
    }
  }
  return [...extras].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([key, value]) => ({ key, value }))
}

function groupsOf (row: PackageRow): GroupDict[] {
  return [
    ...row.theme_labels.map(theme => toGroupDict(themeGroup(theme.code, theme.label))),
    ...row.legacy_groups.map(toGroupDict)
  ]
}

export function toPackageDict (row: PackageRow, options: DatasetDtoOptions) {
  const dataset = toDatasetDto(row, row.distributions, options)
  const licence = row.licence
  const organization = toOrganizationDict(row.publisher)
  const resources = dataset.distributions.map((d, i) => toResourceDict(d, dataset.id, i))
  const tags = dataset.keywords.map(name => ({ id: tagId(name), name, display_name: name, state: 'active' as const, vocabulary_id: null }))
  return {
    id: dataset.id,
    name: dataset.slug,
    title: dataset.title,
    notes: dataset.description,
    url: dataset.landingPage,
    version: dataset.version,
    author: null,
    author_email: null,
    maintainer: dataset.contactPoint?.name ?? null,
    maintainer_email: dataset.contactPoint?.email ?? null,
    license_id: licence === null ? 'notspecified' : ckanLicenceId(licence.id),
    license_title: licence === null ? 'License Not Specified' : licence.title,
    ...(licence?.url == null ? {} : { license_url: licence.url }),
    isopen: licence?.open ?? false,
    type: 'dataset' as const,
    state: 'active' as const,
    private: false,
    owner_org: organization.id,
    creator_user_id: null,
    metadata_created: ckanDate(dataset.createdAt),
    metadata_modified: ckanDate(dataset.modified),
    num_resources: resources.length,
    num_tags: tags.length,
    tags,
    groups: groupsOf(row),
    organization,
    extras: extrasOf(dataset, row.legacy_extras),
    relationships_as_subject: [],
    relationships_as_object: [],
    resources
  }
}

export type PackageDict = ReturnType<typeof toPackageDict>
