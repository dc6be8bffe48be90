// Harvest withdrawal grace: how many consecutive runs a harvested dataset has been missing from its
// source (it is unpublished only after HARVEST_WITHDRAW_AFTER_RUNS), and whether a run was forced past
// the HARVEST_WITHDRAW_MAX_SHARE guard. Frozen in time.
import { type Kysely, sql } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE harvested_datasets ADD COLUMN missing_runs integer NOT NULL DEFAULT 0 CHECK (missing_runs >= 0)`.execute(db)
  await sql`ALTER TABLE harvest_runs ADD COLUMN force boolean NOT NULL DEFAULT false`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE harvest_runs DROP COLUMN IF EXISTS force`.execute(db)
  await sql`ALTER TABLE harvested_datasets DROP COLUMN IF EXISTS missing_runs`.execute(db)
}
