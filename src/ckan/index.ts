// The CKAN compatibility layer (issue 13): the read-only Action API at the root and under the old
// portal's prefix, and the old portal's dataset and resource URLs (ckan-compat.md §5).
import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../config.js'
import { BodyCache, type RenderedBody } from '../http/body-cache.js'
import api from './api.js'
import legacyUrls from './legacy-urls.js'

/** Room for a few thousand package dicts (about 5 KB each), shared by both roots. */
const PACKAGE_CACHE_BYTES = 16 * 1024 * 1024

const ckan: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const prefix = config.ckanLegacyPrefix ?? '/ckan'
  const packages = new BodyCache<RenderedBody>(PACKAGE_CACHE_BYTES)
  for (const root of prefix === '' ? [''] : ['', prefix]) await app.register(api, { config, root, packages, prefix: root })
  await app.register(legacyUrls, { config })
}

export default ckan
