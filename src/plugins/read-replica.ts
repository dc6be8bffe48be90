// Which requests read the replica (DATABASE_READ_URL): anonymous GET and HEAD requests only. A request
// with a token, any other method, and every request for a short while after a write from the same client
// (a cookie set on each successful write) reads the primary, so a writer always sees its own writes
// whatever the replica's lag. See src/db/read-routing.ts for how the queries follow.
import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { onReplica } from '../db/read-routing.js'

/** Longer than a healthy replica's lag: the writer's reads stay on the primary this long after a write. */
export const PRIMARY_AFTER_WRITE_SECONDS = 10
export const PRIMARY_COOKIE = 'bastille-primary'

const READS = new Set(['GET', 'HEAD'])
const WROTE = new RegExp(`(?:^|;)\\s*${PRIMARY_COOKIE}=1\\s*(?:;|$)`)

/** An anonymous read from a client that has not written lately. */
export function readsFromReplica (request: FastifyRequest): boolean {
  return READS.has(request.method) && request.headers.authorization === undefined && !WROTE.test(request.headers.cookie ?? '')
}

export default fp<{ enabled: boolean }>(async function readReplica (app, { enabled }) {
  if (!enabled) return
  app.addHook('onRequest', (request, _reply, done) => {
    if (!readsFromReplica(request)) return done()
    // The later hooks and the handler are called from done(), so they run inside this context; a GET has
    // no body, whose parsing would leave it.
    onReplica(() => { done() })
  })
  app.addHook('onSend', async (request, reply) => {
    if (READS.has(request.method) || request.method === 'OPTIONS' || reply.statusCode >= 400) return
    reply.header('set-cookie', `${PRIMARY_COOKIE}=1; Max-Age=${PRIMARY_AFTER_WRITE_SECONDS}; Path=/; HttpOnly; SameSite=Lax`)
  })
}, { name: 'read-replica', dependencies: ['db'] })
