// Entry point: configuration → Fastify → app → listen, with a graceful shutdown.
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import closeWithGrace from 'close-with-grace'
import { ConfigError, loadConfig, type Config } from './config.js'
import app from './app.js'
import { serverOptions } from './server-options.js'
import { startDemo } from './demo/start.js'

/** Share of the grace period requests get before their connections are cut; the rest closes the database. */
const DRAIN_SHARE = 0.8

async function main (): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    console.error(err.message)
    process.exit(1)
  }
  // While draining, requests arriving on open keep-alive connections are served (with Connection: close)
  // rather than answered with Fastify's bare, non-problem 503.
  const server = Fastify({ ...serverOptions(config), return503OnClosing: false })
  await server.register(fp(app), { config })
  await server.ready()
  await startDemo(server, config)
  const grace = config.shutdownGraceMs ?? 10_000
  // On SIGTERM the listening socket closes at once (new connections are refused), uploads being received
  // are cut (plugins/upload-drain.ts), other requests finish; those still running at the drain limit are
  // cut, so the process exits 0 within the grace period. Only a close that hangs past it exits 1.
  closeWithGrace({ delay: grace }, async ({ signal, err }) => {
    if (err) server.log.error({ err }, 'shutting down after an error')
    else server.log.info({ signal }, 'shutting down')
    const cut = setTimeout(() => {
      server.log.warn('grace period over: cutting the connections still open')
      server.server.closeAllConnections()
    }, Math.floor(grace * DRAIN_SHARE))
    await server.close()
    clearTimeout(cut)
    server.log.info('stopped')
  })
  await server.listen({ port: config.port, host: config.host })
}

await main()
