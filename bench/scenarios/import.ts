// The CKAN import of issue 14: a generated 5,000-dataset CKAN site served on loopback, imported by the
// real CLI (`dist/src/cli/import.js`) into an empty database of its own, then imported again (a no-op).
// Baseline: the same crawl (package_search pages, then package_show of each dataset, 3 at a time) with
// nothing written. Figures: datasets/s of both runs against the crawl, the CLI's peak RSS, requests made.
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Test } from 'tap'
import { generatedSite } from '../../test/fixtures/ckan/generate.js'
import { serveCkan } from '../../test/importer/ckan-server.js'
import type { BenchContext, Scenario } from '../lib/context.js'
import { below, figure, type ScenarioResult } from '../lib/figures.js'
import { memoryOf } from '../lib/processes.js'

const DATASETS = Number(process.env.BENCH_IMPORT_DATASETS ?? 5000)
const MB = 1024 * 1024

async function withAdmin (serverUrl: string, statement: (admin: Kysely<unknown>) => Promise<unknown>): Promise<void> {
  const admin = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: serverUrl, max: 1 }) }) })
  try {
    await statement(admin)
  } finally {
    await admin.destroy()
  }
}

/** What package_show of every dataset costs with nothing written: the import's floor. */
async function crawl (siteUrl: string): Promise<number> {
  const started = performance.now()
  const ids: string[] = []
  for (let start = 0; ; start += 1000) {
    const page = await (await fetch(`${siteUrl}/api/3/action/package_search?q=*:*&sort=id%20asc&rows=1000&start=${start}`)).json() as { result: { results: Array<{ id: string }> } }
    if (page.result.results.length === 0) break
    ids.push(...page.result.results.map(r => r.id))
  }
  let next = 0
  await Promise.all([0, 1, 2].map(async () => {
    while (next < ids.length) {
      const id = ids[next++]!
      await (await fetch(`${siteUrl}/api/3/action/package_show?id=${id}`)).json()
    }
  }))
  return performance.now() - started
}

interface CliRun { ms: number, peakBytes: number, report: { requests: number, created: Record<string, number>, unchanged: Record<string, number>, failed: Record<string, number> } }

async function runCli (context: BenchContext, databaseUrl: string, source: string, reportFile: string): Promise<CliRun> {
  const started = performance.now()
  const child = spawn(process.execPath, [path.join(context.root, 'dist/src/cli/import.js'), 'ckan', source, '--report', reportFile], {
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, STORAGE_DIR: path.join(context.tmpDir, 'import-files'), LOG_LEVEL: 'silent' },
    stdio: 'ignore'
  })
  let peakBytes = 0
  const sampler = setInterval(() => { memoryOf(child.pid!, 'VmHWM').then(peak => { peakBytes = Math.max(peakBytes, peak) }, () => {}) }, 25)
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve))
  clearInterval(sampler)
  if (code !== 0) throw new Error(`the import exited with ${String(code)}`)
  return { ms: performance.now() - started, peakBytes, report: JSON.parse(await readFile(reportFile, 'utf8')) }
}

async function run (context: BenchContext): Promise<ScenarioResult> {
  const result: ScenarioResult = { scenario: 'import', title: scenario.title, status: 'ok', figures: [] }
  const closers: Array<() => unknown> = []
  const name = `bastille_bench_import_${process.pid}`
  const databaseUrl = Object.assign(new URL(context.databaseUrl), { pathname: `/${name}` }).href
  await withAdmin(context.databaseUrl, admin => sql`CREATE DATABASE ${sql.id(name)}`.execute(admin))
  try {
    const ckan = await serveCkan({ teardown: (close: () => unknown) => closers.push(close) } as unknown as Test, site => generatedSite(site, DATASETS))
    const baseline = await crawl(ckan.siteUrl)
    context.log(`  crawl alone: ${(baseline / 1000).toFixed(1)} s`)
    const first = await runCli(context, databaseUrl, ckan.url, path.join(context.tmpDir, 'import-1.json'))
    if (first.report.created.dataset !== DATASETS) throw new Error(`the first run created ${first.report.created.dataset} datasets, not ${DATASETS}`)
    context.log(`  first import: ${(first.ms / 1000).toFixed(1)} s, peak RSS ${(first.peakBytes / MB).toFixed(0)} MB, ${first.report.requests} requests`)
    const second = await runCli(context, databaseUrl, ckan.url, path.join(context.tmpDir, 'import-2.json'))
    if (second.report.unchanged.dataset !== DATASETS) throw new Error(`the second run left ${second.report.unchanged.dataset} datasets unchanged, not ${DATASETS}`)
    context.log(`  no-op re-run: ${(second.ms / 1000).toFixed(1)} s, peak RSS ${(second.peakBytes / MB).toFixed(0)} MB, ${second.report.requests} requests`)
    const rate = (ms: number): number => DATASETS / (ms / 1000)
    result.figures.push(
      figure(`import of ${DATASETS} CKAN datasets`, 'datasets/s', [rate(first.ms)], { better: 'higher', baselineRuns: [rate(baseline)] }),
      figure('no-op re-run of the same import', 'datasets/s', [rate(second.ms)], { better: 'higher', baselineRuns: [rate(baseline)] }),
      figure('import: peak RSS of the CLI', 'MB', [first.peakBytes / MB], { better: 'lower', target: below(300, 'MB') }),
      figure('import: requests to the source', 'requests', [first.report.requests], { better: 'lower' }),
      figure('no-op re-run: requests to the source', 'requests', [second.report.requests], { better: 'lower' })
    )
    return result
  } finally {
    for (const close of closers) await close()
    await withAdmin(context.databaseUrl, admin => sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin))
  }
}

export const scenario: Scenario = { name: 'import', title: 'CKAN import of 5,000 datasets', run }
