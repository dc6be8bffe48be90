// File storage as `app.storage`; clears temporaries left by a crash at start-up and then every
// quarter of an hour, since nodes sharing a storage restart at different times (SPEC §6, §7).
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { LocalStorage } from '../storage/local.js'
import type { Storage } from '../storage/storage.js'

declare module 'fastify' {
  interface FastifyInstance {
    storage: Storage
  }
}

/**
 * Several nodes may share one storage: a temporary untouched for this long belongs to no live upload
 * (a running upload writes to its temporary continuously).
 */
export const STALE_TEMPORARY_MS = 60 * 60 * 1000
const SWEEP_INTERVAL_MS = 15 * 60 * 1000

export default fp<{ config: Config }>(async function storage (app, { config }) {
  const local = new LocalStorage(config.storageDir)
  await local.init()
  const sweep = async (): Promise<void> => {
    const removed = await local.removeStaleTemporaries(STALE_TEMPORARY_MS)
    if (removed > 0) app.log.info({ removed }, 'removed stale temporary upload files')
  }
  await sweep()
  const timer = setInterval(() => { sweep().catch(err => app.log.warn({ err }, 'temporary file sweep failed')) }, SWEEP_INTERVAL_MS)
  timer.unref()
  app.addHook('onClose', async () => { clearInterval(timer) })
  app.decorate('storage', local)
}, { name: 'storage' })
