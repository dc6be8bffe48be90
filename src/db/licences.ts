// The licence registry: every query on the `licences` table.
import { sql, type Kysely } from 'kysely'
import type { DB, LicenceRow } from './types.js'

/** The columns a client writes. */
export type LicenceValues = Pick<LicenceRow, 'title' | 'url' | 'alternate_urls' | 'spdx_id' | 'eu_uri' | 'open'>

export function licenceValuesOf (row: LicenceRow): LicenceValues {
  return { title: row.title, url: row.url, alternate_urls: row.alternate_urls, spdx_id: row.spdx_id, eu_uri: row.eu_uri, open: row.open }
}

export async function listLicences (db: Kysely<DB>): Promise<LicenceRow[]> {
  return db.selectFrom('licences').selectAll().orderBy('id').execute()
}

/** `forUpdate` locks the row until the transaction ends, so a check and the write that follows agree. */
export async function findLicence (db: Kysely<DB>, id: string, forUpdate = false): Promise<LicenceRow | undefined> {
  const query = db.selectFrom('licences').selectAll().where('id', '=', id)
  return (forUpdate ? query.forUpdate() : query).executeTakeFirst()
}

/** Inserts the licence; undefined when the id is already taken. */
export async function insertLicence (db: Kysely<DB>, id: string, values: LicenceValues): Promise<LicenceRow | undefined> {
  return db.insertInto('licences').values({ id, ...values })
    .onConflict(oc => oc.column('id').doNothing())
    .returningAll().executeTakeFirst()
}

export async function updateLicence (db: Kysely<DB>, id: string, values: LicenceValues): Promise<LicenceRow> {
  return db.updateTable('licences').set({ ...values, updated_at: sql<Date>`now()` })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow()
}
