// The configuration as `app.feedConfig`, for the one DCAT entry point other route plugins call
// (`sendDatasetRdf` from GET /datasets/{idOrSlug}), which receives no options of its own.
import fp from 'fastify-plugin'
import type { Config } from '../../config.js'

declare module 'fastify' {
  interface FastifyInstance {
    feedConfig: Config
  }
}

export default fp<{ config: Config }>(async function feedConfig (app, { config }) {
  app.decorate('feedConfig', config)
}, { name: 'feed-config' })
