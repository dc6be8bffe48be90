// What every part of one import shares: the database and storage, the options, the report being
// written, the bounded HTTP client and the vocabularies and licences values are resolved against.
import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { DB } from '../db/types.js'
import type { Storage } from '../storage/storage.js'
import type { SourceHttp } from './http.js'
import type { Licences } from './licences.js'
import type { ReportBuilder } from './report.js'
import type { ImportOptions } from './run.js'
import type { Vocabularies } from './vocabularies.js'

export interface ImportDeps {
  db: Kysely<DB>
  storage: Storage
  config: Config
}

export interface ImportContext {
  deps: ImportDeps
  options: ImportOptions
  dryRun: boolean
  report: ReportBuilder
  http: SourceHttp
  vocabularies: Vocabularies
  licences: Licences
  progress: (line: string) => void
  /** The URL provenance is recorded under (set by the reader once it knows it). */
  sourceUrl: string
  /** Source keys of every dataset the source listed this run. */
  listed: Set<string>
  /** Bastille ids of the listed datasets that exist in Bastille. */
  seen: Set<string>
  /**
   * A hash of everything besides the source record that shapes what is written (map files, the site's
   * registries): a record is skipped unread on a re-run only when it was imported under the same one.
   */
  fingerprint?: string
  /** False when the listing may have missed datasets: then nothing is reported vanished. */
  listingComplete: boolean
}

/** A problem with the import's own inputs (options, map files), not with the source. */
export class ImportError extends Error {
  override name = 'ImportError'
}
