// Licence registry row → CKAN licence dict (license_list, `model/license.py`), with data.gouv.fr's ids.
import type { LicenceRow } from '../../db/types.js'
import { ckanLicenceId } from '../licences.js'

export function toLicenceDict (licence: Pick<LicenceRow, 'id' | 'title' | 'url' | 'open'>) {
  return {
    id: ckanLicenceId(licence.id),
    title: licence.title,
    url: licence.url ?? '',
    family: '',
    maintainer: '',
    status: 'active',
    is_generic: licence.url === null,
    od_conformance: licence.open ? 'approved' : 'not reviewed',
    osd_conformance: 'not reviewed',
    domain_content: false,
    domain_data: licence.open,
    domain_software: false
  }
}
