// Every route of the contract × every kind of caller (SPEC §5). A route without a row fails the test;
// reads of publisher A's drafts by others must answer exactly like a missing resource.
import t from 'tap'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { ADMIN, buildTestApp } from '../support/build-app.js'

// Several hundred requests: more than the default file timeout on a busy machine.
t.setTimeout(600_000)
// Expired and revoked tokens fail on every route: the failure limiter must not step in.
// No harvest worker: queued runs stay queued. Harvest sources on loopback (no DNS here) need the private opt-in.
const app = await buildTestApp(t, { authFailuresPerMinute: 100_000, harvestWorker: false, outboundAllowPrivate: true })

const WHO = ['anonymous', 'editorA', 'editorB', 'admin', 'expired', 'revoked'] as const
type Who = typeof WHO[number]
type Expected = Record<Who, number>
type Request = { method: NonNullable<InjectOptions['method']>, url: string, payload?: InjectOptions['payload'], headers?: Record<string, string> }

/** Statuses for anonymous, A's editor, B's editor and an admin; expired and revoked tokens always get 401. */
const expect = (anonymous: number, editorA: number, editorB: number, admin: number): Expected =>
  ({ anonymous, editorA, editorB, admin, expired: 401, revoked: 401 })
const everyone = (status: number) => expect(status, status, status, status)

const MISSING_SLUG = 'no-such-dataset'
const MISSING_UUID = '00000000-0000-4000-8000-000000000000'
const DRAFT_WORD = 'zanzibarquux'

interface Case {
  name: string
  /** Called once per caller, so a write may get a fresh target. */
  request: () => Promise<Request> | Request
  expect: Expected
  /** For A's drafts: the identifier to swap for a missing one; a 404 must then be byte-for-byte the same. */
  draft?: { id: string, missing: string }
  /** Answers to callers who may not see A's drafts must not mention them. */
  hidesDrafts?: boolean
  /** For those callers, what a list of datasets must count: no draft in totals or facets. */
  counts?: { total?: number }
}

interface DatasetListBody { total: number, facets?: { keyword?: Array<{ value: string }> } }

async function send (request: InjectOptions, expected: number): Promise<LightMyRequestResponse> {
  const res = await app.inject(request)
  if (res.statusCode !== expected) throw new Error(`${request.method} ${request.url}: ${res.statusCode} ${res.body}`)
  return res
}
const asAdmin = (method: Request['method'], url: string, payload?: object, status = 201) =>
  send({ method, url, headers: ADMIN, ...(payload ? { payload } : {}) }, status)

// Callers: A and B are publishers; every token but ADMIN_TOKEN (used to seed) is made through the API.
await asAdmin('POST', '/publishers', { id: 'pub-a', name: 'Publisher A', type: 'LocalAuthority' })
await asAdmin('POST', '/publishers', { id: 'pub-b', name: 'Publisher B', type: 'LocalAuthority' })
const tokenOf = async (payload: object) => (await asAdmin('POST', '/tokens', payload)).json() as { id: string, secret: string }
const secrets: Record<Who, string | null> = {
  anonymous: null,
  editorA: (await tokenOf({ name: 'A', publisher: 'pub-a' })).secret,
  editorB: (await tokenOf({ name: 'B', publisher: 'pub-b' })).secret,
  admin: (await tokenOf({ name: 'admin', role: 'admin' })).secret,
  expired: null,
  revoked: null
}
const expired = await tokenOf({ name: 'expired', publisher: 'pub-a' })
// An expiry cannot be set in the past through the API: move it there.
await app.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', expired.id).execute()
secrets.expired = expired.secret
const revoked = await tokenOf({ name: 'revoked', publisher: 'pub-a' })
await asAdmin('DELETE', `/tokens/${revoked.id}`, undefined, 204)
secrets.revoked = revoked.secret
const A = { authorization: `Bearer ${secrets.editorA}` }

// A's data: a published dataset and a draft, each with a link and an uploaded file.
let serial = 0
const fresh = (prefix: string) => `${prefix}-${++serial}`

