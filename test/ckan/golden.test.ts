// Golden requests, as each CKAN client family sends them (ckan-compat.md §2, §7.1): status, envelope and
// the datasets returned; every package dict checked against data.gouv.fr's schema.
import t from 'tap'
import { buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { assertPackage, ckanGet, ckanPost, METRO_CKAN_ID, seedCatalogue } from './helpers.js'

const app = await buildTestApp(t)
const { ids } = await seedCatalogue(app)
const PUBLISHED = ['budget-ville', 'espnat_sentier_poteaux_metro', 'horaires-tram', 'les-arbres-de-grenoble', 'parkings-relais', 'qualite-air']
const names = (results: Array<{ name: string }>) => results.map(r => r.name).sort()

t.test('ckanapi dump: POST JSON package_list then package_show per name, also with -g (GET, True/False)', async t => {
  const list = await ckanPost(app, 'package_list', { include_private: false, include_drafts: false, include_deleted: false })
  t.equal(list.status, 200)
  t.same(list.body, { help: `${PUBLIC_URL}/api/3/action/help_show?name=package_list`, success: true, result: PUBLISHED })
  for (const name of list.body.result) {
    const shown = await ckanPost(app, 'package_show', { id: name, include_datasets: false, include_password_hash: true, include_users: false })
    t.equal(shown.status, 200)
    t.equal(shown.body.result.name, name)
    t.equal(shown.body.result.id, ids[name])
    assertPackage(t, shown.body.result)
  }
  const g = await ckanGet(app, 'package_list', 'include_private=False&include_drafts=False', { version: '' })
  t.same(g.body.result, PUBLISHED)
  const shown = await ckanGet(app, 'package_show', 'id=horaires-tram&include_datasets=False&include_password_hash=True&include_users=False', { version: '' })
  t.equal(shown.body.result.id, ids['horaires-tram'])
  const search = await ckanPost(app, 'package_search', { q: 'arbres', start: 0, rows: 1000 })
  t.same(names(search.body.result.results), ['les-arbres-de-grenoble'], 'drafts and deleted datasets are not found')
  const next = await ckanPost(app, 'package_search', { q: 'arbres', start: 1, rows: 1000 })
  t.same(next.body.result.results, [], 'an empty page ends the walk')
})

t.test('data.gouv.fr: GET package_list then package_show?id=<name> with a JSON content type, keyed on the UUID', async t => {
  const headers = { 'content-type': 'application/json', 'user-agent': 'uData/0.1 ckan' }
  for (const root of ['', '/ckan']) {
    const list = await ckanGet(app, 'package_list', '', { root, headers })
    t.equal(list.status, 200)
    t.match(list.res.headers['content-type'], /^application\/json;\s*charset=utf-8$/)
    t.same(list.body.result, PUBLISHED)
    for (const name of list.body.result) {
      const shown = await ckanGet(app, 'package_show', `id=${encodeURIComponent(name)}`, { root, headers })
      t.equal(shown.body.success, true)
      t.equal(shown.body.result.id, ids[name], `${name} keeps its UUID`)
      t.ok(shown.body.result.resources.length >= 0)
      assertPackage(t, shown.body.result)
    }
  }
  const arbres = (await ckanGet(app, 'package_show', 'id=les-arbres-de-grenoble')).body.result
  t.equal(arbres.license_id, 'lov2')
  t.equal(arbres.license_title, 'Licence Ouverte / Open Licence version 2.0')
  t.equal(arbres.license_url, 'https://www.etalab.gouv.fr/licence-ouverte-open-licence')
  t.equal(arbres.owner_org, METRO_CKAN_ID, 'an imported organisation keeps its CKAN UUID')
  t.equal(arbres.organization.description, '')
  t.same(arbres.groups.map((g: { name: string }) => g.name), ['envi', 'nature-en-ville'])
  t.same(Object.fromEntries(arbres.extras.map((e: { key: string, value: string }) => [e.key, e.value])), {
    access_rights: 'http://publications.europa.eu/resource/authority/access-right/PUBLIC',
    contact_email: 'sig@metro.example',
    contact_name: 'Service SIG',
    frequency: 'http://publications.europa.eu/resource/authority/frequency/ANNUAL',
    harvest_url: 'https://old.example/x',
    identifier: `${PUBLIC_URL}/datasets/${ids['les-arbres-de-grenoble']}`,
    language: '["FRA"]',
    spatial: '{"type":"Polygon","coordinates":[[[5.67,45.15],[5.76,45.15],[5.76,45.21],[5.67,45.21],[5.67,45.15]]]}',
    temporal_end: '2024-12-31',
    temporal_start: '2020-01-01',
    theme: '["http://publications.europa.eu/resource/authority/data-theme/ENVI"]',
    uri: `${PUBLIC_URL}/datasets/${ids['les-arbres-de-grenoble']}`
  }, 'generated extras win over imported ones of the same key')
  const [file] = arbres.resources
  t.equal(file.url_type, 'upload')
  t.equal(file.url, `${PUBLIC_URL}/distributions/${file.id}/file`)
  t.match(file.hash, /^[0-9a-f]{64}$/)
  t.equal(file.size, 20)
  t.equal(file.format, 'CSV')
  const tram = (await ckanGet(app, 'package_show', 'id=horaires-tram')).body.result
  t.same(tram.resources.map((r: { resource_type: string | null, position: number }) => [r.position, r.resource_type]), [[0, null], [1, 'api']])
  const renamed = await ckanGet(app, 'package_show', 'id=ancien-nom')
  t.equal(renamed.body.result.name, 'parkings-relais', 'an old slug still finds the dataset')
  t.equal((await ckanGet(app, 'package_show', `id=${ids['horaires-tram']!.toUpperCase()}`)).body.result.name, 'horaires-tram')
})

t.test('ckanext-harvest: sort=id asc paging, organization OR filters, metadata_modified ranges', async t => {
  const all = await ckanGet(app, 'package_search', 'rows=100&start=0&sort=id%20asc')
  const sorted = Object.entries(ids).filter(([slug]) => PUBLISHED.includes(slug)).map(([, id]) => id)
  t.same(all.body.result.results.map((r: { id: string }) => r.id), [...new Set(sorted)].sort())
  t.equal(all.body.result.count, 6)
  t.equal(all.body.result.sort, 'id asc')
  all.body.result.results.forEach((r: unknown) => assertPackage(t, r))
  const orgs = await ckanGet(app, 'package_search', `fq=${encodeURIComponent('organization:metropole OR organization:ville')}&rows=100&sort=id%20asc`)
  t.equal(orgs.body.result.count, 6)
  const excluded = await ckanGet(app, 'package_search', `fq=${encodeURIComponent('-organization:ville -organization:autre')}&rows=100`)
  t.same(names(excluded.body.result.results), ['espnat_sentier_poteaux_metro', 'horaires-tram', 'les-arbres-de-grenoble'])
  const since = await ckanGet(app, 'package_search', `fq=${encodeURIComponent('metadata_modified:[2015-10-23T14:51:13.282361Z TO *]')}&rows=100`)
  t.equal(since.body.result.count, 6)
  const future = await ckanGet(app, 'package_search', `fq=${encodeURIComponent('metadata_modified:[2999-01-01T00:00:00Z TO *]')}`)
  t.equal(future.body.result.count, 0)
  const owner = await ckanGet(app, 'package_search', `fq=owner_org:${METRO_CKAN_ID}&rows=100`)
  t.equal(owner.body.result.count, 3)
  const org = await ckanGet(app, 'organization_show', `id=${METRO_CKAN_ID}`)
  t.equal(org.body.result.name, 'metropole')
  t.equal(org.body.result.package_count, 3)
})

t.test('Magda: rows=1000, sort=id asc, quoted organization and an unknown negated field', async t => {
  const res = await ckanGet(app, 'package_search', `start=0&rows=1000&sort=id%20asc&fq=${encodeURIComponent('(organization:"ville") -harvest_source_title:"Portail X"')}`)
  t.equal(res.status, 200)
  t.same(names(res.body.result.results), ['budget-ville', 'parkings-relais', 'qualite-air'])
  const orgs = await ckanGet(app, 'organization_list', 'all_fields=true&include_groups=true&include_extras=true&include_tags=true&offset=0&limit=1000')
  t.same(orgs.body.result.map((o: { name: string }) => o.name), ['metropole', 'ville'])
  const beyond = await ckanGet(app, 'organization_list', 'all_fields=true&offset=1000&limit=1000')
  t.same(beyond.body.result, [], 'paging past the end ends the walk')
})

t.test('QGIS: groups filters with a browser Accept header, sort=name asc; group_list all_fields', async t => {
  const res = await ckanGet(app, 'package_search', `q=sentiers&fq=${encodeURIComponent('(groups:tran OR groups:gove)')}&sort=name%20asc&rows=20&start=0`, { headers: { accept: 'text/html,application/xhtml+xml' } })
  t.equal(res.status, 200)
  t.same(res.body.result.results.map((r: { name: string }) => r.name), ['espnat_sentier_poteaux_metro'])
  const groups = await ckanGet(app, 'package_search', `fq=${encodeURIComponent('groups:TRAN OR groups:nature-en-ville')}&sort=name%20asc`)
  t.same(groups.body.result.results.map((r: { name: string }) => r.name), ['espnat_sentier_poteaux_metro', 'horaires-tram', 'les-arbres-de-grenoble', 'parkings-relais'])
  const list = await ckanGet(app, 'group_list', 'all_fields=true')
  const tran = list.body.result.find((g: { name: string }) => g.name === 'tran')
  t.equal(tran.package_count, 3)
  t.equal(list.body.result.find((g: { name: string }) => g.name === 'nature-en-ville').package_count, 1)
  t.equal((await ckanGet(app, 'group_show', `id=${tran.id}`)).body.result.name, 'tran')
})

t.test('ckanr and the CKAN docs: *:*, facet=false, facet.field as a JSON list with rows=0', async t => {
  const all = await ckanGet(app, 'package_search', 'q=*:*&facet=false')
  t.equal(all.body.result.count, 6)
  t.same(all.body.result.facets, {})
  t.equal(all.body.result.results.length, 6)
  const facets = await ckanGet(app, 'package_search', `facet.field=${encodeURIComponent('["tags","organization","license_id","res_format","groups"]')}&facet.limit=10&rows=0`)
  t.same(facets.body.result.results, [])
  t.same(facets.body.result.facets.organization, { metropole: 3, ville: 3 })
  t.same(facets.body.result.facets.license_id, { lov2: 3, 'odc-odbl': 1, 'cc-by': 1 })
  t.same(facets.body.result.facets.res_format, { CSV: 2, ZIP: 1, WMS_SRVC: 1 })
  t.notOk('secret' in facets.body.result.facets.tags, 'draft keywords are not counted')
  t.equal(facets.body.result.facets.tags.arbres, 1)
  t.same(facets.body.result.search_facets.organization, {
    title: 'organization',
    items: [{ name: 'ville', display_name: 'Ville de Grenoble', count: 3 }, { name: 'metropole', display_name: 'Métropole de Grenoble', count: 3 }]
  })
  const narrowed = await ckanGet(app, 'package_search', `fq=organization:ville&facet.field=${encodeURIComponent('["organization"]')}`)
  t.same(narrowed.body.result.facets.organization, { ville: 3 }, 'every filter applies to every facet, as in Solr')
  const nums = await ckanGet(app, 'package_search', `fq=${encodeURIComponent('num_tags:[2 TO *] num_resources:[1 TO *]')}`)
  t.same(names(nums.body.result.results), ['horaires-tram', 'les-arbres-de-grenoble', 'qualite-air'])
})

t.test('DataSud-style +field clauses, NOW date math, phrases, prefixes, title and name fields', async t => {
  const plus = await ckanGet(app, 'package_search', 'fq=+res_format:CSV+groups:envi')
  t.same(names(plus.body.result.results), ['les-arbres-de-grenoble', 'qualite-air'])
  const repeated = await ckanGet(app, 'package_search', 'fq=organization:ville&fq=tags:finances')
  t.same(names(repeated.body.result.results), ['budget-ville'], 'repeated fq are all applied')
  const fqList = await ckanPost(app, 'package_search', { fq_list: ['organization:ville', 'tags:air,pollution OR tags:finances'] })
  t.same(names(fqList.body.result.results), ['budget-ville'], 'fq_list items are never split on commas')
  t.same(names((await ckanGet(app, 'package_search', `fq_list=${encodeURIComponent('["organization:ville","groups:envi"]')}`)).body.result.results), ['qualite-air'])
  const lower = await ckanGet(app, 'package_search', 'fq=res_format:csv')
  t.equal(lower.body.result.count, 2, 'formats match whatever their case')
  for (const range of ['[NOW-1DAY TO NOW]', '[NOW-7DAYS TO *]', '[NOW-5DAY/DAY TO NOW+1HOUR]', '[NOW-1MONTH TO *]']) {
    const res = await ckanGet(app, 'package_search', `q=${encodeURIComponent(`metadata_modified:${range}`)}`)
    t.equal(res.body.result.count, 6, range)
  }
  t.equal((await ckanGet(app, 'package_search', `q=${encodeURIComponent('metadata_created:[* TO NOW-1YEAR]')}`)).body.result.count, 0)
  t.same(names((await ckanGet(app, 'package_search', `q=${encodeURIComponent('title:"arbres de Grenoble"')}`)).body.result.results), ['les-arbres-de-grenoble'])
  t.same(names((await ckanGet(app, 'package_search', 'q=tags:randonn*')).body.result.results), ['espnat_sentier_poteaux_metro'])
  t.same(names((await ckanGet(app, 'package_search', 'q=name:ancien-nom')).body.result.results), ['parkings-relais'])
  t.same(names((await ckanGet(app, 'package_search', `q=${encodeURIComponent('title:sentirs~2^3')}`)).body.result.results), [], 'fuzzy and boost are parsed and ignored')
  t.same(names((await ckanGet(app, 'package_search', `q=${encodeURIComponent('license_id:odc-odbl OR license_id:cc-by-4.0')}`)).body.result.results), ['espnat_sentier_poteaux_metro', 'qualite-air'])
  t.same(names((await ckanGet(app, 'package_search', 'q=horaires stations')).body.result.results), ['qualite-air'], 'free terms are ANDed')
  t.same(names((await ckanGet(app, 'package_search', `q=${encodeURIComponent('arbres de Grenoble')}`)).body.result.results), ['les-arbres-de-grenoble'], 'stop words are dropped')
  t.same(names((await ckanGet(app, 'package_search', `q=${encodeURIComponent('"arbres de Grenoble" inventaire')}`)).body.result.results), ['les-arbres-de-grenoble'])
  t.equal((await ckanGet(app, 'package_search', 'q=state:active AND capacity:public AND dataset_type:dataset')).body.result.count, 6)
  t.equal((await ckanGet(app, 'package_search', 'q=state:deleted')).body.result.count, 0)
  t.equal((await ckanGet(app, 'package_search', 'q=unknown_field:x')).body.result.count, 0, 'unknown fields match nothing')
  t.same(names((await ckanGet(app, 'package_search', `q=${encodeURIComponent('res_url:"https://air.example/mesures.csv"')}`)).body.result.results), ['qualite-air'])
  t.same(names((await ckanGet(app, 'package_search', 'q=res_name:mesures')).body.result.results), ['qualite-air'])
})

t.test('sorts: name, title_string, metadata_modified, default score then modified', async t => {
  const order = async (sort: string, q = '') => (await ckanGet(app, 'package_search', `rows=100&sort=${encodeURIComponent(sort)}${q}`)).body.result.results.map((r: { name: string }) => r.name)
  t.same(await order('name asc'), PUBLISHED)
  t.same(await order('name desc'), [...PUBLISHED].reverse())
  t.same(await order('title_string asc'), ['budget-ville', 'horaires-tram', 'les-arbres-de-grenoble', 'parkings-relais', 'qualite-air', 'espnat_sentier_poteaux_metro'])
  const modified = await order('metadata_modified desc')
  t.equal(modified[0], 'les-arbres-de-grenoble', 'the last dataset given a file (an upload) comes first')
  t.same(await order('score desc, metadata_modified desc'), modified, 'without text the score ties')
  t.same(await order('views_recent desc'), modified)
})

t.test('registries: organizations, groups, tags, licences, probes', async t => {
  t.same((await ckanGet(app, 'organization_list')).body.result, ['metropole', 'ville'])
  t.same((await ckanGet(app, 'organization_list', 'sort=name%20desc&limit=1')).body.result, ['ville'])
  t.same((await ckanGet(app, 'organization_list', 'q=ville')).body.result, ['ville'])
  const ville = await ckanGet(app, 'organization_show', 'id=ville&include_datasets=true')
  t.same(ville.body.result.packages.map((p: { name: string }) => p.name), ['budget-ville', 'parkings-relais', 'qualite-air'])
  ville.body.result.packages.forEach((p: unknown) => assertPackage(t, p))
  const byUuid = await ckanGet(app, 'organization_show', `id=${ville.body.result.id}`)
  t.equal(byUuid.body.result.name, 'ville', 'a derived organisation id is accepted too')
  t.equal((await ckanGet(app, 'organization_show', 'id=ville')).body.result.id, ville.body.result.id, 'and is stable')
  const tags = await ckanGet(app, 'tag_list')
  t.notOk(tags.body.result.includes('secret'))
  t.ok(tags.body.result.includes('randonnée'))
  t.same((await ckanGet(app, 'tag_list', 'query=ARB')).body.result, ['arbres'])
  t.same((await ckanGet(app, 'tag_list', 'vocabulary_id=x')).body.result, [])
  t.same((await ckanGet(app, 'tag_list', 'q=tram&all_fields=true')).body.result.map((x: { name: string }) => x.name), ['tram'])
  const licences = (await ckanGet(app, 'license_list')).body.result
  t.same(licences.find((l: { id: string }) => l.id === 'lov2'), {
    id: 'lov2',
    title: 'Licence Ouverte / Open Licence version 2.0',
    url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence',
    family: '',
    maintainer: '',
    status: 'active',
    is_generic: false,
    od_conformance: 'approved',
    osd_conformance: 'not reviewed',
    domain_content: false,
    domain_data: true,
    domain_software: false
  })
  t.ok(licences.some((l: { id: string }) => l.id === 'odc-odbl'))
  const status = await ckanGet(app, 'status_show', '', { root: '/ckan' })
  t.same(status.body.result, {
    site_title: 'Test catalogue',
    site_description: 'The catalogue of the test suite.',
    site_url: `${PUBLIC_URL}/ckan`,
    error_emails_to: null,
    locale_default: 'fr',
    ckan_version: '2.10.0',
    extensions: []
  })
  t.equal((await ckanGet(app, 'site_read')).body.result, true)
  t.match((await ckanGet(app, 'help_show', 'name=package_search')).body.result, /Searches published datasets/)
  const shown = await ckanGet(app, 'resource_show', `id=${(await ckanGet(app, 'package_show', 'id=qualite-air')).body.result.resources[0].id}`)
  t.equal(shown.body.result.url, 'https://air.example/mesures.csv')
  const current = await ckanGet(app, 'current_package_list_with_resources', 'limit=2')
  t.same(current.body.result.map((p: { name: string }) => p.name), (await ckanGet(app, 'package_search', 'rows=2&sort=metadata_modified%20desc')).body.result.results.map((p: { name: string }) => p.name))
  t.equal((await ckanGet(app, 'current_package_list_with_resources')).body.result.length, 6)
  t.equal((await ckanGet(app, 'current_package_list_with_resources', 'limit=2&page=3')).body.result.length, 2)
  t.same((await ckanGet(app, 'package_list', 'limit=2&offset=1')).body.result, PUBLISHED.slice(1, 3))
})

t.test('every field form of the subset: prefixes, *, phrases, ranges, constants, negations', async t => {
  const count = async (q: string) => (await ckanGet(app, 'package_search', `q=${encodeURIComponent(q)}&rows=0`)).body.result.count
  const expected: Array<[string, number]> = [
    ['groups:tr*', 3], ['groups:nature*', 1], ['groups:*', 6], ['groups:"nature-en-ville"', 1], ['groups:unknown', 0],
    ['organization:*', 6], ['organization:metro*', 3], ['tags:*', 6], ['res_format:*', 3], ['res_format:cs*', 2],
    ['license_id:*', 5], ['license_id:odbl*', 1], ['res_url:*', 3], ['res_name:*', 3], ['res_description:*', 3],
    ['state:*', 6], ['state:[a TO b]', 0], ['private:false', 6], ['private:true', 0], ['version:*', 0], ['version:1.0', 0],
    [`id:${ids['horaires-tram']}`, 1], ['id:not-a-uuid', 0], [`id:${ids['horaires-tram']!.slice(0, 8)}*`, 1],
    ['name:horaires*', 1], ['name:"horaires-tram"', 1], ['metadata_modified:*', 6], ['metadata_modified:"2015-01-01T00:00:00Z"', 0],
    ['title:*', 6], ['notes:mesures', 1], ['text:arbres', 1], ['owner_org:*', 6], ['owner_org:[a TO b]', 0], ['owner_org:ville', 3],
    ['num_resources:2', 1], ['num_tags:*', 6], ['-tags:arbres', 5], ['organization:ville AND NOT groups:envi', 2], ['extras_foo:x', 0],
    ['arbr*', 1], ['inventai* grenoble', 1], ['-*', 0], ['-(-tags:arbres)', 1], ['NOT *:*', 0], ['"inventaire des arbres"', 1]
  ]
  for (const [q, n] of expected) t.equal(await count(q), n, q)
  const parkings = (await ckanGet(app, 'package_show', 'id=parkings-relais')).body.result
  t.equal(parkings.license_id, 'notspecified')
  t.equal(parkings.license_title, 'License Not Specified')
  t.notOk('license_url' in parkings, 'no licence URL when there is none, as CKAN')
  t.equal(parkings.isopen, false)
})
