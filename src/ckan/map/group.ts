// Groups: the EU data themes, named by their code in lower case (`tran`), and the legacy groups an import
// kept (ckan-compat.md §3.4). Both as the short dict nested in packages and the long one of group_show.
import { ckanDate } from '../dates.js'
import { themeGroupId } from '../ids.js'

export interface GroupView { id: string, name: string, title: string, description: string, image_url: string | null }

export interface GroupDict { id: string, name: string, title: string, description: string, display_name: string, image_display_url: string }

export function themeGroup (code: string, label: string): GroupView {
  const name = code.toLowerCase()
  return { id: themeGroupId(name), name, title: label, description: '', image_url: null }
}

export function toGroupDict (group: GroupView): GroupDict {
  return {
    id: group.id,
    name: group.name,
    title: group.title,
    description: group.description,
    display_name: group.title,
    image_display_url: group.image_url ?? ''
  }
}

/** The dict of group_show and `all_fields` lists. `created` is unknown for themes: the epoch of the EU table. */
export function toGroupDetails (group: GroupView, packageCount: number, created: Date | string = '2026-01-01T00:00:00Z') {
  return {
    ...toGroupDict(group),
    type: 'group',
    image_url: group.image_url ?? '',
    created: ckanDate(created),
    is_organization: false,
    approval_status: 'approved',
    state: 'active',
    package_count: packageCount,
    num_followers: 0,
    extras: [],
    groups: [],
    tags: [],
    users: []
  }
}
