// The ADMS licence types (http://purl.org/adms/licencetype/…) of the seeded licences, written as the
// licence's dct:type in the feed (recommended by DCAT-AP 3). Licences added later have none until set.
// Frozen in time.
import { type Kysely, sql } from 'kysely'

const TYPES: Record<string, string[]> = {
  'etalab-2.0': ['Attribution'],
  'etalab-1.0': ['Attribution'],
  'odbl-1.0': ['Attribution', 'ViralEffect-ShareAlike'],
  'cc-by-4.0': ['Attribution'],
  'cc-by-sa-4.0': ['Attribution', 'ViralEffect-ShareAlike'],
  'cc0-1.0': ['PublicDomain'],
  'odc-by-1.0': ['Attribution'],
  'pddl-1.0': ['PublicDomain'],
  notspecified: ['UnknownIPR']
}

export async function up (db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE licences ADD COLUMN adms_types text[] NOT NULL DEFAULT '{}'`.execute(db)
  for (const [id, types] of Object.entries(TYPES)) {
    await sql`UPDATE licences SET adms_types = ${types}::text[] WHERE id = ${id}`.execute(db)
  }
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE licences DROP COLUMN IF EXISTS adms_types`.execute(db)
}
