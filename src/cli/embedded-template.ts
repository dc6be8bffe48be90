// `npm run build`'s last step: writes dist/embedded-template/, an embedded data folder created and
// migrated once, which a new embedded database copies instead of running initdb (src/db/embedded-template.ts).
import { appendFile, mkdtemp, rm, rename } from 'node:fs/promises'
import path from 'node:path'
import { sql } from 'kysely'
import { createDatabase, openEmbedded } from '../db/dialect.js'
import { EMBEDDED_TEMPLATE_DIR } from '../paths.js'
import { migrateToLatest } from '../db/migrator.js'
import { makeReadableByAll } from '../db/embedded-template.js'

// Built beside its final place, from scratch: an older template must not be the starting point.
const work = await mkdtemp(`${EMBEDDED_TEMPLATE_DIR}.build-`)
try {
  await rm(EMBEDDED_TEMPLATE_DIR, { recursive: true, force: true })
  const pglite = await openEmbedded(work)
  const db = await createDatabase({ dataDir: work, pglite })
  await migrateToLatest(db)
  await sql`CHECKPOINT`.execute(db)
  await db.destroy()
  // PGlite zeroes its shared memory at every start: 128 MB of buffers cost about 0.4 s of CPU there, and an
  // embedded catalogue is small (the host's page cache still holds its files).
  await appendFile(path.join(work, 'pglite', 'postgresql.conf'), '\n# Bastille (src/cli/embedded-template.ts)\nshared_buffers = 16MB\n')
  await makeReadableByAll(path.join(work, 'pglite'))
  await rename(path.join(work, 'pglite'), EMBEDDED_TEMPLATE_DIR)
} finally {
  await rm(work, { recursive: true, force: true })
}
