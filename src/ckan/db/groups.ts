// Legacy groups: CKAN groups an import kept because no EU theme stands for them (migration 2026_12_04_0001).
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.js'
import type { GroupView } from '../map/group.js'

export type LegacyGroupRow = GroupView & { created_at: Date }

export async function listLegacyGroups (db: Kysely<DB>): Promise<LegacyGroupRow[]> {
  return db.selectFrom('legacy_groups').select(['id', 'name', 'title', 'description', 'image_url', 'created_at']).orderBy('name').execute()
}

/** Published datasets per publisher, as the feed keeps them (migration 0013). */
export async function publishedPerPublisher (db: Kysely<DB>): Promise<Map<string, number>> {
  const rows = await db.selectFrom('feed_stats').select(['publisher_id', 'published']).execute()
  return new Map(rows.map(row => [row.publisher_id, Number(row.published)]))
}
