// Which datasets a harvest source owns: linked after each run, unpublished when the source withdraws
// them, guarded against hand edits, and released by a detach.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { recordChange } from '../db/changes.js'

/**
 * Makes the source own the datasets a run saw, among those of its publisher; a detached dataset stays
 * detached. Returns how many are linked.
 */
export async function linkSeen (trx: Kysely<DB>, source: { id: string, publisherId: string }, datasetIds: string[]): Promise<number> {
  if (datasetIds.length === 0) return 0
  const result = await sql`
    INSERT INTO harvested_datasets (dataset_id, source_id)
    SELECT id, ${source.id}::uuid FROM datasets
    WHERE id = ANY(${datasetIds}::uuid[]) AND publisher_id = ${source.publisherId} AND deleted_at IS NULL
    ON CONFLICT (dataset_id) DO UPDATE SET source_id = EXCLUDED.source_id WHERE harvested_datasets.detached_at IS NULL`
    .execute(trx)
  return Number(result.numAffectedRows ?? 0n)
}

/** What the withdrawal step decided. */
export interface Withdrawal {
  /** Turned back to drafts by this run. */
  unpublished: string[]
  /** Missing from the source, still within the grace of HARVEST_WITHDRAW_AFTER_RUNS: id → consecutive runs missing. */
  missing: Record<string, number>
  /** Set when the run withdrew nothing because it would have withdrawn too much. */
  held?: string
}

/**
 * Counts the runs each owned dataset has been missing (reset for those seen), and unpublishes those
 * missing for `afterRuns` runs, unless that is more than `maxShare` of the source's datasets and the
 * run was not forced: then nothing is withdrawn (a source half down must not empty the portal).
 */
export async function withdraw (
  trx: Kysely<DB>, sourceId: string, seen: string[], vanished: string[], rule: { afterRuns: number, maxShare: number, force: boolean }
): Promise<Withdrawal> {
  if (seen.length > 0) {
    await trx.updateTable('harvested_datasets').set({ missing_runs: 0 })
      .where('source_id', '=', sourceId).where('dataset_id', 'in', seen).where('missing_runs', '>', 0).execute()
  }
  const missing = vanished.length === 0
    ? []
    : await trx.updateTable('harvested_datasets').set(eb => ({ missing_runs: eb('missing_runs', '+', 1) }))
      .where('source_id', '=', sourceId).where('dataset_id', 'in', vanished)
      .returning(['dataset_id', 'missing_runs']).execute()
  const overdue = missing.filter(row => row.missing_runs >= rule.afterRuns).map(row => row.dataset_id)
  // Only what is still published is withdrawn (and weighed against the share): drafts stay drafts.
  const due = overdue.length === 0
    ? []
    : (await trx.selectFrom('datasets').select('id').where('id', 'in', overdue).where('status', '=', 'published').where('deleted_at', 'is', null).execute()).map(row => row.id)
  const waiting = Object.fromEntries(missing.filter(row => row.missing_runs < rule.afterRuns).map(row => [row.dataset_id, row.missing_runs]))
  if (due.length === 0) return { unpublished: [], missing: waiting }
  const owned = await trx.selectFrom('harvested_datasets').innerJoin('datasets', 'datasets.id', 'harvested_datasets.dataset_id')
    .select(eb => eb.fn.countAll<string>().as('n'))
    .where('harvested_datasets.source_id', '=', sourceId).where('datasets.deleted_at', 'is', null).where('datasets.status', '=', 'published')
    .executeTakeFirstOrThrow()
  const share = due.length / Math.max(1, Number(owned.n))
  if (share > rule.maxShare && !rule.force) {
    return {
      unpublished: [],
      missing: { ...waiting, ...Object.fromEntries(missing.filter(row => due.includes(row.dataset_id)).map(row => [row.dataset_id, row.missing_runs])) },
      held: `${due.length} of ${String(owned.n)} published dataset(s) would be withdrawn, more than HARVEST_WITHDRAW_MAX_SHARE (${rule.maxShare}): ` +
        'none was; start a run with ?force=true to withdraw them'
    }
  }
  return { unpublished: await unpublishWithdrawn(trx, sourceId, due), missing: waiting }
}

/** Turns back to drafts the published datasets this source owns and withdrew; returns their ids. */
export async function unpublishWithdrawn (trx: Kysely<DB>, sourceId: string, datasetIds: string[]): Promise<string[]> {
  if (datasetIds.length === 0) return []
  const rows = await trx.updateTable('datasets')
    .set({ status: 'draft', updated_at: sql`now()` })
    .where('id', 'in', datasetIds)
    .where('status', '=', 'published')
    .where('deleted_at', 'is', null)
    .where('id', 'in', eb => eb.selectFrom('harvested_datasets').select('dataset_id').where('source_id', '=', sourceId))
    .returning('id')
    .execute()
  for (const { id } of rows) {
    await recordChange(trx, { datasetId: id, action: 'dataset.unpublished', principal: null, summary: { harvestSource: sourceId, reason: 'withdrawn by the source' } })
  }
  return rows.map(row => row.id)
}

/** Releases a dataset from its source; false when no source owned it. */
export async function detach (trx: Kysely<DB>, datasetId: string): Promise<boolean> {
  const result = await trx.updateTable('harvested_datasets')
    .set({ source_id: null, detached_at: sql`now()` })
    .where('dataset_id', '=', datasetId).where('source_id', 'is not', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
