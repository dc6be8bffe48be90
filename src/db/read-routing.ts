// Read replica routing (DATABASE_READ_URL): one Kysely instance whose pool hands out a replica
// connection when the code runs for a request marked as a replica read, and a primary one otherwise.
// The mark is carried by AsyncLocalStorage, so no query function needs to know which pool it uses; a
// transaction keeps the connection it began on. Anything outside a marked request (workers, migrations,
// start-up) reads and writes the primary. A replica that cannot be reached hands its reads to the
// primary for a while: a standby down for maintenance must not take the portal's reads with it.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { PostgresPool } from 'kysely'
import { isUnavailable } from './unavailable.js'

/** After a connection to the replica fails, replica reads go to the primary for this long. */
export const REPLICA_RETRY_MS = 30_000

const replicaRead = new AsyncLocalStorage<boolean>()

/** Runs `work` (and everything it starts) with its queries sent to the replica pool, if there is one. */
export function onReplica<T> (work: () => T): T {
  return replicaRead.run(true, work)
}

/** Runs `work` with its queries sent to the primary, whatever the request (a read that writes). */
export function onPrimary<T> (work: () => T): T {
  return replicaRead.run(false, work)
}

/** Whether queries made now go to the replica. */
export const readsReplica = (): boolean => replicaRead.getStore() === true

/**
 * A pool that connects to `replica` inside onReplica() and to `primary` everywhere else, or to `primary`
 * for `retryMs` after the replica could not be reached; ending it ends both.
 */
export function routedPool (primary: PostgresPool, replica: PostgresPool, retryMs = REPLICA_RETRY_MS): PostgresPool {
  let replicaDownUntil = 0
  return {
    options: primary.options,
    connect: async () => {
      if (!readsReplica() || Date.now() < replicaDownUntil) return await primary.connect()
      try {
        return await replica.connect()
      } catch (err) {
        if (!isUnavailable(err)) throw err
        replicaDownUntil = Date.now() + retryMs
        return await primary.connect()
      }
    },
    end: async () => { await Promise.all([primary.end(), replica.end()]) }
  }
}
