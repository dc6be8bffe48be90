// Harvest source rows: who may see which, and their writes. A new or rescheduled source is due at once.
import { sql, type Kysely } from 'kysely'
import type { DB, HarvestRunRow, HarvestSourceRow } from '../db/types.js'

export interface SourceValues {
  kind: 'ckan' | 'dcat'
  url: string
  schedule: string
  interval_seconds: number | null
}

/** null lists every publisher's sources (admin). */
export async function listSources (db: Kysely<DB>, publisherId: string | null): Promise<HarvestSourceRow[]> {
  let query = db.selectFrom('harvest_sources').selectAll().orderBy('created_at').orderBy('id')
  if (publisherId !== null) query = query.where('publisher_id', '=', publisherId)
  return query.execute()
}

export async function findSource (db: Kysely<DB>, id: string, forUpdate = false): Promise<HarvestSourceRow | undefined> {
  let query = db.selectFrom('harvest_sources').selectAll().where('id', '=', id)
  if (forUpdate) query = query.forUpdate()
  return query.executeTakeFirst()
}

/** undefined when another source already reads this URL. */
export async function insertSource (db: Kysely<DB>, publisherId: string, values: SourceValues): Promise<HarvestSourceRow | undefined> {
  return db.insertInto('harvest_sources')
    .values({ ...values, publisher_id: publisherId, next_run_at: values.interval_seconds === null ? null : sql`now()` })
    .onConflict(oc => oc.column('url').doNothing())
    .returningAll()
    .executeTakeFirst()
}

export async function updateSource (db: Kysely<DB>, id: string, values: SourceValues, rescheduled: boolean): Promise<HarvestSourceRow> {
  const next = values.interval_seconds === null ? { next_run_at: null } : rescheduled ? { next_run_at: sql<Date>`now()` } : {}
  return db.updateTable('harvest_sources')
    .set({ ...values, ...next, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function deleteSource (db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('harvest_sources').where('id', '=', id).execute()
}

export async function urlTaken (db: Kysely<DB>, url: string, exceptId: string): Promise<boolean> {
  const row = await db.selectFrom('harvest_sources').select('id').where('url', '=', url).where('id', '!=', exceptId).executeTakeFirst()
  return row !== undefined
}

export async function hasRunningRun (db: Kysely<DB>, sourceId: string): Promise<boolean> {
  const row = await db.selectFrom('harvest_runs').select('id').where('source_id', '=', sourceId).where('status', '=', 'running').executeTakeFirst()
  return row !== undefined
}

export async function listRuns (db: Kysely<DB>, sourceId: string, limit: number): Promise<{ rows: HarvestRunRow[], total: number }> {
  const rows = await db.selectFrom('harvest_runs').selectAll().where('source_id', '=', sourceId)
    .orderBy('queued_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
  const { total } = await db.selectFrom('harvest_runs').select(eb => eb.fn.countAll<string>().as('total'))
    .where('source_id', '=', sourceId).executeTakeFirstOrThrow()
  return { rows, total: Number(total) }
}

export async function findRun (db: Kysely<DB>, sourceId: string, runId: string): Promise<HarvestRunRow | undefined> {
  return db.selectFrom('harvest_runs').selectAll().where('source_id', '=', sourceId).where('id', '=', runId).executeTakeFirst()
}
