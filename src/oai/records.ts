// Record rows → `<header>` and `<record>` elements. The rows of one page and the datasets they show are
// read in one repeatable-read transaction, so a dataset's header and metadata agree even while it is
// being written.
import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import { findFeedDatasets, listFeedDistributions } from '../db/catalog.js'
import type { DB, DistributionRow } from '../db/types.js'
import type { FeedDatasetRow } from '../db/catalog.js'
import { feedOptions } from '../routes/catalog/send-rdf.js'
import { viewBuilder } from '../routes/catalog/views.js'
import { dcatAp, dublinCore } from './metadata.js'
import type { RecordRow } from './queries.js'
import { elements, escapeXml, utc } from './xml.js'

export interface RecordContext {
  db: Kysely<DB>
  config: Config
  /** The namespace part of `oai:<host>:<uuid>`. */
  host: string
}

export const identifierOf = (host: string, id: string): string => `oai:${host}:${id}`

export function header (ctx: RecordContext, row: RecordRow, indent = '    '): string {
  const sets = [`publisher:${row.publisher_id}`, ...row.themes.map(theme => `theme:${theme}`)]
  return `${indent}<header${row.live ? '' : ' status="deleted"'}>\n` +
    `${indent}  <identifier>${escapeXml(identifierOf(ctx.host, row.id))}</identifier>\n` +
    `${indent}  <datestamp>${utc(row.datestamp)}</datestamp>\n` +
    elements('setSpec', sets, `${indent}  `) +
    `${indent}</header>\n`
}

/** Reads `rows()` and the live datasets among them in one snapshot. */
export async function readPage<T extends RecordRow[]> (
  db: Kysely<DB>, rows: (trx: Kysely<DB>) => Promise<T>
): Promise<{ rows: T, datasets: FeedDatasetRow[], distributions: DistributionRow[] }> {
  return await db.transaction().setIsolationLevel('repeatable read').execute(async trx => {
    const page = await rows(trx)
    const ids = page.filter(row => row.live).map(row => row.id)
    const [datasets, distributions] = await Promise.all([findFeedDatasets(trx, ids), listFeedDistributions(trx, ids)])
    return { rows: page, datasets, distributions }
  })
}

/** `<record>` elements: the header, then the metadata in `prefix` for a live record. */
export async function renderRecords (
  ctx: RecordContext, prefix: string, page: Awaited<ReturnType<typeof readPage>>, indent = '    '
): Promise<string> {
  const views = await viewBuilder(ctx.db, ctx.config).datasets(page.datasets, page.distributions)
  const byId = new Map(views.map(view => [view.id, view]))
  const options = feedOptions(ctx.config)
  let xml = ''
  for (const row of page.rows) {
    const view = byId.get(row.id)
    xml += `${indent}<record>\n${header(ctx, row, `${indent}  `)}`
    if (row.live && view !== undefined) {
      xml += `${indent}  <metadata>\n${prefix === 'oai_dc' ? dublinCore(view) : await dcatAp(view, options)}${indent}  </metadata>\n`
    }
    xml += `${indent}</record>\n`
  }
  return xml
}
