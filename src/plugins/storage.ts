// File storage as `app.storage` (a folder or a bucket, by STORAGE); clears the temporaries of nodes that are gone (a crash, a kill -9) at
// start-up and then every minute, while renewing this node's own lease (SPEC §6, §7; storage/local.ts).
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { createStorage } from '../storage/create.js'
import { LEASE_RENEW_MS } from '../storage/local.js'
import type { Storage } from '../storage/storage.js'

declare module 'fastify' {
  interface FastifyInstance {
    storage: Storage
  }
}

const SWEEP_INTERVAL_MS = 60 * 1000

export default fp<{ config: Config }>(async function storage (app, { config }) {
  const local = await createStorage(config)
  const sweep = async (): Promise<void> => {
    const removed = await local.removeOrphanTemporaries()
    if (removed > 0) app.log.info({ removed }, 'removed temporary upload files left by stopped nodes')
  }
  await sweep()
  const timers = [
    setInterval(() => { sweep().catch(err => app.log.warn({ err }, 'temporary file sweep failed')) }, SWEEP_INTERVAL_MS),
    setInterval(() => { local.renewLease().catch(err => app.log.warn({ err }, 'could not renew the storage lease')) }, LEASE_RENEW_MS)
  ]
  for (const timer of timers) timer.unref()
  app.addHook('onClose', async () => {
    for (const timer of timers) clearInterval(timer)
    await local.releaseLease()
  })
  app.decorate('storage', local)
}, { name: 'storage' })