function multipart (fields: Record<string, string>, fileName = 'data.csv', content = 'id;name\n1;un\n') {
  const boundary = 'matrix-boundary'
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`)
  return { payload: parts.join(''), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

async function datasetOfA (status: 'draft' | 'published', slug = fresh(status)) {
  const title = status === 'draft' ? `Draft ${DRAFT_WORD}` : 'Published dataset'
  const dataset = (await send({ method: 'POST', url: '/datasets', headers: A, payload: { slug, title, status, keywords: [status] } }, 201)).json()
  return { id: dataset.id as string, slug }
}
async function linkOf (datasetSlug: string): Promise<string> {
  const payload = { title: 'Link', accessUrl: 'https://example.org/data' }
  return (await send({ method: 'POST', url: `/datasets/${datasetSlug}/distributions`, headers: A, payload }, 201)).json().id
}
async function fileOf (datasetSlug: string): Promise<string> {
  const form = multipart({ title: 'Upload' })
  return (await send({ method: 'POST', url: `/datasets/${datasetSlug}/distributions`, headers: { ...A, ...form.headers }, payload: form.payload }, 201)).json().id
}

const published = await datasetOfA('published', 'a-published')
const draft = await datasetOfA('draft', 'a-draft')
const publishedLink = await linkOf(published.slug)
const publishedFile = await fileOf(published.slug)
const draftLink = await linkOf(draft.slug)
const draftFile = await fileOf(draft.slug)

const draftRead = expect(404, 200, 404, 200)
const onDraft = (id: string) => ({ id, missing: /^[0-9a-f-]{36}$/.test(id) ? MISSING_UUID : MISSING_SLUG })
const get = (url: string): Request => ({ method: 'GET', url })
const datasetBody = { title: 'Replaced', publisher: 'pub-a' }
const distributionBody = { title: 'Replaced link', accessUrl: 'https://example.org/other' }
const upload = (url: string): Request => ({ method: 'PUT', url, ...multipart({}, 'new.csv', 'id\n2\n') })

// A's harvest sources: one to read, and a fresh one for each write that consumes it.
const sourceOfA = async (): Promise<string> => (await asAdmin('POST', '/harvest-sources', {
  kind: 'dcat', url: `http://127.0.0.1:9/${fresh('catalog')}.ttl`, publisher: 'pub-a', schedule: 'manual'
})).json().id
const source = await sourceOfA()
const run = (await asAdmin('POST', `/harvest-sources/${source}/runs`, undefined, 202)).json().id as string
// A's webhook endpoints (no worker here: pings stay queued): one to read, a fresh one to delete.
const webhookOfA = async (): Promise<string> => (await asAdmin('POST', '/webhooks', {
  url: `http://127.0.0.1:9/${fresh('hook')}`, eventTypes: ['dataset.created'], publisher: 'pub-a'
})).json().id
const webhook = await webhookOfA()
const delivery = (await asAdmin('POST', `/webhooks/${webhook}/ping`, undefined, 202)).json().id as string
const ckan = (action: string, query = '') => get(`/api/3/action/${action}${query}`)
const ckanPost = (path: string, payload: object): Request => ({ method: 'POST', url: path, payload })
const tus = (method: Request['method'], url: string, headers: Record<string, string> = {}): Request =>
  ({ method, url, headers: { 'tus-resumable': '1.0.0', ...headers } })
/** A fresh upload session of six bytes (so that one PATCH of three does not complete it). */
const tusUpload = async (distributionId: string): Promise<string> => {
  const res = await send({ method: 'POST', url: `/distributions/${distributionId}/uploads`, headers: { ...ADMIN, 'tus-resumable': '1.0.0', 'upload-length': '6' } }, 201)
  return new URL(res.headers.location as string).pathname
}

