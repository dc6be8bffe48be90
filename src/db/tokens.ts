// SQL for API tokens: only the sha256 of a secret is ever written (SPEC §5).
import type { Kysely } from 'kysely'
import type { ApiTokenRow, DB } from './types.js'

export interface NewToken {
  name: string
  role: 'admin' | 'editor'
  publisherId: string | null
  secretHash: string
  expiresAt: Date | null
  createdBy: string | null
}

export async function insertToken (db: Kysely<DB>, token: NewToken): Promise<ApiTokenRow> {
  return await db.insertInto('api_tokens').values({
    name: token.name,
    role: token.role,
    publisher_id: token.publisherId,
    secret_hash: token.secretHash,
    expires_at: token.expiresAt,
    created_by: token.createdBy
  }).returningAll().executeTakeFirstOrThrow()
}

export async function findTokenByHash (db: Kysely<DB>, secretHash: string): Promise<ApiTokenRow | undefined> {
  return await db.selectFrom('api_tokens').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst()
}

/** Every token, or one publisher's, newest first. */
export async function listTokens (db: Kysely<DB>, publisherId?: string): Promise<ApiTokenRow[]> {
  let query = db.selectFrom('api_tokens').selectAll()
  if (publisherId !== undefined) query = query.where('publisher_id', '=', publisherId)
  return await query.orderBy('created_at', 'desc').orderBy('id').execute()
}

export async function findToken (db: Kysely<DB>, id: string): Promise<ApiTokenRow | undefined> {
  return await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Marks a token revoked; revoking it again keeps the first revocation time. */
export async function revokeToken (db: Kysely<DB>, id: string): Promise<void> {
  const now = new Date()
  await db.updateTable('api_tokens')
    .set({ revoked_at: now, updated_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute()
}

/** Records a use, unless another request (on any node) already did within the last `intervalMs`. */
export async function touchToken (db: Kysely<DB>, id: string, now: Date, intervalMs: number): Promise<void> {
  await db.updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where(eb => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now.getTime() - intervalMs))]))
    .execute()
}
