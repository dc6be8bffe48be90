// organization_list and organization_show: publishers as CKAN organisations, found by their CKAN UUID
// (kept from an import, else derived from the slug) or by name.
import type { PublisherRow } from '../../db/types.js'
import { publishedPerPublisher } from '../db/groups.js'
import { searchPage } from '../db/search.js'
import { notFound, validationError } from '../errors.js'
import { toOrganizationDetails } from '../map/organization.js'
import { toPackageDict } from '../map/package.js'
import { bool, list, natural, text, type ActionInput } from '../params.js'
import { parseSort } from '../solr/sort.js'
import type { Action } from './context.js'

export interface Listed { name: string, title: string, package_count: number }

/** CKAN's group/organization list options: filter by names and `q`, sort, page; 1000 names or 25 dicts at most. */
export function listOptions<T extends Listed> (input: ActionInput, items: T[], kind: 'organizations' | 'groups'): T[] {
  const allFields = bool(input, 'all_fields', false)
  const limit = natural(input, 'limit', allFields ? 25 : 1000, allFields ? 25 : 1000)
  const offset = natural(input, 'offset', 0)
  const names = new Set(list(input, kind))
  const q = text(input, 'q')?.toLowerCase()
  const sort = (text(input, 'sort') ?? 'title asc').trim().toLowerCase()
  const match = /^(name|title|package_count)(?:\s+(asc|desc))?$/.exec(sort)
  if (match === null) throw validationError('sort', 'Cannot sort by field')
  const key = match[1] as 'name' | 'title' | 'package_count'
  const direction = match[2] === 'desc' || (match[2] === undefined && key === 'package_count') ? -1 : 1
  return items
    .filter(item => names.size === 0 || names.has(item.name))
    .filter(item => q === undefined || item.name.toLowerCase().includes(q) || item.title.toLowerCase().includes(q))
    .sort((a, b) => direction * (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0) || (a.name < b.name ? -1 : 1))
    .slice(offset, offset + limit)
}

async function organizations (context: Parameters<Action>[0]) {
  const [publishers, counts] = await Promise.all([context.registry.publishers(), publishedPerPublisher(context.db)])
  return publishers.map(publisher => toOrganizationDetails(publisher, counts.get(publisher.id) ?? 0))
}

export const organizationList: Action = async (context, input) => {
  const listed = listOptions(input, await organizations(context), 'organizations')
  return bool(input, 'all_fields', false) ? listed : listed.map(org => org.name)
}

export const organizationShow: Action = async (context, input) => {
  const id = text(input, 'id')?.trim() ?? ''
  const publisher: PublisherRow | undefined = id === '' ? undefined : await context.registry.publisher(id)
  if (publisher === undefined) throw notFound('Organization was not found.')
  const counts = await publishedPerPublisher(context.db)
  const details = toOrganizationDetails(publisher, counts.get(publisher.id) ?? 0)
  if (!bool(input, 'include_datasets', false)) return details
  const rows = await searchPage(context.db, { kind: 'term', facet: 'publisher', value: publisher.id }, parseSort('name asc', null), 10, 0)
  return { ...details, packages: rows.map(row => toPackageDict(row, context.dto)) }
}
