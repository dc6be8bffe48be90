// Fastify's own options, shared by the server and the tests.
import type { FastifyServerOptions } from 'fastify'
import type { Config } from './config.js'

/** Fastify options shared by the server and the tests. */
export function serverOptions (config: Config): FastifyServerOptions {
  return {
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie']
    },
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    bodyLimit: 1024 * 1024,
    connectionTimeout: 0,
    requestTimeout: 0,
    keepAliveTimeout: 72_000,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 }
  }
}
