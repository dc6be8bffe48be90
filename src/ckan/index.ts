// The CKAN compatibility layer (issue 13): the read-only Action API at the root and under the old
// portal's prefix, and the old portal's dataset and resource URLs (ckan-compat.md §5).
import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../config.js'
import api from './api.js'
import legacyUrls from './legacy-urls.js'

const ckan: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const prefix = config.ckanLegacyPrefix ?? '/ckan'
  for (const root of prefix === '' ? [''] : ['', prefix]) await app.register(api, { config, root, prefix: root })
  await app.register(legacyUrls, { config })
}

export default ckan
