// Command-line options of `npm run bench -- …`.
import { parseArgs } from 'node:util'

export interface BenchOptions {
  datasets: number
  only: string[] | null
  duration: number
  rounds: number
  uploadMiB: number
  databaseUrl: string
  /** Load the catalogue once into this database and keep it for later runs. */
  keepDatabase: string | null
}

export const USAGE = `npm run bench -- [--datasets N] [--only name[,name]] [--duration s] [--rounds n] [--upload-mib n]
                     [--keep-database name]
  --datasets    datasets in the generated catalogue (default 50000, ~3 distributions each)
  --only        scenarios to run: read-dataset, full-catalog, catalog-page, search, upload, startup, ckan, import, oai-walk,
                write, webhooks
  --duration    seconds per measured run of the throughput and latency scenarios (default 10)
  --rounds      baseline/subject rounds per figure (default 3)
  --upload-mib  size of the upload scenario's file (default 1024)
  --keep-database  load the catalogue once into this database (its name must contain "bench"), keep it,
                and reuse it when a later run asks for the same --datasets
DATABASE_URL    PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres); the bench
                creates its own database bastille_bench_<pid> there and drops it at the end.`

function positive (name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const number = Number(value)
  if (!Number.isFinite(number) || number <= 0) throw new Error(`--${name} must be a positive number, got ${value}`)
  return number
}

export function parseOptions (argv: string[], env: NodeJS.ProcessEnv): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      datasets: { type: 'string' },
      only: { type: 'string' },
      duration: { type: 'string' },
      rounds: { type: 'string' },
      'upload-mib': { type: 'string' },
      'keep-database': { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  if (values.help === true) return null
  return {
    datasets: Math.floor(positive('datasets', values.datasets, 50_000)),
    only: values.only === undefined ? null : values.only.split(',').map(name => name.trim()).filter(Boolean),
    duration: positive('duration', values.duration, 10),
    rounds: Math.floor(positive('rounds', values.rounds, 3)),
    uploadMiB: positive('upload-mib', values['upload-mib'], 1024),
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    keepDatabase: values['keep-database'] ?? null
  }
}
