// license_list and the probes clients send to check they talk to a CKAN: status_show, site_read, help_show.
import { listLicences } from '../../db/licences.js'
import { notFound } from '../errors.js'
import { toLicenceDict } from '../map/licence.js'
import { text } from '../params.js'
import type { Action } from './context.js'

/** The CKAN whose contract is emulated: 2.10 still has site_read, which probes rely on. */
export const CKAN_VERSION = '2.10.0'

export const licenseList: Action = async (context) => (await listLicences(context.db)).map(toLicenceDict)

export const statusShow: Action = async (context) => ({
  site_title: context.config.catalog.title,
  site_description: context.config.catalog.description,
  site_url: context.siteUrl,
  error_emails_to: null,
  locale_default: 'fr',
  ckan_version: CKAN_VERSION,
  extensions: []
})

export const siteRead: Action = async () => true

/** What each action is, so that every `help` link of an answer leads somewhere. */
export const HELP: Readonly<Record<string, string>> = {
  package_search: 'Searches published datasets: q and fq (Solr syntax subset), rows (≤ 1000), start, sort, facet.field.',
  package_show: 'Returns one published dataset by id, name or a former name.',
  package_list: 'Returns the names of every published dataset, by name; limit and offset page it.',
  current_package_list_with_resources: 'Returns the most recently modified datasets with their resources; limit (10), offset, page.',
  resource_show: 'Returns one resource (distribution) by id.',
  organization_list: 'Returns the names of the organisations (publishers), or their dicts with all_fields.',
  organization_show: 'Returns one organisation by id or name.',
  group_list: 'Returns the names of the groups (EU data themes and legacy groups), or their dicts with all_fields.',
  group_show: 'Returns one group by id or name.',
  tag_list: 'Returns the tags (keywords) of published datasets; query filters them.',
  license_list: 'Returns the licences, with data.gouv.fr\'s ids.',
  status_show: 'Returns the site\'s title, URL and the CKAN version whose API is emulated.',
  site_read: 'Returns true.',
  help_show: 'Returns the documentation of an action.'
}

export const helpShow: Action = async (_context, input) => {
  const help = HELP[text(input, 'name') ?? '']
  if (help === undefined) throw notFound('Action function not found')
  return help
}
