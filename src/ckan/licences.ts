// Bastille's licence ids as data.gouv.fr knows them (datagouv-harvester.md §10): udata's
// `License.guess(license_id, license_title)` then resolves each licence directly. Titles and URLs are
// already udata's in the registry (migration 0003).

const DATAGOUV_IDS: Readonly<Record<string, string>> = {
  'etalab-2.0': 'lov2',
  'etalab-1.0': 'fr-lo',
  'odbl-1.0': 'odc-odbl',
  'cc-by-4.0': 'cc-by',
  'cc-by-sa-4.0': 'cc-by-sa',
  'cc0-1.0': 'cc-zero',
  'odc-by-1.0': 'odc-by',
  'pddl-1.0': 'odc-pddl',
  notspecified: 'notspecified'
}

const BASTILLE_IDS = new Map(Object.entries(DATAGOUV_IDS).map(([bastille, datagouv]) => [datagouv, bastille]))

/** The CKAN `license_id` of a Bastille licence: data.gouv.fr's id, else Bastille's own. */
export function ckanLicenceId (bastilleId: string): string {
  return DATAGOUV_IDS[bastilleId] ?? bastilleId
}

/** The Bastille licence a `license_id:` filter names: data.gouv.fr's ids and Bastille's own are both accepted. */
export function bastilleLicenceId (ckanId: string): string {
  return BASTILLE_IDS.get(ckanId) ?? ckanId
}
