// API token secrets: generated, hashed, recognised, and turned into a principal (SPEC §5).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { ApiTokenRow, DB } from '../db/types.js'
import { findTokenByHash, insertToken, touchToken } from '../db/tokens.js'
import type { Principal } from '../plugins/auth.js'
import type { Token } from '../schemas/token.js'
import { invalid } from '../errors.js'

export type TokenDto = Token

/** Recognisable by secret scanners; what follows is 32 random bytes in base64url. */
export const TOKEN_PREFIX = 'bst_'
const SECRET_PATTERN = /^bst_[A-Za-z0-9_-]{43}$/
/** `lastUsedAt` is written at most this often per token, not on every request. */
export const LAST_USED_INTERVAL_MS = 60_000

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex')

export const looksLikeTokenSecret = (value: string): boolean => SECRET_PATTERN.test(value)

export function toTokenDto (row: ApiTokenRow): TokenDto {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    publisher: row.publisher_id,
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString()
  }
}

export interface NewApiToken {
  name: string
  role: 'admin' | 'editor'
  /** Required for editors, null for admins. */
  publisherId: string | null
  expiresAt?: Date | null | undefined
  /** The token that makes this one; null for ADMIN_TOKEN, the command line or the demo loader. */
  createdBy?: string | null | undefined
}

const isForeignKeyViolation = (err: unknown): boolean => (err as { code?: unknown }).code === '23503'

/**
 * Creates a token; the secret is returned here once and never stored.
 * Throws a 422 error (path `body/…`) for an editor token without a known publisher, an admin token with
 * one, or an expiry in the past.
 */
export async function createApiToken (db: Kysely<DB>, token: NewApiToken): Promise<{ token: TokenDto, secret: string }> {
  if (token.role === 'admin' && token.publisherId !== null) throw invalid('body/publisher', 'must be absent for an admin token')
  if (token.role === 'editor' && token.publisherId === null) throw invalid('body/publisher', 'is required for an editor token')
  if (token.expiresAt != null && token.expiresAt.getTime() <= Date.now()) throw invalid('body/expiresAt', 'must be in the future')
  const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url')
  try {
    const row = await insertToken(db, {
      name: token.name,
      role: token.role,
      publisherId: token.publisherId,
      secretHash: hashSecret(secret),
      expiresAt: token.expiresAt ?? null,
      createdBy: token.createdBy ?? null
    })
    return { token: toTokenDto(row), secret }
  } catch (err) {
    if (isForeignKeyViolation(err)) throw invalid('body/publisher', `no publisher ${token.publisherId} exists`)
    throw err
  }
}

/** Why a presented secret was refused, for the log (never the secret itself). */
export type TokenRejection = 'malformed' | 'unknown' | 'revoked' | 'expired'

/** The principal a secret stands for, or why it is refused; records the use at most once a minute. */
export async function authenticateToken (db: Kysely<DB>, secret: string, now = new Date()): Promise<Principal | TokenRejection> {
  if (!looksLikeTokenSecret(secret)) return 'malformed'
  const hash = hashSecret(secret)
  const row = await findTokenByHash(db, hash)
  // The indexed lookup is by hash, so timing reveals nothing of the secret; compare again anyway.
  if (row === undefined || !timingSafeEqual(Buffer.from(row.secret_hash), Buffer.from(hash))) return 'unknown'
  if (row.revoked_at !== null) return 'revoked'
  if (row.expires_at !== null && row.expires_at.getTime() <= now.getTime()) return 'expired'
  if (row.last_used_at === null || now.getTime() - row.last_used_at.getTime() >= LAST_USED_INTERVAL_MS) {
    await touchToken(db, row.id, now, LAST_USED_INTERVAL_MS)
  }
  return row.role === 'admin' || row.publisher_id === null
    ? { role: 'admin', tokenId: row.id, publisherId: null }
    : { role: 'editor', tokenId: row.id, publisherId: row.publisher_id }
}
