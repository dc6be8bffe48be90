// Metadata quality (issue 18): the routes, and this node's quality job when QUALITY_WORKER is on.
import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../config.js'
import routes from './routes.js'
import { DEFAULT_CHECKER_OPTIONS } from './checker.js'
import { QualityWorker } from './worker.js'

const quality: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  if (config.qualityWorker === true) {
    const worker = new QualityWorker(
      { db: app.db, config, log: app.log.child({ component: 'quality' }) },
      (config.qualityPollSeconds ?? 60) * 1000,
      { ...DEFAULT_CHECKER_OPTIONS, allowPrivate: config.outboundAllowPrivate === true }
    )
    app.addHook('onReady', async () => { worker.start() })
    app.addHook('preClose', async () => { await worker.stop() })
  }
  await app.register(routes, { config })
}

export default quality
