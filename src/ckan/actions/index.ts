// The actions of the read-only layer, by CKAN name. Any other name is CKAN's 400 "Action name not known".
import type { Action } from './context.js'
import { groupList, groupShow, tagList } from './groups.js'
import { organizationList, organizationShow } from './organizations.js'
import { packageSearch } from './package-search.js'
import { currentPackageListWithResources, packageList, packageShow, resourceShow } from './packages.js'
import { helpShow, licenseList, siteRead, statusShow } from './site.js'

export const ACTIONS: Readonly<Record<string, Action>> = {
  package_search: packageSearch,
  package_show: packageShow,
  package_list: packageList,
  current_package_list_with_resources: currentPackageListWithResources,
  resource_show: resourceShow,
  organization_list: organizationList,
  organization_show: organizationShow,
  group_list: groupList,
  group_show: groupShow,
  tag_list: tagList,
  license_list: licenseList,
  status_show: statusShow,
  site_read: siteRead,
  help_show: helpShow
}

export function actionNamed (name: string): Action | undefined {
  return Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined
}
