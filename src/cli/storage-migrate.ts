// `npm run storage:migrate -- --to s3|local`: copies every stored file from the other adapter to the
// one named (settings as for the server: STORAGE_DIR, S3_*), verifying checksums; safe to run again.
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../config.js'
import { createDatabase } from '../db/dialect.js'
import { createStorage } from '../storage/create.js'
import { migrateFiles } from '../storage/migrate.js'

export async function main (argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const { values } = parseArgs({ args: argv, options: { to: { type: 'string' } } })
    if (values.to !== 's3' && values.to !== 'local') throw new ConfigError('Usage: npm run storage:migrate -- --to s3|local')
    const config = loadConfig(env)
    if (config.s3 === undefined) throw new ConfigError('storage:migrate needs S3_BUCKET (and S3_ENDPOINT for a store other than AWS)')
    const from = await createStorage({ ...config, storage: values.to === 's3' ? 'local' : 's3' })
    const to = await createStorage({ ...config, storage: values.to })
    const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
    try {
      const report = await migrateFiles(db, from, to, line => { console.log(line) })
      console.log(`${report.total} files: ${report.copied} copied, ${report.skipped} already there, ${report.missing} missing, ${report.failed} failed`)
      return report.failed > 0 || report.missing > 0 ? 1 : 0
    } finally {
      await db.destroy()
      await from.releaseLease()
      await to.releaseLease()
    }
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : `Storage migration failed: ${(err as Error).message}`)
    return 1
  }
}

/* c8 ignore next 3 */
if (process.argv[1]?.endsWith('storage-migrate.js') === true) {
  process.exitCode = await main(process.argv.slice(2))
}