const ROWS: Record<string, Case[]> = {
  'GET /health': [{ name: 'liveness', request: () => get('/health'), expect: everyone(200) }],
  'GET /ready': [{ name: 'readiness', request: () => get('/ready'), expect: everyone(200) }],
  'GET /openapi.json': [{ name: 'contract', request: () => get('/openapi.json'), expect: everyone(200) }],

  'GET /datasets': [
    { name: 'list', request: () => get('/datasets?facets=publisher,theme,keyword,licence,format'), expect: everyone(200), hidesDrafts: true, counts: {} },
    { name: 'search for a draft', request: () => get(`/datasets?q=${DRAFT_WORD}&facets=publisher,keyword`), expect: everyone(200), hidesDrafts: true, counts: { total: 0 } },
    { name: 'filter on A', request: () => get('/datasets?publisher=pub-a&keyword=draft&facets=keyword'), expect: everyone(200), hidesDrafts: true, counts: { total: 0 } }
  ],
  'POST /datasets': [
    { name: 'for A', request: () => ({ method: 'POST', url: '/datasets', payload: { title: 'New', publisher: 'pub-a' } }), expect: expect(401, 201, 403, 201) }
  ],
  'GET /datasets/{idOrSlug}': [
    { name: 'published', request: () => get(`/datasets/${published.slug}`), expect: everyone(200) },
    { name: 'draft by slug', request: () => get(`/datasets/${draft.slug}`), expect: draftRead, draft: onDraft(draft.slug) },
    { name: 'draft by id', request: () => get(`/datasets/${draft.id}`), expect: draftRead, draft: onDraft(draft.id) },
    { name: 'draft as Turtle', request: () => get(`/datasets/${draft.slug}.ttl`), expect: draftRead, draft: onDraft(draft.slug) },
    { name: 'draft as JSON-LD by Accept', request: () => ({ ...get(`/datasets/${draft.id}`), headers: { accept: 'application/ld+json' } }), expect: draftRead, draft: onDraft(draft.id) },
    { name: 'draft page for a browser', request: () => ({ ...get(`/datasets/${draft.slug}`), headers: { accept: 'text/html' } }), expect: draftRead, draft: onDraft(draft.slug) },
    { name: 'draft as schema.org', request: () => ({ ...get(`/datasets/${draft.id}`), headers: { accept: 'application/ld+json;profile="https://schema.org"' } }), expect: draftRead, draft: onDraft(draft.id) }
  ],
  'PUT /datasets/{idOrSlug}': [
    { name: 'published', request: () => ({ method: 'PUT', url: `/datasets/${published.slug}`, payload: { ...datasetBody, keywords: ['published'] } }), expect: expect(401, 200, 403, 200) },
    {
      name: 'draft',
      request: async () => ({ method: 'PUT', url: `/datasets/${(await datasetOfA('draft')).slug}`, payload: { ...datasetBody, status: 'draft' } }),
      expect: expect(401, 200, 404, 200)
    }
  ],
  'PATCH /datasets/{idOrSlug}': [
    { name: 'published', request: () => ({ method: 'PATCH', url: `/datasets/${published.id}`, payload: { description: 'Patched' } }), expect: expect(401, 200, 403, 200) },
    { name: 'draft', request: () => ({ method: 'PATCH', url: `/datasets/${draft.id}`, payload: { description: 'Patched' } }), expect: expect(401, 200, 404, 200), draft: onDraft(draft.id) }
  ],
  'DELETE /datasets/{idOrSlug}': [
    { name: 'published', request: async () => ({ method: 'DELETE', url: `/datasets/${(await datasetOfA('published')).slug}` }), expect: expect(401, 204, 403, 204) },
    { name: 'draft', request: async () => ({ method: 'DELETE', url: `/datasets/${(await datasetOfA('draft')).id}` }), expect: expect(401, 204, 404, 204) }
  ],
  'GET /datasets/{idOrSlug}/history': [
    { name: 'published', request: () => get(`/datasets/${published.slug}/history`), expect: expect(401, 200, 403, 200) },
    { name: 'draft', request: () => get(`/datasets/${draft.slug}/history`), expect: expect(401, 200, 404, 200), draft: onDraft(draft.slug) }
  ],
  'GET /datasets/{idOrSlug}/distributions': [
    { name: 'published', request: () => get(`/datasets/${published.slug}/distributions`), expect: everyone(200) },
    { name: 'draft', request: () => get(`/datasets/${draft.slug}/distributions`), expect: draftRead, draft: onDraft(draft.slug) }
  ],
  'POST /datasets/{idOrSlug}/distributions': [
    { name: 'link on published', request: () => ({ method: 'POST', url: `/datasets/${published.slug}/distributions`, payload: distributionBody }), expect: expect(401, 201, 403, 201) },
    { name: 'link on draft', request: () => ({ method: 'POST', url: `/datasets/${draft.slug}/distributions`, payload: distributionBody }), expect: expect(401, 201, 404, 201), draft: onDraft(draft.slug) },
    {
      name: 'upload on draft',
      request: () => ({ method: 'POST', url: `/datasets/${draft.slug}/distributions`, ...multipart({ title: 'Upload' }) }),
      expect: expect(401, 201, 404, 201),
      draft: onDraft(draft.slug)
    }
  ],
  'GET /distributions/{id}': [
    { name: 'of published', request: () => get(`/distributions/${publishedLink}`), expect: everyone(200) },
    { name: 'of draft', request: () => get(`/distributions/${draftLink}`), expect: draftRead, draft: onDraft(draftLink) }
  ],
  'PUT /distributions/{id}': [
    { name: 'of published', request: () => ({ method: 'PUT', url: `/distributions/${publishedLink}`, payload: distributionBody }), expect: expect(401, 200, 403, 200) },
    { name: 'of draft', request: () => ({ method: 'PUT', url: `/distributions/${draftLink}`, payload: distributionBody }), expect: expect(401, 200, 404, 200), draft: onDraft(draftLink) }
  ],
  'PATCH /distributions/{id}': [
    { name: 'of published', request: () => ({ method: 'PATCH', url: `/distributions/${publishedLink}`, payload: { description: 'Patched' } }), expect: expect(401, 200, 403, 200) },
    { name: 'of draft', request: () => ({ method: 'PATCH', url: `/distributions/${draftLink}`, payload: { description: 'Patched' } }), expect: expect(401, 200, 404, 200), draft: onDraft(draftLink) }
  ],
  'DELETE /distributions/{id}': [
    { name: 'of published', request: async () => ({ method: 'DELETE', url: `/distributions/${await linkOf(published.slug)}` }), expect: expect(401, 204, 403, 204) },
    { name: 'of draft', request: async () => ({ method: 'DELETE', url: `/distributions/${await linkOf(draft.slug)}` }), expect: expect(401, 204, 404, 204) }
  ],
  'GET /distributions/{id}/file': [
    { name: 'of published', request: () => get(`/distributions/${publishedFile}/file`), expect: everyone(200) },
    { name: 'of draft', request: () => get(`/distributions/${draftFile}/file`), expect: draftRead, draft: onDraft(draftFile) },
    { name: 'HEAD of draft', request: () => ({ method: 'HEAD', url: `/distributions/${draftFile}/file` }), expect: draftRead, draft: onDraft(draftFile) },
    { name: 'a range of draft', request: () => ({ ...get(`/distributions/${draftFile}/file`), headers: { range: 'bytes=0-1' } }), expect: expect(404, 206, 404, 206), draft: onDraft(draftFile) }
  ],
  'PUT /distributions/{id}/file': [
    { name: 'of published', request: () => upload(`/distributions/${publishedFile}/file`), expect: expect(401, 200, 403, 200) },
    { name: 'of draft', request: () => upload(`/distributions/${draftFile}/file`), expect: expect(401, 200, 404, 200), draft: onDraft(draftFile) }
  ],

  // Resumable uploads (tus, issue 16): like PUT …/file; a fresh upload session per caller.
  'POST /distributions/{id}/uploads': [
    { name: 'of published', request: () => tus('POST', `/distributions/${publishedFile}/uploads`, { 'upload-length': '3' }), expect: expect(401, 201, 403, 201) },
    { name: 'of draft', request: () => tus('POST', `/distributions/${draftFile}/uploads`, { 'upload-length': '3' }), expect: expect(401, 201, 404, 201), draft: onDraft(draftFile) }
  ],
  // HEAD routes are not in the contract (as for …/file): the tus HEAD is checked here.
  'PATCH /distributions/{id}/uploads/{uploadId}': [
    { name: 'HEAD of published', request: async () => tus('HEAD', await tusUpload(publishedFile)), expect: expect(401, 200, 403, 200) },
    { name: 'HEAD of draft', request: async () => tus('HEAD', await tusUpload(draftFile)), expect: expect(401, 200, 404, 200), draft: onDraft(draftFile) },
    {
      name: 'of published',
      request: async () => ({ ...tus('PATCH', await tusUpload(publishedFile), { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }), payload: 'abc' }),
      expect: expect(401, 204, 403, 204)
    },
    {
      name: 'of draft',
      request: async () => ({ ...tus('PATCH', await tusUpload(draftFile), { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }), payload: 'abc' }),
      expect: expect(401, 204, 404, 204),
      draft: onDraft(draftFile)
    }
  ],
  'DELETE /distributions/{id}/uploads/{uploadId}': [
    { name: 'of published', request: async () => tus('DELETE', await tusUpload(publishedFile)), expect: expect(401, 204, 403, 204) },
    { name: 'of draft', request: async () => tus('DELETE', await tusUpload(draftFile)), expect: expect(401, 204, 404, 204), draft: onDraft(draftFile) }
  ],

  'GET /publishers': [{ name: 'list', request: () => get('/publishers'), expect: everyone(200) }],
  'POST /publishers': [
    { name: 'new', request: () => ({ method: 'POST', url: '/publishers', payload: { id: fresh('publisher'), name: 'New', type: 'LocalAuthority' } }), expect: expect(401, 403, 403, 201) }
  ],
  'GET /publishers/{id}': [{ name: 'A', request: () => get('/publishers/pub-a'), expect: everyone(200) }],
  'PUT /publishers/{id}': [
    { name: 'A', request: () => ({ method: 'PUT', url: '/publishers/pub-a', payload: { name: 'Publisher A', type: 'LocalAuthority' } }), expect: expect(401, 403, 403, 200) }
  ],
  'PATCH /publishers/{id}': [
    { name: 'A', request: () => ({ method: 'PATCH', url: '/publishers/pub-a', payload: { email: 'a@example.org' } }), expect: expect(401, 403, 403, 200) }
  ],
  'DELETE /publishers/{id}': [
    {
      name: 'an empty one',
      request: async () => {
        const id = fresh('publisher')
        await asAdmin('POST', '/publishers', { id, name: 'Doomed', type: 'LocalAuthority' })
        return { method: 'DELETE', url: `/publishers/${id}` }
      },
      expect: expect(401, 403, 403, 204)
    }
  ],
  'GET /publishers/{id}/catalog': [{ name: 'A’s', request: () => get('/publishers/pub-a/catalog'), expect: everyone(200), hidesDrafts: true }],
  'GET /publishers/{id}/catalog.{format}': [{ name: 'A’s', request: () => get('/publishers/pub-a/catalog.nt'), expect: everyone(200), hidesDrafts: true }],

  'GET /datasets/{id}/quality': [
    { name: 'of published', request: () => get(`/datasets/${published.id}/quality`), expect: everyone(200) },
    { name: 'of draft', request: () => get(`/datasets/${draft.id}/quality`), expect: draftRead, draft: onDraft(draft.id) }
  ],
  'POST /quality/check': [
    { name: 'for A', request: () => ({ method: 'POST', url: '/quality/check', payload: { title: 'Checked', publisher: 'pub-a' } }), expect: expect(401, 200, 403, 200) }
  ],
  'GET /publishers/{slug}/quality': [{ name: 'A’s', request: () => get('/publishers/pub-a/quality'), expect: everyone(200), hidesDrafts: true }],

  'GET /licences': [{ name: 'list', request: () => get('/licences'), expect: everyone(200) }],
  'POST /licences': [
    { name: 'new', request: () => ({ method: 'POST', url: '/licences', payload: { id: fresh('licence'), title: 'New licence', open: true } }), expect: expect(401, 403, 403, 201) }
  ],
  'GET /licences/{id}': [{ name: 'CC0', request: () => get('/licences/cc0-1.0'), expect: everyone(200) }],
  'PUT /licences/{id}': [
    { name: 'new', request: () => ({ method: 'PUT', url: `/licences/${fresh('licence')}`, payload: { title: 'New licence', open: true } }), expect: expect(401, 403, 403, 201) }
  ],

  'GET /vocabularies': [{ name: 'list', request: () => get('/vocabularies'), expect: everyone(200) }],
  'GET /vocabularies/{name}': [{ name: 'themes', request: () => get('/vocabularies/data-theme'), expect: everyone(200) }],

  'GET /catalog': [{ name: 'first page', request: () => get('/catalog'), expect: everyone(200), hidesDrafts: true }],
  'GET /catalog.{format}': [{ name: 'first page', request: () => get('/catalog.jsonld'), expect: everyone(200), hidesDrafts: true }],
  'GET /catalog/full.{format}': [{ name: 'whole', request: () => get('/catalog/full.ttl'), expect: everyone(200), hidesDrafts: true }],

  'GET /': [{ name: 'home page', request: () => get('/'), expect: everyone(200), hidesDrafts: true }],
  'GET /sitemap.xml': [{ name: 'sitemap', request: () => get('/sitemap.xml'), expect: everyone(200), hidesDrafts: true }],
  'GET /sitemaps/publishers.xml': [{ name: 'publishers', request: () => get('/sitemaps/publishers.xml'), expect: everyone(200) }],
  'GET /sitemaps/datasets-{block}.xml': [{ name: 'first block', request: () => get('/sitemaps/datasets-0.xml'), expect: everyone(200), hidesDrafts: true }],
  'GET /robots.txt': [{ name: 'robots', request: () => get('/robots.txt'), expect: everyone(200) }],

  'POST /tokens': [
    { name: 'for A', request: () => ({ method: 'POST', url: '/tokens', payload: { name: 'new', publisher: 'pub-a' } }), expect: expect(401, 201, 403, 201) }
  ],
  'GET /tokens': [{ name: 'list', request: () => get('/tokens'), expect: expect(401, 200, 200, 200) }],
  'GET /api': [{ name: 'version', request: () => get('/api'), expect: everyone(200) }],
  'GET /api/3': [{ name: 'version', request: () => get('/api/3'), expect: everyone(200) }],
  'GET /api/3/action/{name}': [
    { name: 'package_search', request: () => ckan('package_search', `?q=${DRAFT_WORD}&facet.field=["tags","organization"]`), expect: everyone(200), hidesDrafts: true },
    { name: 'package_list', request: () => ckan('package_list'), expect: everyone(200), hidesDrafts: true },
    { name: 'current_package_list_with_resources', request: () => ckan('current_package_list_with_resources', '?limit=100'), expect: everyone(200), hidesDrafts: true },
    { name: 'tag_list', request: () => ckan('tag_list'), expect: everyone(200), hidesDrafts: true },
    { name: 'organization_show of A', request: () => ckan('organization_show', '?id=pub-a&include_datasets=true'), expect: everyone(200), hidesDrafts: true },
    { name: 'package_show of a draft', request: () => ckan('package_show', `?id=${draft.id}`), expect: everyone(404), draft: onDraft(draft.id) },
    { name: 'package_show of a draft by name', request: () => ckan('package_show', `?id=${draft.slug}`), expect: everyone(404), draft: onDraft(draft.slug) },
    { name: 'resource_show of a draft’s file', request: () => ckan('resource_show', `?id=${draftFile}`), expect: everyone(404), draft: onDraft(draftFile) }
  ],
  'GET /api/action/{name}': [
    { name: 'package_show', request: () => get(`/api/action/package_show?id=${published.slug}`), expect: everyone(200) },
    { name: 'package_show of a draft', request: () => get(`/api/action/package_show?id=${draft.id}`), expect: everyone(404), draft: onDraft(draft.id) }
  ],
  'POST /api/3/action/{name}': [
    { name: 'package_search', request: () => ckanPost('/api/3/action/package_search', { q: DRAFT_WORD, rows: 10 }), expect: everyone(200), hidesDrafts: true },
    { name: 'package_show of a draft', request: () => ckanPost('/api/3/action/package_show', { id: draft.id }), expect: everyone(404), hidesDrafts: true }
  ],
  'POST /api/action/{name}': [
    { name: 'package_show of a draft', request: () => ckanPost('/api/action/package_show', { id: draft.slug }), expect: everyone(404), hidesDrafts: true }
  ],
  'GET /ckan/dataset/{name}': [
    { name: 'published', request: () => get(`/ckan/dataset/${published.slug}`), expect: everyone(301) },
    { name: 'draft', request: () => get(`/ckan/dataset/${draft.slug}`), expect: everyone(404), draft: onDraft(draft.slug) }
  ],
  'GET /ckan/dataset/{name}/resource/{resource}': [
    { name: 'published link', request: () => get(`/ckan/dataset/${published.slug}/resource/${publishedLink}`), expect: everyone(301) },
    { name: 'draft’s file', request: () => get(`/ckan/dataset/${draft.slug}/resource/${draftFile}`), expect: everyone(404), draft: onDraft(draftFile) }
  ],
  'GET /ckan/dataset/{name}/resource/{resource}/download/{file}': [
    { name: 'published file', request: () => get(`/ckan/dataset/${published.slug}/resource/${publishedFile}/download/data.csv`), expect: everyone(301) },
    { name: 'draft’s file', request: () => get(`/ckan/dataset/${draft.slug}/resource/${draftFile}/download/data.csv`), expect: everyone(404), draft: onDraft(draftFile) }
  ],

  'GET /harvest-sources': [{ name: 'list', request: () => get('/harvest-sources'), expect: expect(401, 200, 200, 200) }],
  'POST /harvest-sources': [{
    name: 'for A',
    request: () => ({ method: 'POST', url: '/harvest-sources', payload: { kind: 'ckan', url: `http://127.0.0.1:9/${fresh('ckan')}`, publisher: 'pub-a', schedule: 'daily' } }),
    expect: expect(401, 201, 403, 201)
  }],
  'GET /harvest-sources/{id}': [{ name: 'A’s', request: () => get(`/harvest-sources/${source}`), expect: expect(401, 200, 404, 200) }],
  'PATCH /harvest-sources/{id}': [{
    name: 'A’s',
    request: () => ({ method: 'PATCH', url: `/harvest-sources/${source}`, headers: { 'content-type': 'application/merge-patch+json' }, payload: { schedule: 'PT6H' } }),
    expect: expect(401, 200, 404, 200)
  }],
  'DELETE /harvest-sources/{id}': [
    { name: 'A’s', request: async () => ({ method: 'DELETE', url: `/harvest-sources/${await sourceOfA()}` }), expect: expect(401, 204, 404, 204) }
  ],
  'POST /harvest-sources/{id}/runs': [
    { name: 'A’s', request: async () => ({ method: 'POST', url: `/harvest-sources/${await sourceOfA()}/runs` }), expect: expect(401, 202, 404, 202) }
  ],
  'GET /harvest-sources/{id}/runs': [{ name: 'A’s', request: () => get(`/harvest-sources/${source}/runs`), expect: expect(401, 200, 404, 200) }],
  'GET /harvest-sources/{id}/runs/{runId}': [{ name: 'A’s', request: () => get(`/harvest-sources/${source}/runs/${run}`), expect: expect(401, 200, 404, 200) }],
  'POST /datasets/{idOrSlug}/detach': [
    { name: 'A’s published', request: () => ({ method: 'POST', url: `/datasets/${published.id}/detach` }), expect: expect(401, 200, 403, 200) },
    { name: 'A’s draft', request: () => ({ method: 'POST', url: `/datasets/${draft.id}/detach` }), expect: expect(401, 200, 404, 200), draft: onDraft(draft.id) }
  ],

  // The change log (issue 17): everyone reads it; drafts' changes only their publisher and admins.
  'GET /changes': [{ name: 'from the start', request: () => get('/changes?limit=500'), expect: everyone(200), hidesDrafts: true }],
  'GET /changes.atom': [{ name: 'feed', request: () => get('/changes.atom'), expect: everyone(200), hidesDrafts: true }],
  'GET /publishers/{id}/changes.atom': [{ name: 'A’s feed', request: () => get('/publishers/pub-a/changes.atom'), expect: everyone(200), hidesDrafts: true }],

  // OAI-PMH (issue 17): public, and never a draft, whoever asks.
  'GET /oai': [{ name: 'list', request: () => get('/oai?verb=ListIdentifiers&metadataPrefix=oai_dc'), expect: everyone(200), hidesDrafts: true }],
  'POST /oai': [{
    name: 'list',
    request: () => ({ method: 'POST', url: '/oai', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'verb=ListRecords&metadataPrefix=dcat_ap' }),
    expect: everyone(200),
    hidesDrafts: true
  }],
  // Webhooks (issue 17): an editor manages its publisher's endpoints; others' answer 404.
  'GET /webhooks': [{ name: 'list', request: () => get('/webhooks'), expect: expect(401, 200, 200, 200) }],
  'POST /webhooks': [{
    name: 'for A',
    request: () => ({ method: 'POST', url: '/webhooks', payload: { url: `http://127.0.0.1:9/${fresh('hook')}`, eventTypes: ['dataset.created'], publisher: 'pub-a' } }),
    expect: expect(401, 201, 403, 201)
  }],
  'GET /webhooks/{id}': [{ name: 'A’s', request: () => get(`/webhooks/${webhook}`), expect: expect(401, 200, 404, 200) }],
  'DELETE /webhooks/{id}': [
    { name: 'A’s', request: async () => ({ method: 'DELETE', url: `/webhooks/${await webhookOfA()}` }), expect: expect(401, 204, 404, 204) }
  ],
  'POST /webhooks/{id}/rotate-secret': [{ name: 'A’s', request: () => ({ method: 'POST', url: `/webhooks/${webhook}/rotate-secret` }), expect: expect(401, 200, 404, 200) }],
  'POST /webhooks/{id}/ping': [{ name: 'A’s', request: () => ({ method: 'POST', url: `/webhooks/${webhook}/ping` }), expect: expect(401, 202, 404, 202) }],
  'GET /webhooks/{id}/deliveries': [{ name: 'A’s', request: () => get(`/webhooks/${webhook}/deliveries`), expect: expect(401, 200, 404, 200) }],
  'POST /webhooks/{id}/deliveries/{deliveryId}/redeliver': [{
    name: 'A’s', request: () => ({ method: 'POST', url: `/webhooks/${webhook}/deliveries/${delivery}/redeliver` }), expect: expect(401, 202, 404, 202)
  }],
  'POST /webhooks/{id}/redeliver': [{
    name: 'A’s',
    request: () => ({ method: 'POST', url: `/webhooks/${webhook}/redeliver`, payload: { since: '2020-01-01T00:00:00Z', until: '2100-01-01T00:00:00Z' } }),
    expect: expect(401, 202, 404, 202)
  }],

  'DELETE /tokens/{id}': [
    { name: 'A’s', request: async () => ({ method: 'DELETE', url: `/tokens/${(await tokenOf({ name: 'doomed', publisher: 'pub-a' })).id}` }), expect: expect(401, 204, 404, 204) }
  ]
}

