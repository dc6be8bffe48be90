// One harvest run: the importer reads the source through the outbound guard into the source's publisher;
// then, in one transaction, the source owns what it listed and what it withdrew goes back to draft.
import type { Kysely } from 'kysely'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../config.js'
import type { DB, HarvestSourceRow } from '../db/types.js'
import type { Storage } from '../storage/storage.js'
import { guardedFetch } from '../outbound/fetch.js'
import { linkSeen, withdraw } from './links.js'

/** What a harvest needs of the import engine's report (src/importer/report.ts). */
export interface HarvestImportReport {
  completed: boolean
  error?: string
  seen: string[]
  vanished: string[]
}

export interface HarvestImportOptions {
  kind: 'ckan' | 'dcat'
  url: string
  publisher: string
  fetch: typeof globalThis.fetch
  signal: AbortSignal
  onProgress: (line: string) => void
  /** Bastille ids of datasets detached from this source: left as their publisher edits them. */
  exclude: string[]
}

/** The import engine (src/importer/run.ts's runImport). */
export type Importer = (deps: { db: Kysely<DB>, storage: Storage, config: Config }, options: HarvestImportOptions) => Promise<HarvestImportReport>

export interface HarvestDeps {
  db: Kysely<DB>
  storage: Storage
  config: Config
  importer: Importer
  log: FastifyBaseLogger
}

export interface RunOutcome {
  status: 'succeeded' | 'failed'
  report?: unknown
  error?: string
}

/** The publisher's datasets detached from a source (the import touches only this source's, so all of them will do). */
async function detachedFrom (db: Kysely<DB>, source: HarvestSourceRow): Promise<string[]> {
  const rows = await db.selectFrom('harvested_datasets').innerJoin('datasets', 'datasets.id', 'harvested_datasets.dataset_id')
    .select('harvested_datasets.dataset_id')
    .where('harvested_datasets.detached_at', 'is not', null).where('datasets.publisher_id', '=', source.publisher_id)
    .execute()
  return rows.map(row => row.dataset_id)
}

/** Runs the import of a source; throws only when `signal` aborts it (the run is then handed back). */
export async function executeRun (deps: HarvestDeps, source: HarvestSourceRow, signal: AbortSignal, force = false): Promise<RunOutcome> {
  const fetch = guardedFetch({ allowPrivate: deps.config.outboundAllowPrivate === true })
  const log = deps.log.child({ harvestSource: source.id })
  try {
    const exclude = await detachedFrom(deps.db, source)
    const report = await deps.importer({ db: deps.db, storage: deps.storage, config: deps.config }, {
      kind: source.kind,
      url: source.url,
      publisher: source.publisher_id,
      fetch,
      signal,
      onProgress: line => log.debug(line),
      exclude
    })
    signal.throwIfAborted()
    if (!report.completed) return { status: 'failed', report, error: report.error ?? 'The source could not be read' }
    const rule = { afterRuns: deps.config.harvestWithdrawAfterRuns ?? 2, maxShare: deps.config.harvestWithdrawMaxShare ?? 0.5, force }
    const withdrawal = await deps.db.transaction().execute(async trx => {
      await linkSeen(trx, { id: source.id, publisherId: source.publisher_id }, report.seen)
      return withdraw(trx, source.id, report.seen, report.vanished, rule)
    })
    return { status: 'succeeded', report: { ...report, ...withdrawal } }
  } catch (err) {
    if (signal.aborted) throw err
    // The importer reports what went wrong with the source; anything thrown is Bastille's own fault, not shown.
    log.error({ err }, 'harvest run failed')
    return { status: 'failed', error: 'The harvest stopped on an internal error; the server log has the details' }
  } finally {
    await fetch.close()
  }
}
