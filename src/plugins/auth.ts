// Who is calling: resolves the bearer token into `request.principal`, and rate-limits failed attempts
// per client IP before any token lookup (SPEC §5). The secret itself is never logged.
import { timingSafeEqual, createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { InvalidTokenError, TooManyFailuresError, UnauthorizedError } from '../errors.js'
import { AUTH_FAILURES_PER_MINUTE, type Config } from '../config.js'
import { authenticateToken } from '../auth/tokens.js'
import { postgresRateLimitStore } from '../auth/rate-limit-store.js'

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

interface FailureWindow { max: number, remaining: number, ttlInSeconds: number }

/** RateLimit header fields (draft-ietf-httpapi-ratelimit-headers), as @fastify/rate-limit names them. */
function rateLimitHeaders (reply: FastifyReply, window: FailureWindow): void {
  reply.header('ratelimit-limit', window.max)
  reply.header('ratelimit-remaining', window.remaining)
  reply.header('ratelimit-reset', window.ttlInSeconds)
}

export default fp<{ config: Config }>(async function auth (app, { config }) {
  // Counts failures only: the limiter is consulted without counting before a lookup, and counts after one fails.
  // On a server, several nodes may share the database: their counters must be shared too (SPEC §7).
  const store = config.authRateLimitStore ?? (config.databaseUrl === undefined ? 'memory' : 'postgres')
  // `global: false`: no per-process limit on every route; only this one, whose counters are in `store`.
  await app.register(rateLimit, {
    global: false,
    ...(store === 'postgres' ? { store: postgresRateLimitStore(app.db) } : {})
  })
  const failures = app.createRateLimit({ max: config.authFailuresPerMinute ?? AUTH_FAILURES_PER_MINUTE, timeWindow: 60_000 })

  async function resolve (request: FastifyRequest): Promise<Principal | string> {
    const token = bearer(request)
    if (token === undefined) return 'malformed'
    if (config.adminToken !== undefined && sameSecret(token, config.adminToken)) {
      return { role: 'admin', tokenId: null, publisherId: null }
    }
    return await authenticateToken(app.db, token)
  }

  app.decorateRequest('principal', null)
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.authorization === undefined) return
    const before = await failures(request, { increment: false })
    if (!before.isAllowed && before.remaining === 0) {
      rateLimitHeaders(reply, before)
      reply.header('retry-after', before.ttlInSeconds)
      throw new TooManyFailuresError(before.ttlInSeconds)
    }
    const principal = await resolve(request)
    if (typeof principal === 'object') {
      request.principal = principal
      return
    }
    request.log.info({ reason: principal }, 'bearer token refused')
    const after = await failures(request)
    if (!after.isAllowed) rateLimitHeaders(reply, after)
    reply.header('www-authenticate', 'Bearer error="invalid_token"')
    throw new InvalidTokenError()
  })
  // RFC 6750 §3: every 401 names the scheme it expects.
  app.addHook('onSend', async (_request, reply) => {
    if (reply.statusCode === 401 && !reply.hasHeader('www-authenticate')) reply.header('www-authenticate', 'Bearer')
  })
  const requireToken = async (request: FastifyRequest): Promise<void> => {
    if (request.principal === null) throw new UnauthorizedError('This operation needs an Authorization: Bearer token')
  }
  app.decorate('requireToken', requireToken)
  // The contract is the rule: a route documenting `security` refuses anonymous callers first, before its
  // body is parsed or validated, so schema details never answer someone who may not write at all.
  app.addHook('onRoute', route => {
    if (route.schema?.security === undefined || route.schema.security.length === 0) return
    const own = route.onRequest === undefined ? [] : [route.onRequest].flat()
    route.onRequest = [requireToken, ...own]
  })
}, { name: 'auth', dependencies: ['db'] })
