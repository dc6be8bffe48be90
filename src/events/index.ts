// The change log (issue 17): GET /changes, the Atom feeds, and this node's share of pruning the log
// past its retention window, started once the app is ready and stopped before it closes.
import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../config.js'
import changes from './routes.js'
import atom from './atom.js'
import { EventPruner } from './pruner.js'

export const DEFAULT_RETENTION_DAYS = 90

const events: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const retentionDays = config.changesRetentionDays ?? DEFAULT_RETENTION_DAYS
  const pruner = new EventPruner(app.db, retentionDays, 5 * 60_000, app.log.child({ component: 'changes' }))
  app.addHook('onReady', async () => { pruner.start() })
  app.addHook('preClose', async () => { await pruner.stop() })
  const dto = { publicUrl: config.publicUrl, landingPageTemplate: config.landingPageTemplate }
  await app.register(changes, { dto, retentionDays })
  await app.register(atom, { atom: { publicUrl: config.publicUrl, title: config.catalog.title, author: config.catalog.publisherName } })
}

export default events
