// Entry point: configuration → Fastify → app → listen, with a graceful shutdown.
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import closeWithGrace from 'close-with-grace'
import { ConfigError, loadConfig, type Config } from './config.js'
import app from './app.js'
import { serverOptions } from './server-options.js'
import { startDemo } from './demo/start.js'

async function main (): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    console.error(err.message)
    process.exit(1)
  }
  const server = Fastify(serverOptions(config))
  await server.register(fp(app), { config })
  await server.ready()
  await startDemo(server, config)
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) server.log.error({ err }, 'shutting down after an error')
    else server.log.info({ signal }, 'shutting down')
    await server.close()
  })
  await server.listen({ port: config.port, host: config.host })
}

await main()
