// One Kysely instance over either the embedded PGlite database or a PostgreSQL server.
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import { PGlite } from '@electric-sql/pglite'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { pg_trgm as pgTrgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { kyselyPool } from './pg-pool.js'
import type { DB } from './types.js'

const INT8 = pg.types.builtins.INT8
const DATE = pg.types.builtins.DATE
// bigint (int8) stays a string (STYLE P6); `date` stays 'YYYY-MM-DD', with no time-zone shift.
pg.types.setTypeParser(DATE, (value: string) => value)

export interface DatabaseOptions {
  /** postgres://… for a server; otherwise the embedded database. */
  databaseUrl?: string | undefined
  /** Folder of the embedded database; `memory://` keeps it in memory. */
  dataDir: string
  /** Embedded only: start from a dump made by `dumpEmbedded` (tests use a migrated template). */
  loadDataDir?: Blob | undefined
  /** Embedded only: an already opened PGlite instance to use. */
  pglite?: PGlite | undefined
  poolSize?: number
}

export async function openEmbedded (dataDir: string, loadDataDir?: Blob): Promise<PGlite> {
  const dir = dataDir === 'memory://' ? dataDir : path.join(dataDir, 'pglite')
  if (dir !== 'memory://') await mkdir(dir, { recursive: true })
  return await PGlite.create(dir, {
    extensions: { unaccent, pg_trgm: pgTrgm },
    // Same value shapes as `pg` below: int8 and date as strings.
    parsers: { [INT8]: (value: string) => value, [DATE]: (value: string) => value },
    ...(loadDataDir ? { loadDataDir } : {})
  })
}

export async function createDatabase (options: DatabaseOptions): Promise<Kysely<DB>> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 })
    // An idle connection the server closed (restart, failover) is dropped by the pool and replaced on the
    // next query; without a listener its 'error' event would crash the process.
    pool.on('error', () => {})
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool: kyselyPool(pool) }) })
  }
  const pglite = options.pglite ?? await openEmbedded(options.dataDir, options.loadDataDir)
  return new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) })
}
