// Webhooks (issue 17): the /webhooks routes, and this node's worker (fan-out from the change log and
// delivery) when WEBHOOK_WORKER is on, started once the app is ready and stopped before it closes.
import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../config.js'
import routes from './routes.js'
import deliveries from './routes-deliveries.js'
import { parseRetrySchedule, DEFAULT_RETRY_SCHEDULE } from './schedule.js'
import { DEFAULT_WEBHOOK_OPTIONS, WebhookWorker } from './worker.js'

const webhooks: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  let worker: WebhookWorker | undefined
  if (config.webhookWorker === true) {
    worker = new WebhookWorker(
      { db: app.db, dto: { publicUrl: config.publicUrl, landingPageTemplate: config.landingPageTemplate }, log: app.log.child({ component: 'webhooks' }) },
      {
        ...DEFAULT_WEBHOOK_OPTIONS,
        pollMs: config.webhookPollMs ?? 1000,
        timeoutMs: config.webhookTimeoutMs ?? DEFAULT_WEBHOOK_OPTIONS.timeoutMs,
        schedule: config.webhookRetrySchedule ?? parseRetrySchedule(DEFAULT_RETRY_SCHEDULE),
        allowPrivate: config.outboundAllowPrivate === true
      }
    )
    app.addHook('onReady', async () => { worker!.start() })
    app.addHook('preClose', async () => { await worker!.stop() })
  }
  const wake = () => worker?.wake()
  await app.register(routes, { config, wake })
  await app.register(deliveries, { config, wake })
}

export default webhooks
