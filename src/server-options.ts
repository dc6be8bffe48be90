// Fastify's own options, shared by the server and the tests.
import { randomUUID } from 'node:crypto'
import type { FastifyServerOptions } from 'fastify'
import type { Config } from './config.js'
import { clientErrorHandler, frameworkErrors } from './plugins/error-handler.js'

/** Fastify options shared by the server and the tests. */
export function serverOptions (config: Config): FastifyServerOptions {
  return {
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie']
    },
    trustProxy: config.trustProxy,
    // A caller's X-Request-Id is kept when it is short and plain, so logs can be correlated across services.
    requestIdHeader: false,
    genReqId: (req) => {
      const id = req.headers['x-request-id']
      return typeof id === 'string' && /^[\w.-]{1,64}$/.test(id) ? id : randomUUID()
    },
    bodyLimit: 1024 * 1024,
    // Opening and migrating the database happens while plugins load; it can take a while on first start.
    pluginTimeout: 300_000,
    connectionTimeout: 0,
    requestTimeout: 0,
    keepAliveTimeout: 72_000,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
    // Errors raised before routing or by Node's parser leave as problems too.
    frameworkErrors,
    clientErrorHandler
  }
}
