// CKAN's transport and error shapes (ckan-compat.md §1.1, §1.2, §7.4): envelopes and status codes, body
// forms, JSONP, CORS, ETag/304, the version probes, drafts answered as missing, and never a redirect.
import t from 'tap'
import { sql } from 'kysely'
import { loadConfig } from '../../src/config.js'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { ckanGet, ckanPost, put, seedCatalogue } from './helpers.js'

const app = await buildTestApp(t)
const { ids, upload } = await seedCatalogue(app)
const help = (name: string) => `${PUBLIC_URL}/api/3/action/help_show?name=${name}`

t.test('unknown actions: 400 with a JSON string, as CKAN 2.9-2.11', async t => {
  for (const name of ['foo', 'datastore_search', 'package_create', 'constructor', '__proto__']) {
    const res = await ckanGet(app, name)
    t.equal(res.status, 400)
    t.same(res.body, { help: help(name), success: false, error: `Bad request - Action name not known: ${name}` })
  }
  t.equal((await ckanPost(app, 'package_create', { name: 'x' })).status, 400, 'writes are not served')
})

t.test('missing, draft and deleted datasets answer the same 404', async t => {
  const missing = await ckanGet(app, 'package_show', 'id=nothing-here')
  t.equal(missing.status, 404)
  t.same(missing.body, { help: help('package_show'), success: false, error: { __type: 'Not Found Error', message: 'Not found' } })
  t.same((await ckanGet(app, 'package_show', 'id=brouillon-secret')).body, missing.body)
  t.same((await ckanGet(app, 'package_show', `id=${ids['brouillon-secret']}`)).body, missing.body)
  t.same((await ckanGet(app, 'package_show', 'id=supprime')).body, missing.body)
  t.same((await ckanGet(app, 'package_show', 'id=brouillon-secret', { headers: ADMIN })).body, missing.body, 'tokens give nothing more here')
  const secretFile = (await app.db.selectFrom('distributions').select('id').where('dataset_id', '=', ids['brouillon-secret']!).executeTakeFirstOrThrow()).id
  t.equal((await ckanGet(app, 'resource_show', `id=${secretFile}`)).status, 404)
  t.equal((await ckanGet(app, 'resource_show', 'id=not-a-uuid')).status, 404)
  t.equal((await ckanGet(app, 'organization_show', 'id=nobody')).body.error.__type, 'Not Found Error')
  t.equal((await ckanGet(app, 'group_show', 'id=metropole')).status, 404, 'an organisation is not a group')
  t.equal((await ckanGet(app, 'help_show', 'name=nothing')).status, 404)
  const search = await ckanGet(app, 'package_search', 'q=secret OR supprimés&rows=1000')
  t.equal(search.body.result.count, 0)
})

t.test('validation errors: 409 with the field next to __type', async t => {
  t.same((await ckanGet(app, 'package_search', 'rows=-1')).body.error, { __type: 'Validation Error', rows: ['Must be a natural number'] })
  t.equal((await ckanGet(app, 'package_search', 'rows=-1')).status, 409)
  t.same((await ckanGet(app, 'package_search', 'start=ten')).body.error, { __type: 'Validation Error', start: ['Invalid integer'] })
  t.same((await ckanGet(app, 'package_search', 'facet=perhaps')).body.error, { __type: 'Validation Error', facet: ['Invalid boolean: perhaps'] })
  t.same((await ckanGet(app, 'package_search', `facet.field=${encodeURIComponent('["tags"')}`)).body.error, { __type: 'Validation Error', 'facet.field': ['Could not parse as valid JSON'] })
  t.same((await ckanGet(app, 'package_search', `facet.field=${encodeURIComponent('{"a":1}')}`)).status, 200, 'a comma list is accepted')
  t.same((await ckanGet(app, 'package_show')).body.error, { __type: 'Validation Error', id: ['Missing value'] })
  t.same((await ckanPost(app, 'package_show', { id: '  ' })).body.error, { __type: 'Validation Error', id: ['Missing value'] })
  t.equal((await ckanGet(app, 'organization_list', 'sort=size')).status, 409)
  t.equal((await ckanGet(app, 'package_list', 'limit=-3')).status, 409)
})

