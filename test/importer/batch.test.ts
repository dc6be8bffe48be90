// The CKAN import's speed-ups, as users rely on them: datasets are written a page at a time, yet one
// record the database refuses fails alone; a no-op re-run reads no package_show for a dataset whose
// metadata_modified did not change, unless the import's map files changed; a dataset re-read by the
// delta pass is counted once.
import t from 'tap'
import { sql } from 'kysely'
import { runImport } from '../../src/importer/run.js'
import { generatedSite } from '../fixtures/ckan/generate.js'
import { serveCkan } from './ckan-server.js'
import { FAST_LIMITS, importDeps } from './support.js'

t.setTimeout(900_000)

const COUNT = 12
const id = (n: number): string => `00000003-0000-4000-8000-${String(n).padStart(12, '0')}`
/** CKAN's own timestamp format: naive UTC with microseconds. */
const ckanNow = (): string => new Date().toISOString().replace('Z', '000')

t.test('a no-op re-run skips package_show; a changed dataset or changed map files are read again', async t => {
  const deps = await importDeps(t)
  const ckan = await serveCkan(t, site => generatedSite(site, COUNT))
  const options = { kind: 'ckan' as const, url: ckan.url, limits: FAST_LIMITS }
  const first = await runImport(deps, options)
  t.match(first, { completed: true, created: { dataset: COUNT, distribution: COUNT * 3 } })
  t.equal(ckan.count('package_show'), COUNT)

  const again = await runImport(deps, options)
  t.match(again, { completed: true, unchanged: { dataset: COUNT, distribution: COUNT * 3 }, created: { dataset: 0 }, updated: { dataset: 0 } })
  t.equal(ckan.count('package_show'), COUNT, 'no package_show on a no-op re-run')
  t.equal(again.seen.length, COUNT, 'the datasets are still seen: none reported vanished')
  t.same(again.vanished, [])
  t.equal(again.items.filter(item => item.type === 'dataset').length, COUNT)
  t.equal(again.requests, first.requests - COUNT, `${again.requests} requests, against ${first.requests}`)

  const pkg = ckan.site.packages.find(p => p.id === id(5))!
  pkg.title = 'Dataset five, renamed'
  pkg.metadata_modified = '2025-06-01T00:00:00.000000'
  const changed = await runImport(deps, options)
  t.match(changed, { updated: { dataset: 1 }, unchanged: { dataset: COUNT - 1 } })
  t.equal(ckan.count('package_show'), COUNT + 1, 'only the changed dataset is read')
  t.equal((await deps.db.selectFrom('datasets').select('title').where('id', '=', id(5)).executeTakeFirstOrThrow()).title, 'Dataset five, renamed')

  const mapped = await runImport(deps, { ...options, groupThemes: { 'group-1': ['TRAN'] } })
  t.equal(ckan.count('package_show'), COUNT * 2 + 1, 'a new group-theme map reads every dataset again')
  t.equal(mapped.updated.dataset, COUNT / 2, 'the datasets of group-1 get the theme')
  const themed = await deps.db.selectFrom('datasets').select('id').where(sql<boolean>`'TRAN' = ANY (themes)`).execute()
  t.equal(themed.length, COUNT / 2)
})

t.test('a dataset changed during the crawl is read again by the delta pass and counted once', async t => {
  const deps = await importDeps(t)
  let bumped = false
  const ckan = await serveCkan(t, site => generatedSite(site, COUNT), {
    intercept: (request, _response, action) => {
      // The delta pass's search: the site changed a dataset after the importer had read it.
      if (action === 'package_search' && !bumped && (request.url ?? '').includes('metadata_modified')) {
        bumped = true
        const pkg = ckan.site.packages.find(p => p.id === id(3))!
        pkg.title = 'Changed during the crawl'
        pkg.metadata_modified = ckanNow()
      }
      return false
    }
  })
  const report = await runImport(deps, { kind: 'ckan', url: ckan.url, limits: FAST_LIMITS })
  t.ok(bumped)
  t.equal(ckan.count('package_show'), COUNT + 1, 'read again once')
  t.same(report.created, { dataset: COUNT, distribution: COUNT * 3, file: 0, publisher: 3, group: 2 }, 'counted once, as created')
  t.same(report.updated, { dataset: 0, distribution: 0, file: 0, publisher: 0, group: 0 })
  t.equal(report.items.filter(item => item.sourceId === id(3)).length, 1)
  t.equal((await deps.db.selectFrom('datasets').select('title').where('id', '=', id(3)).executeTakeFirstOrThrow()).title, 'Changed during the crawl')
})

t.test('one dataset the database refuses fails alone; the rest of its page is written', async t => {
  const deps = await importDeps(t)
  // A rule of the database the importer cannot foresee (a stand-in for a slug taken meanwhile).
  await sql`CREATE FUNCTION refuse_poison () RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.title = 'Dataset number 7' THEN RAISE EXCEPTION 'poisoned'; END IF; RETURN NEW; END $$`.execute(deps.db)
  await sql`CREATE TRIGGER refuse_poison BEFORE INSERT ON datasets FOR EACH ROW EXECUTE FUNCTION refuse_poison()`.execute(deps.db)
  const ckan = await serveCkan(t, site => generatedSite(site, COUNT))
  const report = await runImport(deps, { kind: 'ckan', url: ckan.url, limits: FAST_LIMITS })
  t.equal(report.completed, true)
  t.equal(report.created.dataset, COUNT - 1)
  t.equal(report.failed.dataset, 1)
  t.match(report.items.find(item => item.sourceId === id(7)), { outcome: 'failed', reason: /could not be written: .*poisoned/ })
  const rows = await deps.db.selectFrom('datasets').select('id').execute()
  t.equal(rows.length, COUNT - 1)
  t.equal((await deps.db.selectFrom('distributions').select('id').where('dataset_id', '=', id(7)).execute()).length, 0, 'nothing of it is written')
  t.equal((await deps.db.selectFrom('dataset_provenance').select('dataset_id').execute()).length, COUNT - 1)
})
