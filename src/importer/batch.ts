// Writes imported datasets a page at a time: the page's lookups in a few queries, its writes in one
// transaction (a whole page or none of it; an interrupted import loses at most the page in flight). When
// the page's transaction fails, each dataset is written again alone, so one bad record fails only itself.
import type { DatasetRecord } from '../db/datasets.js'
import { distributionsOf } from '../db/distributions.js'
import { selectDataset } from '../db/datasets.js'
import type { ImportContext } from './context.js'
import type { ImportedDataset } from './model.js'
import { Serial } from './pool.js'
import type { Provenance, ProvenanceRaw } from './store.js'
import {
  applyAll, directLookups, downloadFiles, failed, prepareDataset, reportPrepared, writeDataset, type Lookups, type Prepared
} from './write.js'

/** Datasets written in one transaction. */
export const PAGE_SIZE = 100

/** A page's lookups, read in bulk before its datasets are prepared; slugs and ids taken by the page count as taken. */
async function pageLookups (context: ImportContext, records: ImportedDataset[]): Promise<Lookups> {
  const { db } = context.deps
  const direct = directLookups(context)
  const sourceIds = records.map(record => record.sourceId)
  const provenances = new Map((await db.selectFrom('dataset_provenance').select(['dataset_id', 'source_id', 'content_hash', 'raw'])
    .where('source_url', '=', context.sourceUrl).where('source_id', 'in', sourceIds).execute())
    .map(row => [row.source_id, { ...row, raw: row.raw as ProvenanceRaw } satisfies Provenance]))
  const existingIds = [...provenances.values()].map(row => row.dataset_id)
  const datasets = new Map<string, DatasetRecord>(existingIds.length === 0
    ? []
    : (await selectDataset(db.selectFrom('datasets')).where('datasets.id', 'in', existingIds).execute()).map(row => [row.id, row]))
  const distributions = await distributionsOf(db, existingIds)
  const wantedIds = records.map(record => record.id).filter(id => id !== null)
  const takenIds = new Set(wantedIds.length === 0 ? [] : (await db.selectFrom('datasets').select('id').where('id', 'in', wantedIds).execute()).map(row => row.id))
  const wantedSlugs = records.map(record => record.slug).filter(slug => slug !== null)
  const slugOwners = new Map<string, string>(wantedSlugs.length === 0
    ? []
    : (await db.selectFrom('datasets').select(['slug', 'id']).where('slug', 'in', wantedSlugs).where('deleted_at', 'is', null).execute()).map(row => [row.slug, row.id]))
  const wantedDistributions = records.flatMap(record => record.distributions.map(d => d.id)).filter(id => id !== null)
  const takenDistributions = new Set(wantedDistributions.length === 0
    ? []
    : (await db.selectFrom('distributions').select('id').where('id', 'in', wantedDistributions).execute()).map(row => row.id))
  /** Slugs given to datasets of this page so far, with their dataset. */
  const pageSlugs = new Map<string, string>()
  const pageDistributions = new Set<string>()
  return {
    provenance: async sourceId => provenances.get(sourceId),
    dataset: async id => datasets.get(id) ?? await direct.dataset(id),
    datasetIdTaken: async id => takenIds.has(id),
    slugTaken: async (slug, exceptId) => {
      const owner = pageSlugs.get(slug) ?? (slugOwners.has(slug) ? slugOwners.get(slug) : (await direct.slugTaken(slug, exceptId) ? '' : undefined))
      const taken = owner !== undefined && owner !== exceptId
      if (!taken) pageSlugs.set(slug, exceptId)
      return taken
    },
    distributions: async datasetId => distributions.get(datasetId) ?? await direct.distributions(datasetId),
    distributionIdTaken: async id => {
      const taken = takenDistributions.has(id) || pageDistributions.has(id)
      pageDistributions.add(id)
      return taken
    }
  } satisfies Lookups
}

/** Collects datasets and writes them a page at a time, one page after the other. */
export class WriteBatch {
  readonly #context: ImportContext
  readonly #size: number
  readonly #serial = new Serial()
  #pending: ImportedDataset[] = []

  constructor (context: ImportContext, size = PAGE_SIZE) {
    this.#context = context
    this.#size = size
  }

  /** Queues a dataset; resolves once its page is written when it completed one (back-pressure for readers). */
  async add (record: ImportedDataset): Promise<void> {
    this.#pending.push(record)
    if (this.#pending.length >= this.#size) await this.flush()
  }

  /** Writes what is queued. */
  async flush (): Promise<void> {
    const page = this.#pending
    this.#pending = []
    if (page.length > 0) await this.#serial.run(async () => { await writePage(this.#context, page) })
  }
}

async function writePage (context: ImportContext, records: ImportedDataset[]): Promise<void> {
  const lookups = await pageLookups(context, records)
  const prepared: Prepared[] = []
  for (const record of records) prepared.push(await prepareDataset(context, record, lookups))
  const jobs: Prepared[] = []
  for (const entry of prepared.filter(p => p.job !== undefined)) {
    try {
      await downloadFiles(context, entry)
      jobs.push(entry)
    } catch (err) {
      failed(entry, err)
    }
  }
  if (jobs.length > 0) {
    try {
      await applyAll(context, jobs)
    } catch {
      // Something of the page would not go in (a slug or id taken meanwhile): each dataset alone, freshly compared.
      for (const entry of prepared) {
        if (entry.job === undefined) reportPrepared(context, entry)
        else await writeDataset(context, entry.record)
      }
      return
    }
  }
  for (const entry of prepared) reportPrepared(context, entry)
}
