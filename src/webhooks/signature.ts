// Standard Webhooks 1.0 signing: secrets `whsec_<base64>` of random bytes, and `v1,<base64 HMAC-SHA256>`
// over `id.timestamp.body`, one per secret in use, space-separated so keys rotate without downtime.
// @see {@link ../../../shared/notes/future-features.md} §2.1
import { createHmac, randomBytes } from 'node:crypto'

export const SECRET_PREFIX = 'whsec_'
const SECRET_BYTES = 32

export function newSecret (): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64')
}

/** One `v1,` signature of a message with one secret. */
export function sign (secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64')
  return 'v1,' + createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')
}

/** The `webhook-signature` header: a signature per secret (the current one first). */
export function signatureHeader (secrets: readonly string[], id: string, timestamp: number, body: string): string {
  return secrets.map(secret => sign(secret, id, timestamp, body)).join(' ')
}
