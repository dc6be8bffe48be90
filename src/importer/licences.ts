// A source's licence (CKAN license_id with its site's license_list entry, or a DCAT dct:license) to a
// licence of Bastille's registry: the operator's map file first, then URL, title, id (ckan-compat §3.5).
import type { Kysely } from 'kysely'
import type { DB, LicenceRow } from '../db/types.js'

export interface SourceLicence {
  id?: string | null | undefined
  url?: string | null | undefined
  title?: string | null | undefined
}

export interface LicenceMatch {
  /** What the report shows for the source's licence. */
  label: string
  licence: string | null
  how: string
}

/** CKAN's and data.gouv.fr's own ids for licences Bastille seeds under SPDX-style ids. */
const KNOWN_IDS: Record<string, string> = {
  notspecified: 'notspecified',
  'odc-pddl': 'pddl-1.0',
  'odc-odbl': 'odbl-1.0',
  'odc-by': 'odc-by-1.0',
  'cc-zero': 'cc0-1.0',
  lov2: 'etalab-2.0',
  'fr-lo': 'etalab-1.0'
}

/** Titles other portals (Opendatasoft, CKAN sites) give licences Bastille seeds under other titles. */
const KNOWN_TITLES: Record<string, string> = {
  'open database license (odbl)': 'odbl-1.0',
  odbl: 'odbl-1.0',
  'licence ouverte v2.0 (etalab)': 'etalab-2.0',
  'licence ouverte / open licence version 2.0': 'etalab-2.0',
  'licence ouverte v2.0': 'etalab-2.0',
  'licence ouverte (etalab)': 'etalab-1.0',
  'cc by 4.0': 'cc-by-4.0',
  'cc0 1.0': 'cc0-1.0'
}

/** CKAN ids that name no version: whatever they match is reported as a guess to check. */
const UNVERSIONED = new Set(['cc-by', 'cc-by-sa', 'cc-nc', 'other-open', 'other-at', 'other-pd'])

/** Thrown when the map file names a licence Bastille does not have. */
export class LicenceMapError extends Error {}

const normalUrl = (url: string): string => url.trim().toLowerCase().replace(/^https?:\/\/(www\.)?/, '').replace(/\/+$/, '')
const normalText = (text: string): string => text.trim().toLowerCase().replace(/\s+/g, ' ')

export class Licences {
  readonly #byUrl = new Map<string, string>()
  readonly #byTitle = new Map<string, string>()
  readonly #byId = new Map<string, string>()
  readonly #map: Map<string, string>

  private constructor (rows: LicenceRow[], map: Record<string, string>) {
    for (const row of rows) {
      for (const url of [row.url, row.eu_uri, ...row.alternate_urls]) if (url !== null) this.#byUrl.set(normalUrl(url), row.id)
      this.#byTitle.set(normalText(row.title), row.id)
      this.#byId.set(row.id.toLowerCase(), row.id)
      if (row.spdx_id !== null) this.#byId.set(row.spdx_id.toLowerCase(), row.id)
    }
    this.#map = new Map(Object.entries(map).map(([key, value]) => [key.trim().toLowerCase(), value]))
  }

  /** Loads the registry; a map file value that names no Bastille licence is a LicenceMapError. */
  static async load (db: Kysely<DB>, map: Record<string, string> = {}): Promise<Licences> {
    const rows = await db.selectFrom('licences').selectAll().execute()
    const ids = new Set(rows.map(row => row.id))
    const unknown = Object.entries(map).filter(([, value]) => typeof value !== 'string' || !ids.has(value))
    if (unknown.length > 0) {
      throw new LicenceMapError(`The licence map names licences Bastille does not have: ${unknown.map(([key, value]) => `${key} → ${String(value)}`).join(', ')}`)
    }
    return new Licences(rows, map)
  }

  resolve (source: SourceLicence): LicenceMatch {
    const id = source.id?.trim() || null
    const url = source.url?.trim() || null
    const title = source.title?.trim() || null
    const label = id ?? url ?? title ?? ''
    const mapped = [id, url, title].map(key => key === null ? undefined : this.#map.get(key.toLowerCase())).find(Boolean)
    if (mapped !== undefined) return { label, licence: mapped, how: 'map file' }
    const caveat = id !== null && UNVERSIONED.has(id.toLowerCase()) ? ' (the source names no version: check)' : ''
    const attempts: Array<[string | null | undefined, string]> = [
      [url === null ? undefined : this.#byUrl.get(normalUrl(url)), 'url'],
      [id !== null && /^https?:\/\//.test(id) ? this.#byUrl.get(normalUrl(id)) : undefined, 'url'],
      [title === null ? undefined : this.#byTitle.get(normalText(title)), 'title'],
      [id === null ? undefined : this.#byId.get(id.toLowerCase()), 'id'],
      [id === null ? undefined : KNOWN_IDS[id.toLowerCase()], 'known id'],
      [title === null ? undefined : KNOWN_TITLES[normalText(title)], 'known title']
    ]
    for (const [licence, how] of attempts) {
      if (licence != null) return { label, licence, how: how + caveat }
    }
    return { label, licence: null, how: 'no match' }
  }
}
