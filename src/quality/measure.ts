// Everything the scorer needs besides the dataset, gathered from the database and the configuration:
// the feed's own mapping options, the licences that count as known, the URL checks, the SHACL check.
import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { DB } from '../db/types.js'
import { datasetQuads } from '../dcat/feed.js'
import type { DatasetView } from '../dcat/types.js'
import { feedOptions } from '../routes/catalog/send-rdf.js'
import { scoreDataset, type QualityScore, type UrlState } from './scorer.js'
import { countViolations } from './shacl.js'
import { withQuality } from './tables.js'

const UNCHECKED: UrlState = { state: 'unchecked', status: null }
const OWN: UrlState = { state: 'reachable', status: null, detail: 'served by Bastille' }

/** Bastille's own URLs (uploaded files, its API) count as reachable; nobody checks them. */
export const isOwnUrl = (config: Pick<Config, 'publicUrl'>, url: string): boolean =>
  url === config.publicUrl || url.startsWith(`${config.publicUrl}/`)

/** The external URLs the mapping writes as dcat:accessURL or dcat:downloadURL. */
export function externalUrls (config: Pick<Config, 'publicUrl'>, view: DatasetView): string[] {
  const urls = view.distributions.flatMap(d => [d.accessUrl, d.downloadUrl]).filter((u): u is string => u !== null)
  return [...new Set(urls)].filter(url => !isOwnUrl(config, url))
}

/** piveau's status mapping: 2xx is reachable, anything else (HTTP error, 1100 no connection, 1300 invalid) is not. */
export function urlStateOf (status: number | null, detail: string | null): UrlState {
  if (status === null) return UNCHECKED
  const reachable = status >= 200 && status < 300
  return { state: reachable ? 'reachable' : 'unreachable', status, detail: detail ?? (reachable ? undefined : `HTTP ${status}`) }
}

/** Licence IRIs that count as known: those of licences Bastille maps to the EU licence table. */
async function knownLicences (db: Kysely<DB>): Promise<Set<string>> {
  const rows = await db.selectFrom('licences').select(['url', 'alternate_urls', 'eu_uri']).where('eu_uri', 'is not', null).execute()
  return new Set(rows.flatMap(row => [row.url, row.eu_uri, ...row.alternate_urls]).filter((u): u is string => u !== null))
}

export async function measure (db: Kysely<DB>, config: Config, view: DatasetView): Promise<QualityScore> {
  const feed = feedOptions(config)
  const external = externalUrls(config, view)
  const [known, violations, checks] = await Promise.all([
    knownLicences(db),
    countViolations(config.qualityShapesDir, datasetQuads(view, feed)),
    external.length === 0
      ? []
      : withQuality(db).selectFrom('quality_url_checks').select(['url', 'status', 'detail']).where('url', 'in', external).execute()
  ])
  const states = new Map(checks.map(check => [check.url, urlStateOf(check.status, check.detail)]))
  return scoreDataset({
    dataset: view,
    feed,
    knownLicences: known,
    conforms: violations === null ? null : violations === 0,
    urlState: url => isOwnUrl(config, url) ? OWN : states.get(url) ?? UNCHECKED
  })
}