t.test('unparsable queries and sorts: 400 Search Query Error, never 500', async t => {
  const bad = ['q=(arbres', 'q=arbres)', 'fq=title:%22abc', 'q=%7B!lucene%7Dx', 'q=metadata_modified:[yesterday%20TO%20*]', 'q=metadata_modified:[*%20TO%20NOW-1FORTNIGHT]',
    'q=num_tags:[a%20TO%20b]', 'q=tags:', 'q=a%20AND', 'q=tags:[a%20TO%20b]', 'q=title:[a%20TO%20b]', 'q=ar*bres', 'q=*:x', 'q=%5C', 'sort=popularity%20desc', 'sort=name%20upwards',
    `q=${'('.repeat(40)}x${')'.repeat(40)}`, `q=${'x'.repeat(5000)}`, `q=${Array.from({ length: 101 }, (_, i) => `t${i}`).join('%20OR%20')}`, 'q=metadata_modified:[2024-13-45%20TO%20*]', 'q=metadata_modified:x*', 'q=res_url:[a%20TO%20b]']
  for (const query of bad) {
    const res = await ckanGet(app, 'package_search', query)
    t.equal(res.status, 400, query)
    t.equal(res.body.error.__type, 'Search Query Error', query)
    t.match(res.body.error.message, /^Search Query is invalid: /)
  }
  const unknown = await ckanGet(app, 'package_search', 'q=x&foo=1')
  t.same(unknown.body.error, { __type: 'Search Query Error', message: 'Search Query is invalid: Invalid search parameters: ["foo"]' })
  t.equal((await ckanGet(app, 'package_search', 'q=x&_=123&include_private=true&ext_bbox=1,2,3,4')).status, 200, 'cache busters and CKAN\'s own extras are accepted')
})

t.test('POST bodies: JSON, empty, form, jQuery style; bad JSON is a 400 string', async t => {
  t.equal((await ckanPost(app, 'package_list', '')).status, 200, 'an empty JSON body is {}')
  t.equal((await app.inject({ method: 'POST', url: '/api/3/action/package_list' })).statusCode, 200, 'no body at all')
  const form = await app.inject({ method: 'POST', url: '/api/action/package_show', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'id=horaires-tram' })
  t.equal(form.json().result.name, 'horaires-tram')
  const jquery = await app.inject({ method: 'POST', url: '/api/action/package_show', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `${encodeURIComponent('{"id":"qualite-air"}')}=` })
  t.equal(jquery.json().result.name, 'qualite-air')
  const text = await app.inject({ method: 'POST', url: '/api/action/package_show', headers: { 'content-type': 'text/plain' }, payload: '{"id":"budget-ville"}' })
  t.equal(text.json().result.name, 'budget-ville')
  const broken = await ckanPost(app, 'package_show', '{"id": ')
  t.equal(broken.status, 400)
  t.match(broken.body.error, /^Bad request - JSON Error: /)
  t.equal(broken.body.success, false)
  t.same((await ckanPost(app, 'package_show', '["horaires-tram"]')).body.error, 'Bad request - JSON Error: Request data JSON decoded to a non-object')
  const huge = await ckanPost(app, 'package_show', JSON.stringify({ id: 'x'.repeat(2 * 1024 * 1024) }))
  t.equal(huge.status, 413)
  t.equal(huge.body.success, false)
})

