// Publisher → CKAN organization dict (ckan-compat.md §1.5): the short form nested in packages, and the
// long form of organization_show/organization_list. udata refuses null description and image_url.
import { ckanDate } from '../dates.js'
import { organizationId } from '../ids.js'

export interface PublisherView { id: string, name: string, ckan_id: string | null, created_at: Date | number | string }

export interface OrganizationDict {
  id: string
  name: string
  title: string
  type: 'organization'
  description: string
  image_url: string
  created: string
  is_organization: true
  approval_status: 'approved'
  state: 'active'
}

export function toOrganizationDict (publisher: PublisherView): OrganizationDict {
  return {
    id: organizationId(publisher),
    name: publisher.id,
    title: publisher.name,
    type: 'organization',
    description: '',
    image_url: '',
    created: ckanDate(publisher.created_at),
    is_organization: true,
    approval_status: 'approved',
    state: 'active'
  }
}

export interface PublisherDetails extends PublisherView { homepage: string | null, email: string | null }

/** The dict of organization_show and `all_fields` lists. */
export function toOrganizationDetails (publisher: PublisherDetails, packageCount: number) {
  const extras = [
    ...(publisher.email === null ? [] : [{ key: 'email', value: publisher.email }]),
    ...(publisher.homepage === null ? [] : [{ key: 'website', value: publisher.homepage }])
  ]
  return {
    ...toOrganizationDict(publisher),
    display_name: publisher.name,
    image_display_url: '',
    package_count: packageCount,
    num_followers: 0,
    extras,
    groups: [],
    tags: [],
    users: []
  }
}
