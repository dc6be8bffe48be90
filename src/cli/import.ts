// `npm run import -- ckan <url> …` and `npm run import -- dcat <url> --publisher <id> …`: an operator's
// one-off import into the configured database. Progress on stderr, the report on stdout (and in JSON
// with --report). Exit 0 when the run completed, 1 when the source could not be read, 2 on bad usage.
import { readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../config.js'
import { createDatabase } from '../db/dialect.js'
import { migrateToLatest } from '../db/migrator.js'
import { LocalStorage } from '../storage/local.js'
import { runImport, type ImportOptions } from '../importer/run.js'
import { formatReport } from '../importer/report-text.js'

const USAGE = `Usage:
  npm run import -- ckan <url> [--publisher <id>] [--token T] [--dry-run] [--report report.json] [--group-themes map.json] [--licences map.json]
  npm run import -- dcat <url> --publisher <id> [--dry-run] [--report report.json] [--licences map.json]`

class UsageError extends Error {}

async function jsonFile<T> (file: string | undefined, what: string, valid: (value: unknown) => boolean): Promise<T | undefined> {
  if (file === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    throw new UsageError(`${what} ${file} cannot be read as JSON: ${(err as Error).message}`)
  }
  if (!valid(value)) throw new UsageError(`${what} ${file} has the wrong shape`)
  return value as T
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

async function options (argv: string[]): Promise<ImportOptions & { reportFile?: string }> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        publisher: { type: 'string' },
        token: { type: 'string' },
        'dry-run': { type: 'boolean' },
        report: { type: 'string' },
        'group-themes': { type: 'string' },
        licences: { type: 'string' }
      }
    })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const { positionals, values } = parsed
  const [kind, url, ...rest] = positionals
  if (kind !== 'ckan' && kind !== 'dcat') throw new UsageError(kind === undefined ? 'Missing source kind' : `Unknown source kind ${kind}`)
  if (url === undefined || rest.length > 0) throw new UsageError('Give exactly one source URL')
  if (kind === 'dcat' && values.publisher === undefined) throw new UsageError('A DCAT import needs --publisher <id>')
  const groupThemes = await jsonFile<Record<string, string[]>>(values['group-themes'], 'The group-theme map', value =>
    isObject(value) && Object.values(value).every(codes => Array.isArray(codes) && codes.every(code => typeof code === 'string')))
  const licences = await jsonFile<Record<string, string>>(values.licences, 'The licence map', value =>
    isObject(value) && Object.values(value).every(id => typeof id === 'string'))
  return {
    kind,
    url,
    ...(values.publisher === undefined ? {} : { publisher: values.publisher }),
    ...(values.token === undefined ? {} : { token: values.token }),
    dryRun: values['dry-run'] === true,
    ...(groupThemes === undefined ? {} : { groupThemes }),
    ...(licences === undefined ? {} : { licences }),
    ...(values.report === undefined ? {} : { reportFile: values.report })
  }
}

async function main (argv: string[]): Promise<number> {
  const { reportFile, ...importOptions } = await options(argv)
  const config = loadConfig()
  const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  const storage = new LocalStorage(config.storageDir)
  const abort = new AbortController()
  const stop = (): void => { abort.abort(new Error('interrupted')) }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    await migrateToLatest(db)
    await storage.init()
    const report = await runImport({ db, storage, config }, {
      ...importOptions,
      signal: abort.signal,
      onProgress: line => { console.error(line) }
    })
    if (reportFile !== undefined) await writeFile(reportFile, JSON.stringify(report, null, 2) + '\n')
    console.log(formatReport(report))
    return report.completed ? 0 : 1
  } finally {
    await db.destroy()
  }
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (err) {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n\n${USAGE}`)
    process.exitCode = 2
  } else {
    console.error(err instanceof ConfigError ? err.message : `import: ${(err as Error).message}`)
    process.exitCode = 1
  }
}
