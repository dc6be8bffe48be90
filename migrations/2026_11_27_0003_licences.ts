// Seeds the licence registry with the titles and URLs data.gouv.fr knows, so that udata's harvester matches
// every licence exactly (../shared/notes/datagouv-harvester.md §4, §10). Frozen in time.
// Ids are the SPDX identifiers in lower case (`etalab-1.0`, which SPDX lacks, by analogy; udata's
// `notspecified` for the licence-less case).
import type { Kysely } from 'kysely'

const EU = 'http://publications.europa.eu/resource/authority/licence/'

interface Licence {
  /** Our slug; udata's own ids (lov2, fr-lo, odc-odbl…) are not needed, it matches on title and URL. */
  id: string
  /** Exactly udata's title: its harvester matches `rdfs:label` against it. */
  title: string
  /** udata's canonical URL. */
  url: string | null
  /** udata's alternate URLs, then the licence's own versioned pages. */
  alternate_urls: string[]
  spdx_id: string | null
  eu_uri: string | null
  open: boolean
}

const LICENCES: Licence[] = [
  {
    id: 'etalab-2.0',
    title: 'Licence Ouverte / Open Licence version 2.0',
    url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence',
    alternate_urls: [
      'https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf',
      'https://github.com/etalab/Licence-Ouverte/blob/master/LO.md',
      'https://spdx.org/licenses/etalab-2.0.html'
    ],
    spdx_id: 'etalab-2.0',
    eu_uri: null,
    open: true
  },
  {
    id: 'etalab-1.0',
    title: 'Licence Ouverte / Open Licence',
    url: 'https://www.etalab.gouv.fr/wp-content/uploads/2014/05/Licence_Ouverte.pdf',
    alternate_urls: ['https://www.etalab.gouv.fr/wp-content/uploads/2014/05/Open_Licence.pdf'],
    spdx_id: null,
    eu_uri: null,
    open: true
  },
  {
    id: 'odbl-1.0',
    title: 'Open Data Commons Open Database License (ODbL)',
    url: 'http://opendatacommons.org/licenses/odbl/summary/',
    alternate_urls: ['https://opendefinition.org/licenses/odc-odbl', 'https://opendatacommons.org/licenses/odbl/1-0/'],
    spdx_id: 'ODbL-1.0',
    eu_uri: `${EU}ODC_BL`,
    open: true
  },
  {
    id: 'cc-by-4.0',
    title: 'Creative Commons Attribution',
    url: 'http://www.opendefinition.org/licenses/cc-by',
    alternate_urls: ['https://creativecommons.org/licenses/by/4.0/'],
    spdx_id: 'CC-BY-4.0',
    eu_uri: `${EU}CC_BY_4_0`,
    open: true
  },
  {
    id: 'cc-by-sa-4.0',
    title: 'Creative Commons Attribution Share-Alike',
    url: 'http://www.opendefinition.org/licenses/cc-by-sa',
    alternate_urls: ['https://creativecommons.org/licenses/by-sa/4.0/'],
    spdx_id: 'CC-BY-SA-4.0',
    eu_uri: `${EU}CC_BYSA_4_0`,
    open: true
  },
  {
    id: 'cc0-1.0',
    title: 'Creative Commons CCZero',
    url: 'http://www.opendefinition.org/licenses/cc-zero',
    alternate_urls: ['https://creativecommons.org/publicdomain/zero/1.0/'],
    spdx_id: 'CC0-1.0',
    eu_uri: `${EU}CC0`,
    open: true
  },
  {
    id: 'odc-by-1.0',
    title: 'Open Data Commons Attribution License',
    url: 'http://opendatacommons.org/licenses/by/summary/',
    alternate_urls: ['https://opendatacommons.org/licenses/by/1-0/'],
    spdx_id: 'ODC-By-1.0',
    eu_uri: `${EU}ODC_BY`,
    open: true
  },
  {
    id: 'pddl-1.0',
    title: 'Open Data Commons Public Domain Dedication and Licence (PDDL)',
    url: 'http://opendatacommons.org/licenses/pddl/summary/',
    alternate_urls: ['https://opendatacommons.org/licenses/pddl/1-0/'],
    spdx_id: 'PDDL-1.0',
    eu_uri: `${EU}ODC_PDDL`,
    open: true
  },
  {
    id: 'notspecified',
    title: 'License Not Specified',
    url: null,
    alternate_urls: [],
    spdx_id: null,
    eu_uri: null,
    open: false
  }
]

export async function up (db: Kysely<any>): Promise<void> {
  await db.insertInto('licences').values(LICENCES).execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.deleteFrom('licences').where('id', 'in', LICENCES.map(l => l.id)).execute()
}