const mayNotSeeDrafts = (who: Who) => who !== 'editorA' && who !== 'admin'
const idsOfDrafts = [draft.id, draft.slug, draftLink, draftFile, DRAFT_WORD]

t.test('every route of the contract has a row, and every row a route', async t => {
  const contract = Object.entries(app.swagger().paths ?? {})
    .flatMap(([path, operations]) => Object.keys(operations ?? {}).map(method => `${method.toUpperCase()} ${path}`))
  t.same(Object.keys(ROWS).sort(), contract.sort())
})

for (const [route, cases] of Object.entries(ROWS)) {
  t.test(route, async t => {
    for (const c of cases) {
      for (const who of WHO) {
        const request = await c.request()
        const secret = secrets[who]
        const headers: Record<string, string> = { ...request.headers }
        if (secret !== null) headers.authorization = `Bearer ${secret}`
        const res = await app.inject({ ...request, headers } as InjectOptions)
        const label = `${c.name}, ${who}`
        t.equal(res.statusCode, c.expect[who], label)
        if (res.statusCode === 404 && c.draft !== undefined) {
          const missing = await app.inject({ ...request, headers, url: request.url.replace(c.draft.id, c.draft.missing) } as InjectOptions)
          t.equal(missing.statusCode, 404, `${label}: a missing one is 404 too`)
          t.equal(res.headers['content-type'], missing.headers['content-type'], `${label}: same type as a missing one`)
          t.equal(res.body, missing.body.replaceAll(c.draft.missing, c.draft.id), `${label}: same body as a missing one`)
        }
        if (c.hidesDrafts === true && mayNotSeeDrafts(who) && res.statusCode === 200) {
          for (const id of idsOfDrafts) t.notOk(res.body.includes(id), `${label}: no trace of A’s drafts (${id})`)
        }
        if (c.counts !== undefined && mayNotSeeDrafts(who) && res.statusCode === 200) {
          const list = res.json<DatasetListBody>()
          if (c.counts.total !== undefined) t.equal(list.total, c.counts.total, `${label}: drafts are not counted`)
          t.notOk(list.facets?.keyword?.some(facet => facet.value === 'draft'), `${label}: drafts are not in the facets`)
        }
      }
    }
  })
}
