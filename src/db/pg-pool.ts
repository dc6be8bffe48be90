// The PostgreSQL pool Kysely is given: pg's own, with each client's queries run through pg's callback
// API. With pg's promise API every result stayed reachable long enough to be promoted to V8's old
// space, so streaming the 50,000-dataset catalogue grew the heap until the next full collection
// (measured with --trace-gc: about 3 MB promoted per 10 MB scavenged, against none with callbacks).
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely'
import pg from 'pg'
import { statementName } from './prepared.js'
import { asUnavailable, isUnavailable } from './unavailable.js'

/**
 * What the server answers to a prepared statement it no longer accepts: its result type changed under a
 * migration (0A000, "cached plan must not change result type"), or a pooler in between lost it (26000).
 */
const STALE_STATEMENT = new Set(['0A000', '26000'])

/**
 * `onUnavailable` hears of every connection failure (refused, lost, timed out); such failures reach
 * Kysely as 503 DatabaseUnavailableErrors.
 */
export function kyselyPool (pool: pg.Pool, onUnavailable: (err: unknown) => void = () => {}): PostgresPool {
  // Kysely keys its connection state on the client object: one wrapper per pg client.
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>()
  const fail = (err: unknown): unknown => {
    if (isUnavailable(err)) onUnavailable(err)
    return asUnavailable(err)
  }
  // A client checked out of the pool has no 'error' listener of pg-pool's: a connection lost between two
  // queries (a transaction waiting on the app, a server shutting down) would then crash the process.
  // pg marks the client unusable, its next query fails, and release() below makes the pool drop it.
  const watch = (client: pg.PoolClient): void => {
    client.on('error', err => { onUnavailable(err) })
  }
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    // Set when a prepared statement went stale: the query is run again unprepared, and the connection,
    // which keeps the stale statement, is closed on release.
    let stale = false
    // Set when the connection failed or a query timed out: the connection is not given back for reuse.
    let broken = false
    const failed = (err: unknown): unknown => {
      if (isUnavailable(err)) broken = true
      return fail(err)
    }
    return {
      query: <R>(sql: string, parameters: readonly unknown[]) =>
        new Promise<PostgresQueryResult<R>>((resolve, reject) => {
          const values = [...parameters]
          const name = statementName(sql)
          client.query(name === undefined ? { text: sql, values } : { name, text: sql, values }, (err: (Error & { code?: string }) | null, result: pg.QueryResult) => {
            if (err === null) return resolve(result as unknown as PostgresQueryResult<R>)
            if (name === undefined || !STALE_STATEMENT.has(err.code ?? '')) return reject(failed(err))
            stale = true
            client.query({ text: sql, values }, (retryErr: Error | null, retried: pg.QueryResult) => {
              if (retryErr === null) resolve(retried as unknown as PostgresQueryResult<R>)
              else reject(failed(err))
            })
          })
        }),
      release: (destroy?: boolean) => client.release(destroy === true || stale || broken)
    } as PostgresPoolClient
  }
  return {
    options: pool.options,
    connect: async () => {
      let client: pg.PoolClient
      try {
        client = await pool.connect()
      } catch (err) {
        throw fail(err)
      }
      let wrapper = clients.get(client)
      if (wrapper === undefined) {
        watch(client)
        clients.set(client, wrapper = wrap(client))
      }
      return wrapper
    },
    end: async () => { await pool.end() }
  }
}
