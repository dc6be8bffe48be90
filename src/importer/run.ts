// The one entry point of an import, used by the CLI and by scheduled harvests: reads a CKAN site or a
// DCAT catalogue into Bastille and returns the report. It never throws for what the source does.
import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { DB } from '../db/types.js'
import { findPublisher } from '../db/publishers.js'
import type { Storage } from '../storage/storage.js'
import { importCkan } from './ckan/import.js'
import { ImportError, type ImportContext } from './context.js'
import { importDcat } from './dcat/import.js'
import { DEFAULT_LIMITS, SourceError, SourceHttp, type HttpLimits } from './http.js'
import { LicenceMapError, Licences } from './licences.js'
import { ReportBuilder, type ImportReport } from './report.js'
import { sourceDatasets } from './store.js'
import { Vocabularies } from './vocabularies.js'

export interface ImportOptions {
  kind: 'ckan' | 'dcat'
  url: string
  /**
   * The publisher every dataset goes to. Required for DCAT; for CKAN, when given, the site's
   * organisations are not imported as publishers (a town's own CKAN harvested into the town).
   */
  publisher?: string
  /** A CKAN API token (sysadmin, to read private datasets); sent only to the CKAN site itself. */
  token?: string
  /** Read everything and report what would change; write nothing. */
  dryRun?: boolean
  /** CKAN group name → EU data-theme codes. */
  groupThemes?: Record<string, string[]>
  /** Source licence id, URL or title → Bastille licence id. */
  licences?: Record<string, string>
  fetch?: typeof globalThis.fetch
  signal?: AbortSignal
  onProgress?: (line: string) => void
  /** Timeouts, size caps and retries of requests to the source. */
  limits?: Partial<HttpLimits>
  /** Parallel requests to the source (default 3, as ckanapi does with remote sites). */
  concurrency?: number
  /** Bastille ids of datasets to leave as they are (detached from a harvest source): reported skipped. */
  exclude?: string[]
  /** Most DCAT pages followed through hydra:next (default 10,000). */
  maxPages?: number
}

export async function runImport (deps: { db: Kysely<DB>, storage: Storage, config: Config }, options: ImportOptions): Promise<ImportReport> {
  const dryRun = options.dryRun ?? false
  const report = new ReportBuilder(options.kind, options.url, dryRun)
  const http = new SourceHttp(options.fetch ?? globalThis.fetch, { ...DEFAULT_LIMITS, ...options.limits }, options.signal)
  const progress = options.onProgress ?? (() => {})
  try {
    if (options.publisher !== undefined && await findPublisher(deps.db, options.publisher) === undefined) {
      throw new ImportError(`Publisher ${options.publisher} does not exist`)
    }
    if (options.kind === 'dcat' && options.publisher === undefined) throw new ImportError('A DCAT import needs the publisher its datasets go to')
    const context: ImportContext = {
      deps,
      options,
      dryRun,
      report,
      http,
      vocabularies: await Vocabularies.load(deps.db),
      licences: await Licences.load(deps.db, options.licences),
      progress,
      sourceUrl: options.url,
      listed: new Set(),
      seen: new Set(),
      listingComplete: false
    }
    await (options.kind === 'ckan' ? importCkan(context) : importDcat(context))
    report.report.sourceUrl = context.sourceUrl
    report.report.seen = [...context.seen].sort()
    if (context.listingComplete) {
      report.report.vanished = (await sourceDatasets(deps.db, context.sourceUrl))
        .filter(row => !context.listed.has(row.source_id)).map(row => row.dataset_id).sort()
    } else {
      report.warn('The source could not be listed completely: no dataset is reported as vanished')
    }
    return finish(report, http, true)
  } catch (err) {
    if (err instanceof SourceError || err instanceof ImportError || err instanceof LicenceMapError) return finish(report, http, false, err.message)
    if (options.signal?.aborted === true) return finish(report, http, false, 'The import was aborted')
    return finish(report, http, false, `Unexpected error: ${(err as Error).message}`)
  }
}

function finish (report: ReportBuilder, http: SourceHttp, completed: boolean, error?: string): ImportReport {
  report.report.requests = http.requests
  return report.result(completed, error)
}
