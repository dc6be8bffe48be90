// `npm run import` as an operator runs it: a child process against the configured database (a server
// database of this file's own, or an embedded one in a temporary folder). Usage errors, an unreadable
// source, a full run with its JSON report, and a kill -9 mid-import that the next run completes.
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../src/db/types.js'
import { createDatabase } from '../../src/db/dialect.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import { createTestDb } from '../support/test-db.js'
import { generatedSite } from '../fixtures/ckan/generate.js'
import { ckanSite } from '../fixtures/ckan/site.js'
import { serveCkan } from './ckan-server.js'

// Each run compiles TypeScript and opens a database: slow on a busy machine.
t.setTimeout(900_000)

const CLI = fileURLToPath(new URL('../../src/cli/import.ts', import.meta.url))
const dir = await mkdtemp(path.join(os.tmpdir(), 'bastille-import-cli-'))
t.teardown(() => rm(dir, { recursive: true, force: true }))

// On a server the CLI uses a database of this file's own; embedded, a PGlite folder opened between runs.
// CI runs the embedded suite with DATABASE_URL set but empty: only a non-empty URL names a server.
const server = process.env.DATABASE_URL ? await createTestDb(t) : undefined
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, STORAGE_DIR: path.join(dir, 'files'), LOG_LEVEL: 'silent', TS_NODE_TRANSPILE_ONLY: '1' }
if (server === undefined) delete env.DATABASE_URL
else env.DATABASE_URL = server.url

async function withDatabase<T> (use: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  if (server !== undefined) return await use(server.db)
  const db = await createDatabase({ dataDir: dir })
  try {
    return await use(db)
  } finally {
    await db.destroy()
  }
}

interface Run { code: number, stdout: string, stderr: string }

async function cli (...args: string[]): Promise<Run> {
  return await new Promise(resolve => {
    execFile(process.execPath, ['--import', '@tapjs/typescript/import', CLI, ...args], { env }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr })
    })
  })
}

await withDatabase(migrateToLatest)

t.test('usage errors exit with 2', async t => {
  await writeFile(path.join(dir, 'bad.json'), '{not json')
  for (const args of [[], ['ftp', 'http://x'], ['dcat', 'http://x'], ['ckan', 'http://x', '--licences', path.join(dir, 'bad.json')], ['ckan']]) {
    const run = await cli(...args)
    t.equal(run.code, 2, args.join(' ') || '(no arguments)')
    t.match(run.stderr, /Usage:\n {2}npm run import -- ckan <url>/)
  }
})

t.test('an unreadable source exits with 1 and says why', async t => {
  const ckan = await serveCkan(t, ckanSite, { intercept: (_req, res) => { res.writeHead(503).end(); return true } })
  const run = await cli('ckan', ckan.url)
  t.equal(run.code, 1)
  t.match(run.stdout, /NOT completed: No CKAN Action API found: .*HTTP 503/)
})

t.test('a run prints progress and a report, and writes the JSON report', async t => {
  const ckan = await serveCkan(t, ckanSite, { prefix: '/ckan' })
  const mapFile = path.join(dir, 'themes.json')
  await writeFile(mapFile, JSON.stringify({ mobilite: ['TRAN'] }))
  const reportFile = path.join(dir, 'report.json')
  const run = await cli('ckan', `${ckan.url}/ckan`, '--group-themes', mapFile, '--report', reportFile)
  t.equal(run.code, 0, run.stderr)
  t.match(run.stderr, /CKAN API found at/)
  t.match(run.stdout, /^Import of .*\/ckan \(ckan\): completed\n {13}created/)
  t.match(run.stdout, /dataset {6}4 /)
  t.match(run.stdout, /skipped dataset 66666666-6666-4666-8666-666666666666 \(Source de moissonnage\): type harvest is not a dataset/)
  t.match(run.stdout, /Licences:\n {2}cc-by → cc-by-4.0/)
  t.match(run.stdout, /Datasets with no distribution \(1\):\n {2}55555555-5555-4555-8555-555555555555 Jeu sans ressource/)
  const report = JSON.parse(await readFile(reportFile, 'utf8'))
  t.match(report, { completed: true, created: { dataset: 4, publisher: 2 }, updated: { dataset: 0 }, unchanged: {}, skipped: { dataset: 1 }, failed: { dataset: 0 } })
  t.ok(Array.isArray(report.items))

  const again = await cli('ckan', `${ckan.url}/ckan`, '--group-themes', mapFile)
  t.equal(again.code, 0)
  t.match(again.stdout, /Nothing changed: Bastille already holds this source as it is\./)
})

t.test('kill -9 mid-import leaves whole pages of datasets, and the next run completes it', async t => {
  // Pages of PAGE_SIZE (100) datasets are written in one transaction each: killed after 120 reads, the
  // first page may be in or not, the second is not.
  const COUNT = 150
  let shows = 0
  let onShow: () => void = () => {}
  const ckan = await serveCkan(t, site => generatedSite(site, COUNT), {
    intercept: async (_req, _res, action) => {
      if (action !== 'package_show') return false
      shows++
      onShow()
      // Slow enough that the child is killed in the middle of its work.
      await new Promise(resolve => setTimeout(resolve, 20))
      return false
    }
  })
  const child = spawn(process.execPath, ['--import', '@tapjs/typescript/import', CLI, 'ckan', ckan.url], { env, stdio: 'ignore' })
  const exited = new Promise<NodeJS.Signals | null>(resolve => child.once('exit', (_code, signal) => resolve(signal)))
  const midway = new Promise<void>(resolve => { onShow = () => { if (shows >= 120) resolve() } })
  // Raced against the child's exit: a child that dies (or finishes) first ends the test instead of hanging it.
  const first = await Promise.race([midway.then(() => 'midway' as const), exited.then(() => 'exited' as const)])
  if (first === 'exited') {
    t.fail(`the import ended before it could be killed (${shows} package_show seen)`)
    return
  }
  child.kill('SIGKILL')
  t.equal(await exited, 'SIGKILL')

  const partial = await withDatabase(async db => {
    const whole = await sql<{ id: string, n: number }>`SELECT d.id, (SELECT count(*)::int FROM distributions x WHERE x.dataset_id = d.id) AS n FROM datasets d WHERE d.id::text LIKE '00000003-%'`.execute(db)
    for (const row of whole.rows) t.equal(row.n, 3, `dataset ${row.id} has all its distributions`)
    const withoutProvenance = await sql<{ n: number }>`SELECT count(*)::int AS n FROM datasets d WHERE NOT EXISTS (SELECT 1 FROM dataset_provenance p WHERE p.dataset_id = d.id)`.execute(db)
    t.equal(withoutProvenance.rows[0]!.n, 0)
    return whole.rows.length
  })
  t.ok(partial === 0 || partial === 100, `the kill came mid-import and left whole pages (${partial} of ${COUNT} written)`)

  const run = await cli('ckan', ckan.url, '--report', path.join(dir, 'after-kill.json'))
  t.equal(run.code, 0, run.stderr)
  const report = JSON.parse(await readFile(path.join(dir, 'after-kill.json'), 'utf8'))
  t.equal(report.created.dataset, COUNT - partial, 'the re-run creates exactly what was missing')
  t.equal(report.unchanged.dataset, partial)
  await withDatabase(async db => {
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM datasets WHERE id::text LIKE '00000003-%'`.execute(db)
    t.equal(rows.rows[0]!.n, COUNT)
  })
})
