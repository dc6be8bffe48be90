// Writes imported datasets: each one wholly (row, distributions, files, groups, provenance) or not at
// all. A dataset is first prepared (compared with what Bastille holds, its files downloaded), then
// applied inside a transaction that batch.ts shares between a page of datasets; an unchanged source
// record (same content hash) writes nothing at all.
import { createHash, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { datasetValuesOf, changedFields, findDataset, freeSlug, slugTaken, type DatasetRecord } from '../db/datasets.js'
import { deleteDistribution, distributionsOf, distributionValuesOf, type DistributionValues } from '../db/distributions.js'
import { recordChange } from '../db/changes.js'
import type { DB, DistributionRow } from '../db/types.js'
import { datasetValuesFromInput } from '../dto/dataset-input.js'
import { distributionValuesFromInput, keepFileColumns } from '../dto/distribution-input.js'
import { newFileKey } from '../uploads/commit.js'
import { fileUrl } from '../uploads/file-columns.js'
import { datasetProblems, distributionProblems } from './check.js'
import type { ImportContext } from './context.js'
import { fetchFile, type FetchedFile } from './files.js'
import type { ImportedDataset, ImportedDistribution } from './model.js'
import type { DatasetResult, Outcome, ReportItem } from './report.js'
import { slugify } from './slug.js'
import {
  datasetIdTaken, distributionIdTaken, findProvenance, insertImportedDatasets, insertImportedDistributions, provenanceOf,
  saveProvenances, setDatasetsGroups, updateImportedDataset, updateImportedDistribution, type ImportedDistributionColumns,
  type Provenance, type ProvenanceRaw, type ProvenanceSummary
} from './store.js'

/** A hash of everything the record would write, so a re-run can tell "unchanged" without comparing rows. */
export function contentHash (record: ImportedDataset): string {
  const { warnings, ...content } = record
  return createHash('sha256').update(JSON.stringify(content)).digest('hex')
}

/** What preparing a dataset reads from the database: one query each (here), or prefetched for a page (batch.ts). */
export interface Lookups {
  provenance: (sourceId: string) => Promise<Provenance | undefined>
  dataset: (id: string) => Promise<DatasetRecord | undefined>
  datasetIdTaken: (id: string) => Promise<boolean>
  /** Whether a live dataset other than `exceptId` uses the slug (or another dataset of the page took it). */
  slugTaken: (slug: string, exceptId: string) => Promise<boolean>
  distributions: (datasetId: string) => Promise<DistributionRow[]>
  distributionIdTaken: (id: string) => Promise<boolean>
}

export function directLookups (context: ImportContext): Lookups {
  const { db } = context.deps
  return {
    provenance: async sourceId => await findProvenance(db, context.sourceUrl, sourceId),
    dataset: async id => await findDataset(db, id),
    datasetIdTaken: async id => await datasetIdTaken(db, id),
    slugTaken: async (slug, exceptId) => await slugTaken(db, slug, exceptId),
    distributions: async datasetId => (await distributionsOf(db, [datasetId])).get(datasetId) ?? [],
    distributionIdTaken: async id => await distributionIdTaken(db, id)
  }
}

interface Plan {
  source: ImportedDistribution
  id: string
  row: DistributionRow | undefined
  values: DistributionValues
  position: number
  /** The stored file stays: the source's file did not change. */
  keepFile: boolean
  fetched?: FetchedFile
  key?: string
}

export interface Job {
  datasetId: string
  existing: DatasetRecord | undefined
  values: ReturnType<typeof datasetValuesFromInput>
  plans: Plan[]
  removed: DistributionRow[]
  hash: string
}

/** One dataset ready to report, and to apply when `job` is set. */
export interface Prepared {
  record: ImportedDataset
  result: DatasetResult
  job?: Job
}

class Failure extends Error {}

/** Writes one dataset in a transaction of its own. */
export async function writeDataset (context: ImportContext, record: ImportedDataset, lookups = directLookups(context)): Promise<void> {
  const prepared = await prepareDataset(context, record, lookups)
  if (prepared.job !== undefined) {
    try {
      await downloadFiles(context, prepared)
      await applyAll(context, [prepared])
    } catch (err) {
      failed(prepared, err)
    }
  }
  reportPrepared(context, prepared)
}

/** Marks a prepared dataset failed: nothing of it was written. */
export function failed (prepared: Prepared, err: unknown): void {
  const { dataset } = prepared.result
  dataset.outcome = 'failed'
  dataset.reason = err instanceof Failure ? err.message : `could not be written: ${(err as Error).message}`
  prepared.result.items = []
  delete prepared.result.withoutDistribution
  delete prepared.job
}

export function reportPrepared (context: ImportContext, prepared: Prepared): void {
  if (prepared.job !== undefined) context.seen.add(prepared.job.datasetId)
  context.report.dataset(prepared.result)
}

/** Compares the record with what Bastille holds and plans its writes; never throws for the record's own faults. */
export async function prepareDataset (context: ImportContext, record: ImportedDataset, lookups: Lookups): Promise<Prepared> {
  const dataset: ReportItem = { type: 'dataset', outcome: 'failed', sourceId: record.sourceId, title: record.body.title }
  if (record.warnings.length > 0) dataset.warnings = record.warnings
  const prepared: Prepared = { record, result: { sourceId: record.sourceId, dataset, items: [] } }
  try {
    await prepare(context, record, lookups, prepared)
  } catch (err) {
    failed(prepared, err)
  }
  return prepared
}

async function prepare (context: ImportContext, record: ImportedDataset, lookups: Lookups, prepared: Prepared): Promise<void> {
  const item = prepared.result.dataset
  const hash = contentHash(record)
  const provenance = await lookups.provenance(record.sourceId)
  const existing = provenance === undefined ? undefined : await lookups.dataset(provenance.dataset_id)
  if (existing !== undefined) {
    item.id = existing.id
    if (existing.deleted_at !== null) {
      item.outcome = 'skipped'
      item.reason = 'deleted in Bastille: not imported again'
      return
    }
    context.seen.add(existing.id)
    if (context.options.exclude?.includes(existing.id) === true) {
      item.outcome = 'skipped'
      item.reason = 'detached from its harvest source: left as its publisher edits it'
      return
    }
    if (provenance!.content_hash === hash) {
      item.outcome = 'unchanged'
      for (const distribution of record.distributions.filter(d => distributionProblems(d.body).length === 0)) {
        prepared.result.items.push({ type: 'distribution', outcome: 'unchanged', sourceId: distribution.sourceId })
        if (distribution.file !== null) prepared.result.items.push({ type: 'file', outcome: 'unchanged', sourceId: distribution.file.url })
      }
      noteWithoutDistribution(prepared, existing.id)
      return
    }
  }
  const datasetId = existing?.id ?? await newDatasetId(context, record, lookups)
  item.id = datasetId
  const slug = await chooseSlug(context, record, existing, datasetId, lookups)
  const body = { ...record.body, slug, publisher: record.publisher }
  const problems = datasetProblems(body)
  if (problems.length > 0) throw new Failure(`not valid for Bastille: ${problems.join('; ')}`)
  const values = datasetValuesFromInput(body, slug, record.publisher)
  const rows = existing === undefined ? [] : await lookups.distributions(datasetId)
  const plans = await planDistributions(prepared, provenance, rows, values.licence_id, lookups)
  const kept = new Set(plans.map(plan => plan.id))
  const removed = rows.filter(row => !kept.has(row.id))
  item.outcome = existing === undefined ? 'created' : 'updated'
  if (removed.length > 0) (item.warnings ??= []).push(`${removed.length} distribution(s) no longer in the source were removed`)
  reportDistributions(prepared, plans)
  noteWithoutDistribution(prepared, datasetId)
  if (!context.dryRun) prepared.job = { datasetId, existing, values, plans, removed, hash }
  else context.seen.add(datasetId)
}

async function newDatasetId (context: ImportContext, record: ImportedDataset, lookups: Lookups): Promise<string> {
  if (record.id === null || !(await lookups.datasetIdTaken(record.id))) return record.id ?? randomUUID()
  const other = await provenanceOf(context.deps.db, record.id)
  throw new Failure(other === undefined
    ? `a dataset with id ${record.id} already exists in Bastille and was not imported from this source`
    : `id ${record.id} was already imported from ${other.source_url} (${other.source_id})`)
}

/** The source's slug when free, else the first free variant; a dataset without one keeps the slug it has. */
async function chooseSlug (
  context: ImportContext, record: ImportedDataset, existing: DatasetRecord | undefined, datasetId: string, lookups: Lookups
): Promise<string> {
  if (record.slug === null && existing !== undefined) return existing.slug
  const wanted = record.slug ?? slugify(record.body.title)
  if (!(await lookups.slugTaken(wanted, datasetId))) return wanted
  if (existing !== undefined && existing.slug.startsWith(`${wanted}-`)) return existing.slug
  let slug = await freeSlug(context.deps.db, wanted)
  // freeSlug knows the database only: another dataset of the same page may have taken its answer.
  for (let n = 2; await lookups.slugTaken(slug, datasetId); n++) slug = `${wanted}-${n}`
  if (record.slug !== null) record.warnings.push(`slug ${wanted} is taken by another dataset: ${slug} instead`)
  return slug
}

async function planDistributions (
  prepared: Prepared, provenance: Provenance | undefined, rows: DistributionRow[], licenceId: string | null, lookups: Lookups
): Promise<Plan[]> {
  const previous: ProvenanceRaw = provenance?.raw ?? { source: null, distributions: {}, files: {} }
  const rowsById = new Map(rows.map(row => [row.id, row]))
  const used = new Set<string>()
  const plans: Plan[] = []
  for (const source of prepared.record.distributions) {
    const problems = distributionProblems(source.body)
    if (problems.length > 0) {
      prepared.result.items.push({ type: 'distribution', outcome: 'skipped', sourceId: source.sourceId, title: source.body.title, reason: `not valid for Bastille: ${problems.join('; ')}` })
      continue
    }
    let id = previous.distributions[source.sourceId]
    if (id === undefined || !rowsById.has(id) || used.has(id)) id = await newDistributionId(source, rowsById, used, lookups)
    used.add(id)
    const row = rowsById.get(id)
    const keepFile = source.file !== null && row?.file_key != null && previous.files[source.sourceId] === source.file.marker
    const values = distributionValuesFromInput(source.body, licenceId)
    plans.push({ source, id, row, values: keepFile ? keepFileColumns(values, row!) : values, position: plans.length, keepFile })
  }
  return plans
}

async function newDistributionId (source: ImportedDistribution, rowsById: Map<string, DistributionRow>, used: Set<string>, lookups: Lookups): Promise<string> {
  const wanted = source.id
  if (wanted !== null && !used.has(wanted) && (rowsById.has(wanted) || !(await lookups.distributionIdTaken(wanted)))) return wanted
  return randomUUID()
}

/** Downloads the files a prepared dataset needs into storage temporaries; on failure, none is left. */
export async function downloadFiles (context: ImportContext, prepared: Prepared): Promise<void> {
  const { plans } = prepared.job!
  try {
    for (const plan of plans) {
      if (plan.source.file === null || plan.keepFile) continue
      plan.fetched = await fetchFile(context.http, context.deps.storage, plan.source.file)
        .catch((err: unknown) => { throw new Failure(`file not downloaded: ${(err as Error).message}`) })
      plan.key = newFileKey()
      if (plan.fetched.warnings.length > 0) (prepared.result.dataset.warnings ??= []).push(...plan.fetched.warnings)
    }
  } catch (err) {
    await discardTemporaries(context, prepared)
    throw err
  }
}

/**
 * Applies prepared datasets in one transaction: all of them or none. On failure every file placed is
 * removed and every temporary discarded, and the error is thrown.
 */
export async function applyAll (context: ImportContext, batch: Prepared[]): Promise<void> {
  const { db, storage } = context.deps
  const placed: string[] = []
  const released: string[] = []
  try {
    await db.transaction().execute(async trx => {
      await apply(trx, context, batch, released)
      for (const plan of batch.flatMap(prepared => prepared.job!.plans)) {
        if (plan.fetched === undefined) continue
        await storage.commit(plan.fetched.temp, plan.key!)
        placed.push(plan.key!)
      }
    })
  } catch (err) {
    for (const key of placed) await storage.delete(key).catch(() => {})
    for (const prepared of batch) await discardTemporaries(context, prepared, placed)
    throw err
  }
  for (const key of released) await storage.delete(key).catch(() => {})
}

/** The page's writes, each kind in as few statements as it can (inserts together, updates row by row). */
async function apply (trx: Kysely<DB>, context: ImportContext, batch: Prepared[], released: string[]): Promise<void> {
  const { config } = context.deps
  const jobs = batch.map(prepared => ({ record: prepared.record, prepared, ...prepared.job! }))
  await insertImportedDatasets(trx, jobs.filter(job => job.existing === undefined)
    .map(job => ({ id: job.datasetId, values: job.values, modified: job.record.modified })))
  for (const { existing, values, record, datasetId } of jobs) {
    if (existing !== undefined && (changedFields(datasetValuesOf(existing), values).length > 0 || record.modified !== null)) {
      await updateImportedDataset(trx, datasetId, values, record.modified)
    }
  }
  const removed = jobs.flatMap(job => job.removed)
  released.push(...removed.map(row => row.file_key).filter(key => key !== null))
  for (const row of removed) await deleteDistribution(trx, row.id)
  const inserts: Parameters<typeof insertImportedDistributions>[1] = []
  for (const { plans, datasetId } of jobs) {
    for (const plan of plans) {
      const columns: ImportedDistributionColumns = { ...plan.values, modified: plan.source.modified }
      if (plan.fetched !== undefined) {
        const sniffed = context.vocabularies.format(plan.fetched.sniffed.format, null).code
        Object.assign(columns, {
          file_key: plan.key!,
          file_name: plan.fetched.fileName,
          media_type: plan.fetched.sniffed.mediaType,
          format: plan.values.format ?? sniffed,
          byte_size: plan.fetched.byteSize,
          checksum_sha256: plan.fetched.sha256,
          download_url: fileUrl(config.publicUrl, plan.id)
        })
        if (plan.row?.file_key != null) released.push(plan.row.file_key)
      }
      if (plan.row === undefined) inserts.push({ row: { ...columns, id: plan.id, dataset_id: datasetId }, position: plan.position })
      else await updateImportedDistribution(trx, plan.id, columns)
    }
  }
  await insertImportedDistributions(trx, inserts)
  await setDatasetsGroups(trx, jobs.map(job => ({ datasetId: job.datasetId, groupIds: job.record.groups })))
  await saveProvenances(trx, jobs.map(job => ({
    datasetId: job.datasetId, kind: context.options.kind, sourceUrl: context.sourceUrl, sourceId: job.record.sourceId, hash: job.hash, raw: provenanceRaw(context, job.prepared)
  })))
  for (const { existing, datasetId, record } of jobs) {
    await recordChange(trx, {
      datasetId,
      action: existing === undefined ? 'dataset.imported' : 'dataset.reimported',
      principal: null,
      summary: { source: context.sourceUrl, sourceId: record.sourceId }
    })
  }
}

function provenanceRaw (context: ImportContext, prepared: Prepared): ProvenanceRaw {
  const { record } = prepared
  const { plans } = prepared.job!
  const files: Record<string, string> = {}
  for (const plan of plans) if (plan.source.file !== null) files[plan.source.sourceId] = plan.source.file.marker
  const summary: ProvenanceSummary = {
    modified: record.sourceModified ?? null,
    fingerprint: context.fingerprint ?? null,
    title: record.body.title,
    distributions: plans.map(plan => ({ sourceId: plan.source.sourceId, ...(plan.source.file === null ? {} : { file: plan.source.file.url }) }))
  }
  return { source: record.raw, distributions: Object.fromEntries(plans.map(plan => [plan.source.sourceId, plan.id])), files, summary }
}

async function discardTemporaries (context: ImportContext, prepared: Prepared, placed: string[] = []): Promise<void> {
  for (const plan of prepared.job?.plans ?? []) {
    if (plan.fetched !== undefined && (plan.key === undefined || !placed.includes(plan.key))) await context.deps.storage.discard(plan.fetched.temp).catch(() => {})
  }
}

function reportDistributions (prepared: Prepared, plans: Plan[]): void {
  for (const plan of plans) {
    const outcome: Outcome = plan.row === undefined
      ? 'created'
      : JSON.stringify(distributionValuesOf(plan.row)) === JSON.stringify(plan.values) ? 'unchanged' : 'updated'
    prepared.result.items.push({ type: 'distribution', outcome, sourceId: plan.source.sourceId, id: plan.id })
    if (plan.source.file === null) continue
    const file: Outcome = plan.keepFile ? 'unchanged' : plan.row?.file_key != null ? 'updated' : 'created'
    prepared.result.items.push({ type: 'file', outcome: file, sourceId: plan.source.file.url, id: plan.id })
  }
}

function noteWithoutDistribution (prepared: Prepared, id: string): void {
  const { record } = prepared
  if (record.distributions.length === 0) prepared.result.withoutDistribution = { id, sourceId: record.sourceId, title: record.body.title }
}
