// A @fastify/rate-limit store over PostgreSQL, so every node behind a load balancer shares the
// failed-authentication counters without another service (AUTH_RATE_LIMIT_STORE=postgres).
import type { Kysely } from 'kysely'
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { DB } from '../db/types.js'
import { incrementFailures, readFailures, type FailureWindow } from '../db/auth-failures.js'

type Callback = (error: Error | null, result?: FailureWindow) => void

/** The store class @fastify/rate-limit instantiates itself, bound to this database. */
export function postgresRateLimitStore (db: Kysely<DB>): FastifyRateLimitStoreCtor {
  const settle = (promise: Promise<FailureWindow>, callback: Callback): void => {
    promise.then(result => callback(null, result), (err: Error) => callback(err))
  }
  class PostgresStore implements FastifyRateLimitStore {
    incr (key: string, callback: Callback, timeWindow: number): void {
      settle(incrementFailures(db, key, timeWindow), callback)
    }

    /** Non-mutating peek, used before a token is looked up. */
    read (key: string, callback: Callback, timeWindow: number): void {
      settle(readFailures(db, key, timeWindow), callback)
    }

    child (): FastifyRateLimitStore {
      return new PostgresStore()
    }
  }
  return PostgresStore
}
