// Resumable uploads (issue 16): the tus 1.0 protocol for a distribution's file, with every session's state
// and lock in PostgreSQL so that any node resumes an upload another started, and the sweeper of expired
// ones. Built on Fastify routes rather than @tus/server: see the README, "Resumable uploads (tus)".
import type { FastifyPluginAsync } from 'fastify'
import { TusVersionError } from './errors.js'
import { CHECKSUM_ALGORITHMS, OFFSET_OCTET_STREAM, TUS_EXTENSIONS, TUS_VERSION } from './protocol.js'
import routes from './routes.js'
import { scheduleSweeps } from './sweeper.js'

/** How often this node looks for expired uploads. */
export const SWEEP_EVERY_MS = 15 * 60_000

const tus: FastifyPluginAsync = async (app) => {
  // The body is the upload's bytes, streamed by the route: no parser, so no body limit either.
  app.addContentTypeParser(OFFSET_OCTET_STREAM, (_request, _payload, done) => { done(null) })
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS' || request.headers['tus-resumable'] === TUS_VERSION) return
    // Every tus route but OPTIONS needs a token, and an anonymous caller hears 401 before anything else.
    await app.requireToken(request)
    reply.header('tus-version', TUS_VERSION)
    throw new TusVersionError(TUS_VERSION)
  })
  app.addHook('onSend', async (request, reply) => {
    reply.header('tus-resumable', TUS_VERSION)
    if (request.method !== 'OPTIONS') return
    reply.header('tus-version', TUS_VERSION)
      .header('tus-extension', TUS_EXTENSIONS)
      .header('tus-max-size', app.uploadSettings.maxBytes)
      .header('tus-checksum-algorithm', CHECKSUM_ALGORITHMS.join(','))
  })
  await app.register(routes)
  scheduleSweeps(app, SWEEP_EVERY_MS)
}

export default tus
