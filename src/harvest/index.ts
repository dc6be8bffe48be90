// Harvesting (issue 14): the /harvest-sources routes, the detach route, and this node's harvest worker,
// started once the app is ready and stopped before it closes (its runs handed back to the queue).
import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../config.js'
import { runImport } from '../importer/run.js'
import sources from './routes-sources.js'
import runs from './routes-runs.js'
import detach from './routes-detach.js'
import { DEFAULT_WORKER_OPTIONS, HarvestWorker } from './worker.js'
import type { Importer } from './execute.js'

const harvest: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  let worker: HarvestWorker | undefined
  if (config.harvestWorker !== false) {
    const importer: Importer = runImport
    worker = new HarvestWorker(
      { db: app.db, storage: app.storage, config, importer, log: app.log.child({ component: 'harvest' }) },
      { ...DEFAULT_WORKER_OPTIONS, pollMs: (config.harvestPollSeconds ?? 30) * 1000 }
    )
    app.addHook('onReady', async () => { worker!.start() })
    app.addHook('preClose', async () => { await worker!.stop() })
  }
  await app.register(sources, { config })
  await app.register(runs, { config, wake: () => worker?.wake() })
  await app.register(detach, { dto: { publicUrl: config.publicUrl, landingPageTemplate: config.landingPageTemplate } })
}

export default harvest
