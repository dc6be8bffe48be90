// `npm run bench`: loads a catalogue into a fresh PostgreSQL database, runs each scenario of SPEC §8
// against its baseline, prints a table and writes bench/results/latest.json. Bounded in time; removes
// what it created (database, temporary files, child processes) whatever happens.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseOptions, USAGE } from './lib/args.js'
import type { BenchContext, Scenario } from './lib/context.js'
import { createBenchDatabase, keptBenchDatabase, loadCatalogue, readCatalogue, type BenchDatabase } from './lib/database.js'
import type { ScenarioResult } from './lib/figures.js'
import { killAllChildren } from './lib/processes.js'
import { table } from './lib/report.js'
import { scenario as readDataset } from './scenarios/read-dataset.js'
import { scenario as fullCatalog } from './scenarios/full-catalog.js'
import { scenario as catalogPage } from './scenarios/catalog-page.js'
import { scenario as search } from './scenarios/search.js'
import { scenario as upload } from './scenarios/upload.js'
import { scenario as startup } from './scenarios/startup.js'
import { scenario as ckan } from './scenarios/ckan.js'
import { scenario as ckanImport } from './scenarios/import.js'
import { scenario as oaiWalk } from './scenarios/oai-walk.js'
import { scenario as write } from './scenarios/write.js'
import { scenario as webhooks } from './scenarios/webhooks.js'

const SCENARIOS: readonly Scenario[] = [readDataset, fullCatalog, catalogPage, search, upload, startup, ckan, ckanImport, oaiWalk, write, webhooks]
/** No scenario may hold the bench longer than this; its processes are then killed. */
const SCENARIO_LIMIT_MS = 10 * 60_000
// dist/bench/run.js → the repository root.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const log = (message: string): void => { console.log(message) }

async function withLimit (scenario: Scenario, context: BenchContext): Promise<ScenarioResult> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`stopped after ${SCENARIO_LIMIT_MS / 60_000} minutes`)), SCENARIO_LIMIT_MS)
  })
  const running = scenario.run(context)
  try {
    return await Promise.race([running, limit])
  } catch (err) {
    killAllChildren()
    running.catch(() => {})
    return { scenario: scenario.name, title: scenario.title, status: 'failed', note: (err as Error).message, figures: [] }
  } finally {
    clearTimeout(timer)
  }
}

async function main (): Promise<number> {
  let options
  try {
    options = parseOptions(process.argv.slice(2), process.env)
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`)
    return 2
  }
  if (options === null) {
    console.log(USAGE)
    return 0
  }
  const unknown = (options.only ?? []).filter(name => !SCENARIOS.some(s => s.name === name))
  if (unknown.length > 0) {
    console.error(`unknown scenario ${unknown.join(', ')}\n${USAGE}`)
    return 2
  }
  const scenarios = SCENARIOS.filter(s => options.only === null || options.only.includes(s.name))
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'bastille-bench-'))
  let database: BenchDatabase | undefined
  const cleanUp = async (): Promise<void> => {
    killAllChildren()
    await database?.drop().catch(err => console.error(`could not drop the bench database: ${(err as Error).message}`))
    database = undefined
    await rm(tmpDir, { recursive: true, force: true })
  }
  let aborted = false
  const interrupted = (signal: NodeJS.Signals): void => {
    aborted = true
    console.error(`\n${signal}: cleaning up`)
    cleanUp().finally(() => process.exit(130))
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  process.once('exit', killAllChildren)
  try {
    database = options.keepDatabase === null
      ? await createBenchDatabase(options.databaseUrl)
      : await keptBenchDatabase(options.databaseUrl, options.keepDatabase)
    // A kept database always holds the full catalogue, so that any later run can reuse it.
    const needsCatalogue = options.keepDatabase !== null || scenarios.some(s => s.name !== 'startup')
    const datasets = needsCatalogue ? options.datasets : 0
    const databaseName = new URL(database.url).pathname.slice(1)
    log(`${database.existing ? 'Reusing' : 'Loading'} ${datasets} datasets ${database.existing ? 'in' : 'into'} ${databaseName}…`)
    const loadStarted = performance.now()
    const catalogue = database.existing ? await readCatalogue(database.url, datasets) : await loadCatalogue(database.url, datasets)
    const loadSeconds = (performance.now() - loadStarted) / 1000
    log(`  loaded in ${loadSeconds.toFixed(1)} s`)
    const context: BenchContext = {
      databaseUrl: database.url,
      catalogue,
      duration: options.duration,
      rounds: options.rounds,
      uploadBytes: Math.round(options.uploadMiB * 1024 * 1024),
      tmpDir,
      root: ROOT,
      adminToken: `bst_bench_${process.pid}_0123456789abcdef`,
      log
    }
    const results: ScenarioResult[] = []
    for (const scenario of scenarios) {
      if (aborted) break
      log(`\n${scenario.title} (${scenario.name})`)
      const started = performance.now()
      const result = await withLimit(scenario, context)
      log(`  ${result.status}${result.note === undefined ? '' : `: ${result.note}`} (${((performance.now() - started) / 1000).toFixed(0)} s)`)
      results.push(result)
    }
    if (aborted) return 130
    log(`\n${table(results)}`)
    const output = path.join(ROOT, 'bench/results/latest.json')
    await mkdir(path.dirname(output), { recursive: true })
    await writeFile(output, JSON.stringify({
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, memoryBytes: os.totalmem(), node: process.version, loadAverage: os.loadavg() },
      options: { datasets: options.datasets, duration: options.duration, rounds: options.rounds, uploadMiB: options.uploadMiB, only: options.only },
      catalogue: { datasets: catalogue.datasetIds.length, distributionsPerDataset: 3, loadSeconds },
      results
    }, null, 2) + '\n')
    log(`\nWritten to ${path.relative(process.cwd(), output)}`)
    return results.some(r => r.status === 'failed') ? 1 : 0
  } finally {
    await cleanUp()
  }
}

process.exitCode = await main()
