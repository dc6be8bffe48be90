// While the database is unreachable, every route that needs it answers at once with a 503 problem and
// Retry-After (rather than each request waiting for a connect timeout), and /ready with it; /health and
// the contract stay up. Errors that meet an outage mid-request are 503s too: they get Retry-After here.
import fp from 'fastify-plugin'
import { DatabaseUnavailableError } from '../errors.js'

/** Seconds a client is told to wait: a few probe intervals, so most retries land after recovery. */
export const RETRY_AFTER_SECONDS = 3

/** Routes that never touch the database. */
const DATABASE_FREE = new Set(['/health', '/openapi.json'])

export function needsDatabase (url: string | undefined): boolean {
  // No route (a 404) needs nothing either.
  return url !== undefined && !DATABASE_FREE.has(url) && url !== '/docs' && !url.startsWith('/docs/')
}

export default fp(async function databaseGuard (app) {
  app.addHook('onRequest', async (request) => {
    if (app.dbLiveness.up || !needsDatabase(request.routeOptions.url)) return
    // The error handler gives it the same problem as an outage met mid-request.
    throw new DatabaseUnavailableError('the liveness probe cannot reach it')
  })
  app.addHook('onSend', async (_request, reply) => {
    if (reply.statusCode === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', RETRY_AFTER_SECONDS)
  })
}, { name: 'database-guard', dependencies: ['db'] })
