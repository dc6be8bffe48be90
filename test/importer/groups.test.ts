// Legacy groups are unique per source: a second CKAN site's `group-1` becomes `group-1-2` with an id of
// its own, never a collision nor a silent merge into the first site's group; each re-run finds its own.
import t from 'tap'
import { runImport } from '../../src/importer/run.js'
import { generatedSite } from '../fixtures/ckan/generate.js'
import { serveCkan } from './ckan-server.js'
import { FAST_LIMITS, importDeps } from './support.js'

t.setTimeout(900_000)

t.test('two sources with the same group names and ids keep two groups each', async t => {
  const deps = await importDeps(t)
  const groups = () => deps.db.selectFrom('legacy_groups').select(['id', 'name', 'title', 'source_url']).orderBy('name').execute()
  const first = await serveCkan(t, site => generatedSite(site, 3))
  const second = await serveCkan(t, site => generatedSite(site, 0))
  second.site.groups[0]!.title = 'Second site group 1'
  const one = await runImport(deps, { kind: 'ckan', url: first.url, limits: FAST_LIMITS })
  t.equal(one.created.group, 2)
  const before = await groups()
  t.same(before.map(g => g.name), ['group-1', 'group-2'])

  const two = await runImport(deps, { kind: 'ckan', url: second.url, limits: FAST_LIMITS })
  t.equal(two.completed, true)
  t.same([two.created.group, two.failed.group], [2, 0], 'created, not failed')
  t.match(two.items.filter(i => i.type === 'group'), [{ warnings: [/group group-1 belongs to another source: imported as group-1-2/] }, { warnings: [/group-2-2/] }])
  const after = await groups()
  t.same(after.map(g => [g.name, g.source_url]), [
    ['group-1', first.url], ['group-1-2', second.url], ['group-2', first.url], ['group-2-2', second.url]
  ])
  t.same(after.filter(g => g.source_url === first.url), before.map(g => ({ ...g, source_url: first.url })), 'the first site\'s groups are untouched')
  t.equal(after.find(g => g.name === 'group-1-2')!.title, 'Second site group 1')
  t.not(after.find(g => g.name === 'group-1-2')!.id, after.find(g => g.name === 'group-1')!.id, 'an id of its own')

  const again = await runImport(deps, { kind: 'ckan', url: second.url, limits: FAST_LIMITS })
  t.equal(again.unchanged.group, 2, 'a re-run finds its own groups')
  t.same(await groups(), after)
  const memberships = await deps.db.selectFrom('dataset_legacy_groups').innerJoin('legacy_groups', 'legacy_groups.id', 'dataset_legacy_groups.group_id')
    .select('legacy_groups.source_url').distinct().execute()
  t.same(memberships, [{ source_url: first.url }], 'the first site\'s datasets stay in its groups')
})

t.test('a dry run of a second source names what it would create', async t => {
  const deps = await importDeps(t)
  const first = await serveCkan(t, site => generatedSite(site, 0))
  const second = await serveCkan(t, site => generatedSite(site, 0))
  await runImport(deps, { kind: 'ckan', url: first.url, limits: FAST_LIMITS })
  const dry = await runImport(deps, { kind: 'ckan', url: second.url, dryRun: true, limits: FAST_LIMITS })
  t.equal(dry.created.group, 2)
  t.equal((await deps.db.selectFrom('legacy_groups').select('id').execute()).length, 2, 'nothing written')
})

t.test('a group imported before groups knew their source is adopted by its site, not duplicated', async t => {
  const deps = await importDeps(t)
  const ckan = await serveCkan(t, site => generatedSite(site, 0))
  const group = ckan.site.groups[0]!
  await deps.db.insertInto('legacy_groups').values({ id: group.id, name: group.name, title: 'Old title', image_url: null, source_url: null, source_id: null }).execute()
  const report = await runImport(deps, { kind: 'ckan', url: ckan.url, limits: FAST_LIMITS })
  t.match(report, { created: { group: 1 }, updated: { group: 1 } })
  t.same(await deps.db.selectFrom('legacy_groups').select(['id', 'name', 'title', 'source_url']).where('id', '=', group.id).execute(),
    [{ id: group.id, name: group.name, title: group.title, source_url: ckan.url }])
})
