// Broken and hostile CKAN sources: HTML instead of JSON, 500s, silence, endless paging, huge fields and
// documents, dead files, a source that dies mid-run, a transaction that fails after files were placed.
// Each gives a clear reason, never a crash, and every dataset is either wholly imported or absent.
import t, { type Test } from 'tap'
import { sql } from 'kysely'
import { runImport } from '../../src/importer/run.js'
import { ckanSite, PKG_ARRETS, PKG_EMPTY, PKG_SENTIERS } from '../fixtures/ckan/site.js'
import { serveCkan } from './ckan-server.js'
import { FAST_LIMITS, importDeps, storedFiles, type Deps } from './support.js'

// Several PGlite databases and loopback servers: slow on a busy machine (the suite's default is 300 s).
t.setTimeout(900_000)

const options = (url: string) => ({ kind: 'ckan' as const, url, limits: FAST_LIMITS })

/** Every imported dataset has exactly the distributions its source record lists: nothing half-written. */
async function assertWhole (t: Test, deps: Deps): Promise<void> {
  const rows = await sql<{ id: string, raw: { source: { resources: unknown[] } }, n: number }>`
    SELECT p.dataset_id AS id, p.raw, (SELECT count(*)::int FROM distributions d WHERE d.dataset_id = p.dataset_id) AS n
    FROM dataset_provenance p`.execute(deps.db)
  for (const row of rows.rows) t.equal(row.n, row.raw.source.resources.length, `dataset ${row.id} is whole`)
  const orphans = await sql<{ n: number }>`SELECT count(*)::int AS n FROM datasets d WHERE NOT EXISTS (SELECT 1 FROM dataset_provenance p WHERE p.dataset_id = d.id)`.execute(deps.db)
  t.equal(orphans.rows[0]!.n, 0, 'no dataset without its provenance')
  const stored = await storedFiles(deps.storageDir)
  t.same(stored.temporaries, [], 'no temporary left')
  const keys = (await deps.db.selectFrom('distributions').select('file_key').where('file_key', 'is not', null).execute()).map(r => r.file_key).sort()
  t.same(stored.objects, keys, 'exactly the files rows point at')
}

t.test('HTML instead of JSON: the source cannot be read, and the report says why', async t => {
  const deps = await importDeps(t)
  const ckan = await serveCkan(t, ckanSite, {
    intercept: (_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Maintenance</body></html>'); return true }
  })
  const report = await runImport(deps, options(ckan.url))
  t.equal(report.completed, false)
  t.match(report.error, /No CKAN Action API found: .*answered HTML instead of JSON/)
  t.equal((await deps.db.selectFrom('datasets').select('id').execute()).length, 0)
})

t.test('500s are retried, then reported', async t => {
  const deps = await importDeps(t)
  const ckan = await serveCkan(t, ckanSite, { intercept: (_req, res) => { res.writeHead(500).end('boom'); return true } })
  const report = await runImport(deps, options(ckan.url))
  t.equal(report.completed, false)
  t.match(report.error, /answered HTTP 500/)
  t.equal(ckan.requests.length, 4, 'two candidate roots, each tried twice (one retry)')
})

t.test('a source that never answers times out', async t => {
  const deps = await importDeps(t)
  const ckan = await serveCkan(t, ckanSite, { intercept: () => true })
  const report = await runImport(deps, { ...options(ckan.url), limits: { ...FAST_LIMITS, timeoutMs: 200, retries: 0 } })
  t.equal(report.completed, false)
  t.match(report.error, /did not answer in time/)
})

t.test('endless paging, a package that fails, a huge field, a huge document, a dead file', async t => {
  const deps = await importDeps(t)
  let broken = true
  const ckan = await serveCkan(t, site => {
    const s = ckanSite(site)
    s.packages.find(p => p.name === 'budget-primitif')!.notes = 'x'.repeat(150_000)
    return s
  }, {
    intercept: (req, res, action) => {
      const url = req.url ?? ''
      // package_search ignores `start`: always the first page.
      if (action === 'package_search' && !url.includes('start=0') && !url.includes('fq=')) {
        req.url = url.replace(/start=\d+/, 'start=0')
        return false
      }
      if (!broken) return false
      if (action === 'package_show' && url.includes(PKG_EMPTY)) { res.writeHead(502).end(); return true }
      if (action === 'package_show' && url.includes(PKG_ARRETS)) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success: true, result: { id: PKG_ARRETS, notes: 'y'.repeat(3 * 1024 * 1024) } }))
        return true
      }
      if (url.includes('/download/sentiers.csv')) { res.writeHead(404).end(); return true }
      return false
    }
  })
  const report = await runImport(deps, options(ckan.url))
  t.equal(report.completed, true, 'the run completes despite its failures')
  t.match(report.warnings, [/package_search gave the same page twice/])
  const reasons = Object.fromEntries(report.items.filter(i => i.outcome === 'failed').map(i => [i.sourceId, i.reason]))
  t.match(reasons, {
    [PKG_ARRETS]: /larger than the 2097152 bytes an import reads/,
    [PKG_SENTIERS]: /file not downloaded: .*answered HTTP 404/,
    '33333333-3333-4333-8333-333333333333': /not valid for Bastille: \/description: .*100000/,
    [PKG_EMPTY]: /HTTP 502/
  })
  t.same(report.vanished, [], 'nothing vanished when some datasets could not be read')
  await assertWhole(t, deps)

  broken = false
  const again = await runImport(deps, options(ckan.url))
  t.equal(again.completed, true)
  t.equal(again.created.dataset, 3, 'the next run completes what failed (except the invalid one)')
  t.equal(again.failed.dataset, 1)
  await assertWhole(t, deps)
})

