// Publishers: every query on the `publishers` table.
import { sql, type Kysely } from 'kysely'
import type { DB, PublisherRow } from './types.js'

/** The columns a client writes. */
export type PublisherValues = Pick<PublisherRow, 'name' | 'type' | 'homepage' | 'email'>

export function publisherValuesOf (row: PublisherRow): PublisherValues {
  return { name: row.name, type: row.type, homepage: row.homepage, email: row.email }
}

export async function listPublishers (db: Kysely<DB>): Promise<PublisherRow[]> {
  return db.selectFrom('publishers').selectAll().orderBy('id').execute()
}

/** `forUpdate` locks the row until the transaction ends, so a check and the write that follows agree. */
export async function findPublisher (db: Kysely<DB>, id: string, forUpdate = false): Promise<PublisherRow | undefined> {
  const query = db.selectFrom('publishers').selectAll().where('id', '=', id)
  return (forUpdate ? query.forUpdate() : query).executeTakeFirst()
}

/** Inserts the publisher; undefined when the id is already taken. */
export async function insertPublisher (db: Kysely<DB>, id: string, values: PublisherValues): Promise<PublisherRow | undefined> {
  return db.insertInto('publishers').values({ id, ...values })
    .onConflict(oc => oc.column('id').doNothing())
    .returningAll().executeTakeFirst()
}

export async function updatePublisher (db: Kysely<DB>, id: string, values: PublisherValues): Promise<PublisherRow> {
  return db.updateTable('publishers').set({ ...values, updated_at: sql<Date>`now()` })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow()
}

export async function deletePublisher (db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('publishers').where('id', '=', id).execute()
}

/** Datasets that still reference the publisher, deleted ones included (they keep answering 410). */
export async function countPublisherDatasets (db: Kysely<DB>, id: string): Promise<{ live: number, deleted: number }> {
  const row = await db.selectFrom('datasets')
    .select([
      eb => eb.fn.countAll<string>().filterWhere('deleted_at', 'is', null).as('live'),
      eb => eb.fn.countAll<string>().filterWhere('deleted_at', 'is not', null).as('deleted')
    ])
    .where('publisher_id', '=', id).executeTakeFirstOrThrow()
  return { live: Number(row.live), deleted: Number(row.deleted) }
}