t.test('JSONP: successful GETs only, with a plain callback name', async t => {
  const res = await app.inject('/api/3/action/site_read?callback=jQuery123_456')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/javascript;charset=utf-8')
  t.equal(res.body, `/**/jQuery123_456(${JSON.stringify({ help: help('site_read'), success: true, result: true })});`)
  const error = await app.inject('/api/3/action/package_show?id=nope&callback=cb')
  t.equal(error.statusCode, 404)
  t.equal(error.headers['content-type'], 'application/json;charset=utf-8', 'errors are never wrapped')
  const evil = await app.inject(`/api/3/action/site_read?callback=${encodeURIComponent('alert(1)//')}`)
  t.equal(evil.headers['content-type'], 'application/json;charset=utf-8', 'a callback that is not a name is ignored')
  const post = await app.inject({ method: 'POST', url: '/api/3/action/site_read?callback=cb', headers: { 'content-type': 'application/json' }, payload: '{}' })
  t.equal(post.headers['content-type'], 'application/json;charset=utf-8')
})

t.test('CORS for everyone, POST preflights included', async t => {
  const res = await app.inject({ url: '/api/3/action/package_list', headers: { origin: 'https://reuser.example' } })
  t.equal(res.headers['access-control-allow-origin'], '*')
  const preflight = await app.inject({ method: 'OPTIONS', url: '/ckan/api/action/package_search', headers: { origin: 'https://reuser.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } })
  t.equal(preflight.statusCode, 204)
  t.equal(preflight.headers['access-control-allow-origin'], '*')
  t.match(preflight.headers['access-control-allow-methods'], /POST/)
  t.match(preflight.headers['access-control-allow-headers'], /Content-Type/i)
})

t.test('strong ETag and 304; the tag follows the content', async t => {
  const first = await app.inject('/api/3/action/package_show?id=budget-ville')
  const etag = first.headers.etag as string
  t.match(etag, /^"[\w-]+"$/)
  const again = await app.inject({ url: '/api/3/action/package_show?id=budget-ville', headers: { 'if-none-match': etag } })
  t.equal(again.statusCode, 304)
  t.equal(again.body, '')
  t.equal((await app.inject({ url: '/api/3/action/package_show?id=budget-ville', headers: { 'if-none-match': '"other"' } })).statusCode, 200)
  await app.inject({ method: 'PATCH', url: '/datasets/budget-ville', headers: { ...ADMIN, 'content-type': 'application/merge-patch+json' }, payload: { title: 'Budget primitif 2026' } })
  const changed = await app.inject({ url: '/api/3/action/package_show?id=budget-ville', headers: { 'if-none-match': etag } })
  t.equal(changed.statusCode, 200)
  t.equal(changed.json().result.title, 'Budget primitif 2026')
  t.not(changed.headers.etag, etag)
  t.notOk((await app.inject('/api/3/action/package_show?id=nope')).headers.etag, 'errors carry no validator')
})

t.test('version probes at /api and /api/3, under the legacy prefix too', async t => {
  for (const root of ['', '/ckan']) {
    t.same((await app.inject(`${root}/api`)).json(), { version: 1 })
    t.same((await app.inject(`${root}/api/3`)).json(), { version: 3 })
  }
})

t.test('no redirect anywhere under the API paths', async t => {
  const urls = ['/api', '/api/', '/api/3', '/api/3/', '/api/3/action', '/api/3/action/', '/api/action/package_list/', '/api/2/action/package_list',
    '/api/3/action/package_show?id=ancien-nom', '/api/3/action/package_show?id=supprime', '/api/action/resource_show?id=x', '/API/3/action/package_list']
  for (const url of urls.flatMap(u => [u, `/ckan${u}`])) {
    for (const method of ['GET', 'POST', 'HEAD'] as const) {
      const res = await app.inject({ method, url })
      t.ok(res.statusCode < 300 || res.statusCode >= 400, `${method} ${url} answered ${res.statusCode}`)
    }
  }
})

t.test('the old portal\'s dataset and resource pages move permanently; drafts and unknown ids are 404 problems', async t => {
  const page = await app.inject('/ckan/dataset/les-arbres-de-grenoble')
  t.equal(page.statusCode, 301)
  t.equal(page.headers.location, `${PUBLIC_URL}/datasets/${ids['les-arbres-de-grenoble']}`)
  t.equal((await app.inject('/ckan/dataset/ancien-nom')).headers.location, `${PUBLIC_URL}/datasets/${ids['parkings-relais']}`)
  t.equal((await app.inject(`/ckan/dataset/${ids['horaires-tram']}`)).statusCode, 301)
  for (const url of ['/ckan/dataset/brouillon-secret', '/ckan/dataset/supprime', '/ckan/dataset/nothing']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 404, url)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  }
  const file = await app.inject(`/ckan/dataset/les-arbres-de-grenoble/resource/${upload}/download/arbres.csv`)
  t.equal(file.statusCode, 301)
  t.equal(file.headers.location, `${PUBLIC_URL}/distributions/${upload}/file`)
  t.equal((await app.inject(`/ckan/dataset/${ids['les-arbres-de-grenoble']}/resource/${upload}`)).headers.location, `${PUBLIC_URL}/distributions/${upload}/file`)
  const tram = (await ckanGet(app, 'package_show', 'id=horaires-tram')).body.result.resources
  t.equal((await app.inject(`/ckan/dataset/horaires-tram/resource/${tram[0].id}`)).headers.location, 'https://transport.example/gtfs.zip')
  t.equal((await app.inject(`/ckan/dataset/horaires-tram/resource/${tram[1].id}`)).headers.location, 'https://transport.example/wms')
  t.equal((await app.inject(`/ckan/dataset/qualite-air/resource/${upload}`)).statusCode, 404, 'a resource of another dataset')
  t.equal((await app.inject('/ckan/dataset/brouillon-secret/resource/00000000-0000-0000-0000-000000000000')).statusCode, 404)
})

t.test('a failure of the database is a 500 in the envelope, its detail kept in the log', async t => {
  await sql`ALTER TABLE legacy_groups RENAME TO legacy_groups_away`.execute(app.db)
  try {
    const res = await ckanGet(app, 'group_list')
    t.equal(res.status, 500)
    t.same(res.body, { help: help('group_list'), success: false, error: { __type: 'Internal Server Error', message: 'Internal Server Error' } })
  } finally {
    await sql`ALTER TABLE legacy_groups_away RENAME TO legacy_groups`.execute(app.db)
  }
  t.equal((await ckanGet(app, 'group_list')).status, 200)
})

t.test('CKAN_LEGACY_PREFIX: another prefix, or none', async t => {
  const other = await buildTestApp(t, { ckanLegacyPrefix: '/portail', landingPageTemplate: 'https://portal.example/jeux/{slug}' })
  await other.db.insertInto('publishers').values({ id: 'metropole', name: 'Métropole', type: 'LocalAuthority' }).execute()
  await put(other, 'velos', { title: 'Vélos' })
  t.equal((await other.inject('/portail/dataset/velos')).headers.location, 'https://portal.example/jeux/velos', 'to the front end\'s page when there is one')
  t.equal((await other.inject('/portail/api/3/action/site_read')).statusCode, 200)
  t.equal((await other.inject('/ckan/api/3/action/site_read')).statusCode, 404)
  t.equal((await other.inject('/portail/dataset/x')).statusCode, 404)
  const none = await buildTestApp(t, { ckanLegacyPrefix: '' })
  t.equal((await none.inject('/api/3/action/site_read')).statusCode, 200)
  t.equal((await none.inject('/ckan/api/3/action/site_read')).statusCode, 404)
  t.equal(loadConfig({}).ckanLegacyPrefix, '/ckan')
  t.equal(loadConfig({ CKAN_LEGACY_PREFIX: '' }).ckanLegacyPrefix, '')
  t.equal(loadConfig({ CKAN_LEGACY_PREFIX: '/old/ckan/' }).ckanLegacyPrefix, '/old/ckan')
  t.throws(() => loadConfig({ CKAN_LEGACY_PREFIX: 'ckan' }), /CKAN_LEGACY_PREFIX/)
})
