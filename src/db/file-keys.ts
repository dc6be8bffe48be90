// Which storage keys rows still use: what the start-up sweep of orphan files asks before removing any.
import type { Kysely } from 'kysely'
import type { DB } from './types.js'

/** The chunks of resumable uploads in progress (src/tus/) are stored files too. */
type ChunkTable = { tus_upload_chunks: { file_key: string } }

export async function referencedFileKeys (db: Kysely<DB>, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set()
  const rows = await db.selectFrom('distributions').select('file_key').where('file_key', 'in', keys).execute()
  const chunks = await db.withTables<ChunkTable>().selectFrom('tus_upload_chunks').select('file_key').where('file_key', 'in', keys).execute()
  return new Set([...rows.map(row => row.file_key!), ...chunks.map(row => row.file_key)])
}
