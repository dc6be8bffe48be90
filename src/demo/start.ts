// Start-up of a new embedded portal: the demo catalogue and an admin token, printed once.
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.js'
import { createApiToken } from '../auth/tokens.js'
import { loadDemo } from './load.js'

/** Loads the demo into an empty database; only then is a token made, so it is printed once in a database's life. */
export async function startDemo (app: FastifyInstance, config: Config): Promise<void> {
  if (!config.demoData || !await loadDemo(app, config.publicUrl)) return
  const { secret } = await createApiToken(app.db, { name: 'demo admin', role: 'admin', publisherId: null })
  app.log.info('demo catalogue loaded')
  process.stdout.write(`\nDemo catalogue loaded. Admin token (shown once, keep it):\n\n  ${secret}\n\n` +
    `Try: curl -H 'Authorization: Bearer ${secret}' ${config.publicUrl}/tokens\n\n`)
}
