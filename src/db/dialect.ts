// One Kysely instance over either the embedded PGlite database or a PostgreSQL server.
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { Kysely, PGliteDialect, PostgresDialect, type PostgresPool } from 'kysely'
import pg from 'pg'
import { PGlite } from '@electric-sql/pglite'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { pg_trgm as pgTrgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { kyselyPool } from './pg-pool.js'
import { routedPool } from './read-routing.js'
import { guardEmbedded } from './embedded-guard.js'
import { copyEmbeddedTemplate } from './embedded-template.js'
import type { DB } from './types.js'

const INT8 = pg.types.builtins.INT8
const DATE = pg.types.builtins.DATE
// bigint (int8) stays a string (STYLE P6); `date` stays 'YYYY-MM-DD', with no time-zone shift.
pg.types.setTypeParser(DATE, (value: string) => value)

export interface DatabaseOptions {
  /** postgres://… for a server; otherwise the embedded database. */
  databaseUrl?: string | undefined
  /** Server only: a read replica, used inside onReplica() (read-routing.ts). */
  databaseReadUrl?: string | undefined
  /** Folder of the embedded database; `memory://` keeps it in memory. */
  dataDir: string
  /** Embedded only: start from a dump made by `dumpEmbedded` (tests use a migrated template). */
  loadDataDir?: Blob | undefined
  /** Embedded only: an already opened PGlite instance to use. */
  pglite?: PGlite | undefined
  poolSize?: number
  /** Server only: how long opening a connection may take (default 5 s). */
  connectTimeoutMs?: number | undefined
  /** Server only: how long one statement may run, enforced by the server and by the client (default 60 s). */
  queryTimeoutMs?: number | undefined
  /** Hears of every failure that means the database cannot be reached. */
  onUnavailable?: ((err: unknown) => void) | undefined
}

export async function openEmbedded (dataDir: string, loadDataDir?: Blob): Promise<PGlite> {
  const dir = dataDir === 'memory://' ? dataDir : path.join(dataDir, 'pglite')
  if (dir !== 'memory://' && !loadDataDir) await copyEmbeddedTemplate(dir)
  if (dir !== 'memory://') await mkdir(dir, { recursive: true })
  return await PGlite.create(dir, {
    extensions: { unaccent, pg_trgm: pgTrgm },
    // Same value shapes as `pg` below: int8 and date as strings.
    parsers: { [INT8]: (value: string) => value, [DATE]: (value: string) => value },
    ...(loadDataDir ? { loadDataDir } : {})
  })
}

/** pg's pool for one server, with bounded waits, as Kysely's pool. */
function serverPool (url: string, options: DatabaseOptions): PostgresPool {
  const queryTimeoutMs = options.queryTimeoutMs ?? 60_000
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Bounded waits, so that an unreachable server gives a 503 rather than a request that hangs.
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    statement_timeout: queryTimeoutMs,
    // JIT compiles a plan whose estimated cost is high, as a search over many matches has: 25 ms spent on
    // every such request of an API whose queries take a few ms. A DATABASE_URL with its own `options` wins.
    options: '-c jit=off',
    // The client-side limit catches a server that stopped answering at all (network partition).
    query_timeout: queryTimeoutMs + 1000,
    keepAlive: true
  })
  // An idle connection the server closed (restart, failover) is dropped by the pool and replaced on the
  // next query; without a listener its 'error' event would crash the process.
  pool.on('error', err => options.onUnavailable?.(err))
  return kyselyPool(pool, options.onUnavailable)
}

export async function createDatabase (options: DatabaseOptions): Promise<Kysely<DB>> {
  if (options.databaseUrl) {
    const primary = serverPool(options.databaseUrl, options)
    const pool = options.databaseReadUrl ? routedPool(primary, serverPool(options.databaseReadUrl, options)) : primary
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  }
  const pglite = options.pglite ?? await openEmbedded(options.dataDir, options.loadDataDir)
  return new Kysely<DB>({ dialect: new PGliteDialect({ pglite: guardEmbedded(pglite, options.onUnavailable) }) })
}
