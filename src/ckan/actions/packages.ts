// package_show, package_list, current_package_list_with_resources and resource_show. A draft, deleted or
// unknown dataset answers the same Not Found (ckan-compat.md §4.2).
import { UUID } from '../../db/datasets.js'
import { findPackage, findPackageOfResource, listPackageNames, packageVersion } from '../db/packages.js'
import { searchPage } from '../db/search.js'
import { notFound, validationError } from '../errors.js'
import { toPackageDict } from '../map/package.js'
import { natural, text, type ActionInput } from '../params.js'
import { parseSort } from '../solr/sort.js'
import { SerializedResult } from '../transport.js'
import type { Action } from './context.js'
import { ROWS_MAX } from './package-search.js'

function required (input: ActionInput, name: string): string {
  const value = text(input, name)?.trim()
  if (value === undefined || value === '') throw validationError(name, 'Missing value')
  return value
}

/** The dict is kept serialised while the database reports the version it was made from (as GET /datasets/{id} does). */
export const packageShow: Action = async (context, input) => {
  const id = required(input, 'id')
  const key = UUID.test(id) ? id.toLowerCase() : id
  const version = await packageVersion(context.db, id)
  if (version === undefined) throw notFound()
  const cached = context.packages.get(key)
  if (cached?.version === version) return new SerializedResult(cached.body.toString('utf8'))
  const row = await findPackage(context.db, id)
  if (row === undefined) throw notFound()
  const json = JSON.stringify(toPackageDict(row, context.dto))
  context.packages.set(key, { version, body: Buffer.from(json) })
  return new SerializedResult(json)
}

export const resourceShow: Action = async (context, input) => {
  const id = required(input, 'id').toLowerCase()
  const row = await findPackageOfResource(context.db, id)
  const resource = row === undefined ? undefined : toPackageDict(row, context.dto).resources.find(r => r.id === id)
  if (resource === undefined) throw notFound('Resource was not found.')
  return resource
}

/** Every published name when no `limit` is given: udata reads the whole list in one call. */
export const packageList: Action = async (context, input) => {
  const limit = input.limit === undefined ? null : natural(input, 'limit', 0)
  return listPackageNames(context.db, limit, natural(input, 'offset', 0))
}

/** A package_search with no query, newest first: 10 by default, as CKAN ≥ 2.9 does. */
export const currentPackageListWithResources: Action = async (context, input) => {
  const limit = natural(input, 'limit', 10, ROWS_MAX)
  const page = natural(input, 'page', 0)
  const offset = page > 0 ? (page - 1) * limit : natural(input, 'offset', 0)
  const rows = await searchPage(context.db, { kind: 'true' }, parseSort('metadata_modified desc', null), limit, offset)
  return rows.map(row => toPackageDict(row, context.dto))
}
