// Which database errors mean "the database cannot be reached right now" rather than "this statement
// failed": those become 503s with Retry-After (DatabaseUnavailableError) and make the liveness check look.
import { DatabaseUnavailableError } from '../errors.js'

/** Socket-level failures of the connection to the server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])

/**
 * SQLSTATEs of a server going away or refusing work: admin/crash shutdown, starting up, too many
 * connections, disk full, and statement_timeout (57014, a saturated database is unavailable too).
 * Class 08 (connection) and class 58 (system errors: its files unreadable or gone) are added below.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300', '53100', '57014'])

/** pg's and PGlite's own messages for a lost, timed-out or closed connection (they carry no code). */
const CLIENT_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|PGlite is closed/i

export function isUnavailable (err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true
  if (typeof err !== 'object' || err === null) return false
  const { code, message } = err as { code?: unknown, message?: unknown }
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08') || code.startsWith('58'))) return true
  return typeof message === 'string' && CLIENT_MESSAGES.test(message)
}

/** `err` itself, or a 503 DatabaseUnavailableError (with `err` as its cause) when the database is unreachable. */
export function asUnavailable (err: unknown): unknown {
  if (!isUnavailable(err) || err instanceof DatabaseUnavailableError) return err
  const code = (err as { code?: unknown }).code
  return new DatabaseUnavailableError(typeof code === 'string' ? code : (err as Error).message, { cause: err })
}
