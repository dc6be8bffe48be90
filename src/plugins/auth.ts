// Who is calling: resolves the bearer token into `request.principal` and guards writes.
import { timingSafeEqual, createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { UnauthorizedError } from '../errors.js'
import type { Config } from '../config.js'

export type Principal =
  | { role: 'admin', tokenId: string | null, publisherId: null }
  | { role: 'editor', tokenId: string, publisherId: string }

declare module 'fastify' {
  interface FastifyRequest {
    /** null for anonymous requests. */
    principal: Principal | null
  }
  interface FastifyInstance {
    /** preHandler that answers 401 unless a valid token was sent. */
    requireToken: (request: FastifyRequest) => Promise<void>
  }
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest()

/** Constant-time comparison of two secrets of any length. */
export function sameSecret (a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b))
}

function bearer (request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')
  return match?.[1]
}

export default fp<{ config: Config }>(async function auth (app, { config }) {
  app.decorateRequest('principal', null)
  app.addHook('onRequest', async (request) => {
    if (request.headers.authorization === undefined) return
    const token = bearer(request)
    if (token !== undefined && config.adminToken !== undefined && sameSecret(token, config.adminToken)) {
      request.principal = { role: 'admin', tokenId: null, publisherId: null }
      return
    }
    throw new UnauthorizedError('The bearer token is missing, malformed, expired or revoked')
  })
  app.decorate('requireToken', async (request: FastifyRequest) => {
    if (request.principal === null) throw new UnauthorizedError('This operation needs an Authorization: Bearer token')
  })
}, { name: 'auth' })