t.test('a source that dies mid-run leaves whole datasets, and the next run completes', async t => {
  const deps = await importDeps(t)
  let shows = 0
  let dead = true
  const ckan = await serveCkan(t, ckanSite, {
    intercept: (req, res, action) => {
      if (action === 'package_show') shows++
      if (dead && ((action === 'package_show' && shows > 2) || (req.url ?? '').includes('/datastore/dump'))) { res.destroy(); return true }
      return false
    }
  })
  const first = await runImport(deps, options(ckan.url))
  t.ok(first.failed.dataset > 0, 'some datasets failed')
  t.ok(first.created.dataset > 0, 'some were imported')
  await assertWhole(t, deps)
  dead = false
  const second = await runImport(deps, options(ckan.url))
  t.equal(second.failed.dataset, 0)
  t.equal(first.created.dataset + second.created.dataset, 4)
  await assertWhole(t, deps)
})

t.test('a transaction that fails at commit removes the files it placed', async t => {
  const deps = await importDeps(t)
  await sql`CREATE FUNCTION refuse_sentiers () RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.source_id = ${sql.lit(PKG_SENTIERS)} THEN RAISE EXCEPTION 'refused at commit'; END IF; RETURN NEW; END $$`.execute(deps.db)
  await sql`CREATE CONSTRAINT TRIGGER refuse_sentiers AFTER INSERT ON dataset_provenance DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION refuse_sentiers()`.execute(deps.db)
  const ckan = await serveCkan(t, ckanSite)
  const report = await runImport(deps, options(ckan.url))
  t.match(report.items.find(i => i.sourceId === PKG_SENTIERS), { outcome: 'failed', reason: /refused at commit/ })
  t.equal(await deps.db.selectFrom('datasets').select('id').where('id', '=', PKG_SENTIERS).executeTakeFirst(), undefined)
  await assertWhole(t, deps)
  await sql`DROP TRIGGER refuse_sentiers ON dataset_provenance`.execute(deps.db)
  const again = await runImport(deps, options(ckan.url))
  t.equal(again.created.dataset, 1)
  await assertWhole(t, deps)
})

t.test('bad inputs of the import itself', async t => {
  const deps = await importDeps(t)
  const ckan = await serveCkan(t, ckanSite)
  const cases: Array<[Parameters<typeof runImport>[1], RegExp]> = [
    [{ kind: 'ckan', url: 'ftp://example.org' }, /not an http\(s\) URL/],
    [{ kind: 'ckan', url: 'not a url' }, /is not a URL/],
    [{ kind: 'ckan', url: ckan.url, publisher: 'nobody' }, /Publisher nobody does not exist/],
    [{ kind: 'dcat', url: ckan.url }, /needs the publisher/],
    [{ kind: 'ckan', url: ckan.url, licences: { maison: 'no-such-licence' } }, /licence map names licences Bastille does not have: maison → no-such-licence/],
    [{ kind: 'ckan', url: ckan.url, groupThemes: { mobilite: ['TRANSPORT'] } }, /group-theme map names unknown EU data themes: mobilite → TRANSPORT/]
  ]
  for (const [input, reason] of cases) {
    const report = await runImport(deps, { ...input, limits: FAST_LIMITS })
    t.equal(report.completed, false)
    t.match(report.error, reason)
  }
  const aborted = new AbortController()
  aborted.abort()
  const report = await runImport(deps, { kind: 'ckan', url: ckan.url, signal: aborted.signal, limits: FAST_LIMITS })
  t.same([report.completed, report.error], [false, 'The import was aborted'])
})
