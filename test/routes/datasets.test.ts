import t from 'tap'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { findDataset } from '../../src/db/datasets.js'
import { toDatasetDto } from '../../src/dto/dataset.js'
import { editorOf, seedPublisher } from './datasets-helpers.js'

const app = await buildTestApp(t)
await seedPublisher(app, 'metropole')
await seedPublisher(app, 'ville')
const METRO = await editorOf(app, 'metropole')
const VILLE = await editorOf(app, 'ville')

t.test('POST /datasets creates a dataset with a generated slug and defaults', async t => {
  const res = await app.inject({ method: 'POST', url: '/datasets', headers: ADMIN, payload: { publisher: 'metropole', title: 'Qualité de l\'air 2025' } })
  t.equal(res.statusCode, 201, res.body)
  const body = res.json()
  const uri = `${PUBLIC_URL}/datasets/${body.id}`
  t.equal(res.headers.location, uri)
  t.match(res.headers.etag, /^"/)
  t.same(body, {
    id: body.id,
    uri,
    slug: 'qualite-de-l-air-2025',
    identifier: uri,
    publisher: 'metropole',
    title: 'Qualité de l\'air 2025',
    description: '',
    keywords: [],
    themes: [],
    licence: null,
    accessRights: 'PUBLIC',
    frequency: null,
    temporal: null,
    spatial: null,
    landingPage: uri,
    contactPoint: null,
    language: [],
    conformsTo: [],
    version: null,
    issued: null,
    modified: body.modified,
    status: 'published',
    distributions: [],
    createdAt: body.createdAt,
    updatedAt: body.updatedAt
  })
  const again = await app.inject({ method: 'POST', url: '/datasets', headers: METRO, payload: { title: 'Qualité de l\'air 2025' } })
  t.equal(again.statusCode, 201, again.body)
  t.equal(again.json().slug, 'qualite-de-l-air-2025-2')
  t.equal(again.json().publisher, 'metropole')
})

const create = async (payload: Record<string, unknown>, headers: Record<string, string> = ADMIN) => {
  const res = await app.inject({ method: 'POST', url: '/datasets', headers, payload: { publisher: 'metropole', ...payload } })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json()
}

t.test('POST /datasets keeps every field it is given', async t => {
  const payload = {
    slug: 'arrets-de-bus',
    identifier: 'https://old.example.org/dataset/arrets',
    title: 'Arrêts de bus',
    description: 'Tous les **arrêts**.',
    keywords: ['bus', 'transport'],
    themes: ['TRAN'],
    licence: 'etalab-2.0',
    accessRights: 'RESTRICTED',
    frequency: 'MONTHLY',
    temporal: { start: '2025-01-01', end: '2025-12-31' },
    spatial: { bbox: [4.77, 45.7, 4.9, 45.81], uri: 'https://www.geonames.org/2996944' },
    landingPage: 'https://portal.example.org/arrets',
    contactPoint: { name: 'Service données', email: 'data@example.org', url: 'https://example.org/contact' },
    language: ['FRA'],
    conformsTo: ['https://gtfs.org/schedule/reference/'],
    version: '2025.1',
    issued: '2025-01-02T03:04:05.000Z',
    status: 'published'
  }
  const body = await create(payload)
  const { slug, ...rest } = payload
  t.match(body, { ...rest, slug, publisher: 'metropole', distributions: [] })
  t.same(body.spatial, payload.spatial)
  t.same(body.contactPoint, payload.contactPoint)
})

t.test('POST /datasets refuses bad input with precise problems', async t => {
  const post = (payload: unknown, headers: Record<string, string> = ADMIN) => app.inject({ method: 'POST', url: '/datasets', headers, payload: payload as object })
  const anonymous = await app.inject({ method: 'POST', url: '/datasets', payload: { title: 'x' } })
  t.equal(anonymous.statusCode, 401)
  t.match(anonymous.headers['content-type'], /^application\/problem\+json/)

  const unknown = await post({ publisher: 'metropole', title: 'x', colour: 'red' })
  t.equal(unknown.statusCode, 400)
  t.same(unknown.json().errors, [{ path: 'body/colour', message: 'is not a known property' }])

  const noTitle = await post({ publisher: 'metropole' })
  t.equal(noTitle.statusCode, 400)
  t.same(noTitle.json().errors, [{ path: 'body/title', message: 'must have required property \'title\'' }])

  for (const [payload, path] of [
    [{ title: 'x', landingPage: 'ftp://example.org/x' }, 'body/landingPage'],
    [{ title: 'x', slug: 'Pas Un Slug' }, 'body/slug'],
    [{ title: 'x', spatial: { bbox: [200, 0, 10, 10] } }, 'body/spatial/bbox/0'],
    [{ title: 'x', spatial: { bbox: [1, 2, 3] } }, 'body/spatial/bbox'],
    [{ title: 'x', temporal: { start: '2025-13-01' } }, 'body/temporal/start'],
    [{ title: 'x', accessRights: 'OPEN' }, 'body/accessRights']
  ] as const) {
    const res = await post({ publisher: 'metropole', ...payload })
    t.equal(res.statusCode, 400, path)
    t.equal(res.json().errors[0].path, path)
  }

  const refs = await post({ publisher: 'nobody', title: 'x', licence: 'nope', themes: ['TRAN', 'XXXX'], frequency: 'SOMETIMES', language: ['ZZZ'], temporal: { start: '2025-02-01', end: '2025-01-01' }, spatial: { bbox: [0, 50, 1, 40] } })
  const latitude = await post({ publisher: 'metropole', title: 'x', spatial: { bbox: [0, -95, 1, 40] } })
  t.same(latitude.json().errors, [{ path: 'body/spatial/bbox/1', message: 'must be a latitude between -90 and 90' }])
  t.equal(refs.statusCode, 422)
  t.same(refs.json().errors.map((e: { path: string }) => e.path), [
    'body/publisher', 'body/licence', 'body/themes/1', 'body/language/0', 'body/frequency', 'body/temporal/end', 'body/spatial/bbox'
  ])

  const noPublisher = await post({ title: 'x' })
  t.equal(noPublisher.statusCode, 422)
  t.same(noPublisher.json().errors, [{ path: 'body/publisher', message: 'is required with an admin token' }])

  const foreign = await post({ publisher: 'ville', title: 'x' }, METRO)
  t.equal(foreign.statusCode, 403)

  await create({ slug: 'pris', title: 'Pris' })
  const taken = await post({ publisher: 'metropole', slug: 'pris', title: 'Encore' })
  t.equal(taken.statusCode, 409)
})

t.test('GET /datasets/{idOrSlug} by id or slug, with validators and 304', async t => {
  const created = await create({ title: 'Parkings relais', slug: 'parkings-relais' })
  const byId = await app.inject(`/datasets/${created.id}`)
  t.equal(byId.statusCode, 200)
  t.same(byId.json(), created)
  t.equal(byId.headers.etag, (await app.inject('/datasets/parkings-relais')).headers.etag)
  t.match(byId.headers.vary, /Accept/)
  t.equal(byId.headers['last-modified'], new Date(created.updatedAt).toUTCString())

  const cached = await app.inject({ url: '/datasets/parkings-relais', headers: { 'if-none-match': byId.headers.etag as string } })
  t.equal(cached.statusCode, 304)
  t.equal(cached.body, '')
  const since = await app.inject({ url: '/datasets/parkings-relais', headers: { 'if-modified-since': new Date(Date.now() + 60_000).toUTCString() } })
  t.equal(since.statusCode, 304)
  const stale = await app.inject({ url: '/datasets/parkings-relais', headers: { 'if-none-match': '"other"' } })
  t.equal(stale.statusCode, 200)

  const missing = await app.inject('/datasets/nothing-here')
  t.equal(missing.statusCode, 404)
  t.same(missing.json(), {
    type: 'urn:bastille:problem:not-found',
    title: 'Not Found',
    status: 404,
    detail: 'Dataset nothing-here not found',
    instance: '/datasets/nothing-here'
  })
  t.equal((await app.inject('/datasets/00000000-0000-4000-8000-000000000000')).statusCode, 404)

  const turtle = await app.inject('/datasets/parkings-relais.ttl')
  t.equal(turtle.statusCode, 200)
  t.match(turtle.headers['content-type'], /^text\/turtle/)
  const negotiated = await app.inject({ url: '/datasets/parkings-relais', headers: { accept: 'application/ld+json' } })
  t.match(negotiated.headers['content-type'], /^application\/ld\+json/)
})

t.test('PUT /datasets/{slug} creates, then replaces idempotently', async t => {
  const payload = { publisher: 'metropole', title: 'Horaires', keywords: ['bus'], themes: ['TRAN'], licence: 'etalab-2.0' }
  const first = await app.inject({ method: 'PUT', url: '/datasets/horaires', headers: ADMIN, payload })
  t.equal(first.statusCode, 201)
  t.equal(first.json().slug, 'horaires')
  t.equal(first.headers.location, first.json().uri)

  const second = await app.inject({ method: 'PUT', url: '/datasets/horaires', headers: ADMIN, payload })
  t.equal(second.statusCode, 200)
  t.same(second.json(), first.json(), 'nothing changes, modified and updatedAt included')
  t.equal(second.headers.etag, first.headers.etag)
  const history = await app.db.selectFrom('dataset_changes').select('action').where('dataset_id', '=', first.json().id).execute()
  t.same(history.map(h => h.action), ['dataset.created'])

  const changed = await app.inject({ method: 'PUT', url: `/datasets/${first.json().id as string}`, headers: ADMIN, payload: { ...payload, title: 'Horaires théoriques' } })
  t.equal(changed.statusCode, 200)
  t.equal(changed.json().title, 'Horaires théoriques')
  t.equal(changed.json().keywords.length, 1)
  t.not(changed.json().modified, first.json().modified)
  const replaced = await app.inject({ method: 'PUT', url: '/datasets/horaires', headers: METRO, payload: { title: 'Horaires' } })
  t.equal(replaced.statusCode, 200)
  t.same(replaced.json().keywords, [], 'PUT replaces the whole dataset')
  t.equal(replaced.json().publisher, 'metropole')
  const actions = await app.db.selectFrom('dataset_changes').select(['action', 'summary']).where('dataset_id', '=', first.json().id).orderBy('id').execute()
  t.same(actions.map(a => a.action), ['dataset.created', 'dataset.updated', 'dataset.updated'])
  t.same(actions[1]?.summary, { fields: ['title'] })
})

t.test('PUT failures: If-Match, rights, unknown ids, slug mismatch', async t => {
  const created = await create({ title: 'Vélos', slug: 'velos' })
  const put = (url: string, payload: object, headers: Record<string, string>) => app.inject({ method: 'PUT', url, headers, payload })
  t.equal((await put('/datasets/velos', { title: 'Vélos' }, { ...ADMIN, 'if-match': '"stale"' })).statusCode, 412)
  const current = await app.inject('/datasets/velos')
  const ok = await put('/datasets/velos', { title: 'Vélos en libre service' }, { ...METRO, 'if-match': current.headers.etag as string })
  t.equal(ok.statusCode, 200)
  t.equal((await put('/datasets/velos', { title: 'x' }, { ...METRO, 'if-match': current.headers.etag as string })).statusCode, 412, 'the old ETag is stale now')
  t.equal((await put('/datasets/velos', { title: 'x' }, VILLE)).statusCode, 403)
  t.equal((await put('/datasets/velos', { title: 'x', publisher: 'ville' }, METRO)).statusCode, 403)
  t.equal((await put('/datasets/velos', { title: 'x' }, {})).statusCode, 401)
  t.equal((await put('/datasets/00000000-0000-4000-8000-000000000000', { title: 'x' }, ADMIN)).statusCode, 404)
  t.equal((await put('/datasets/nouveau', { title: 'x', slug: 'autre' }, METRO)).statusCode, 422)
  t.equal((await put('/datasets/nouveau', { title: 'x' }, { ...METRO, 'if-match': '*' })).statusCode, 412)
  t.equal((await put('/datasets/Majuscules', { title: 'x' }, METRO)).statusCode, 400)
  await create({ title: 'Autre', slug: 'autre-velos' })
  t.equal((await put(`/datasets/${created.id as string}`, { title: 'x', slug: 'autre-velos' }, ADMIN)).statusCode, 409)
})

t.test('PATCH /datasets/{idOrSlug} applies a JSON merge patch', async t => {
  await create({ title: 'Trottoirs', slug: 'trottoirs', keywords: ['voirie'], temporal: { start: '2025-01-01', end: '2025-06-30' }, contactPoint: { name: 'Voirie', email: 'voirie@example.org' } })
  const patch = (payload: object, headers: Record<string, string> = METRO, type = 'application/merge-patch+json') =>
    app.inject({ method: 'PATCH', url: '/datasets/trottoirs', headers: { ...headers, 'content-type': type }, payload: JSON.stringify(payload) })
  const res = await patch({ keywords: ['voirie', 'piéton'], temporal: { end: null }, contactPoint: { email: null }, description: 'Largeurs' })
  t.equal(res.statusCode, 200)
  t.match(res.json(), {
    title: 'Trottoirs',
    keywords: ['voirie', 'piéton'],
    temporal: { start: '2025-01-01', end: null },
    contactPoint: { name: 'Voirie', email: null, url: null },
    description: 'Largeurs'
  })
  const plain = await patch({ temporal: null, contactPoint: null }, METRO, 'application/json')
  t.equal(plain.statusCode, 200)
  t.match(plain.json(), { temporal: null, contactPoint: null, keywords: ['voirie', 'piéton'] })
  const same = await patch({ temporal: null })
  t.equal(same.json().modified, plain.json().modified, 'a patch that changes nothing keeps modified')

  t.equal((await patch({ title: null })).statusCode, 400)
  t.equal((await patch({ unknown: 1 })).statusCode, 400)
  t.equal((await patch({ themes: ['NOPE'] })).statusCode, 422)
  t.equal((await patch({ title: 'x' }, { ...METRO, 'if-match': '"stale"' })).statusCode, 412)
  t.equal((await patch({ title: 'x' }, METRO, 'application/xml')).statusCode, 415)
  t.equal((await patch({ title: 'x' }, VILLE)).statusCode, 403)
  t.equal((await app.inject({ method: 'PATCH', url: '/datasets/absent', headers: ADMIN, payload: {} })).statusCode, 404)
})

t.test('DELETE /datasets/{idOrSlug} hides the dataset and frees its slug; GET then answers 410', async t => {
  const created = await create({ title: 'Éphémère', slug: 'ephemere' })
  t.equal((await app.inject({ method: 'DELETE', url: '/datasets/ephemere', headers: VILLE })).statusCode, 403)
  t.equal((await app.inject({ method: 'DELETE', url: '/datasets/ephemere', headers: { ...ADMIN, 'if-match': '"stale"' } })).statusCode, 412)
  t.equal((await app.inject({ method: 'DELETE', url: '/datasets/ephemere' })).statusCode, 401)
  const res = await app.inject({ method: 'DELETE', url: '/datasets/ephemere', headers: METRO })
  t.equal(res.statusCode, 204)
  t.equal(res.body, '')
  for (const url of ['/datasets/ephemere', `/datasets/${created.id as string}`, '/datasets/ephemere/distributions']) {
    const gone = await app.inject(url)
    t.equal(gone.statusCode, 410, url)
    t.equal(gone.json().title, 'Gone')
  }
  t.equal((await app.inject({ method: 'DELETE', url: '/datasets/ephemere', headers: METRO })).statusCode, 410)
  const list = await app.inject('/datasets?limit=100')
  t.notOk(list.json().items.some((d: { id: string }) => d.id === created.id))
  const reborn = await app.inject({ method: 'PUT', url: '/datasets/ephemere', headers: METRO, payload: { title: 'Éphémère' } })
  t.equal(reborn.statusCode, 201)
  t.not(reborn.json().id, created.id)
})

t.test('drafts are seen only by their publisher and admins', async t => {
  const draft = await create({ title: 'Brouillon', slug: 'brouillon', status: 'draft' }, METRO)
  for (const [headers, status] of [[{}, 404], [VILLE, 404], [METRO, 200], [ADMIN, 200]] as const) {
    t.equal((await app.inject({ url: `/datasets/${draft.id as string}`, headers })).statusCode, status)
    t.equal((await app.inject({ url: '/datasets/brouillon.ttl', headers })).statusCode, status)
  }
  t.equal((await app.inject({ method: 'PATCH', url: '/datasets/brouillon', headers: VILLE, payload: { title: 'x' } })).statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url: '/datasets/brouillon', headers: VILLE })).statusCode, 404)
  t.equal((await app.inject({ method: 'PUT', url: '/datasets/brouillon', headers: VILLE, payload: { title: 'x' } })).statusCode, 404)
  const published = await app.inject({ method: 'PATCH', url: '/datasets/brouillon', headers: METRO, payload: { status: 'published' } })
  t.equal(published.json().status, 'published')
  t.equal((await app.inject('/datasets/brouillon')).statusCode, 200)
})

t.test('the landing page follows the configured template', async t => {
  const res = await app.inject({ method: 'PUT', url: '/datasets/modele', headers: METRO, payload: { title: 'Modèle' } })
  const row = (await findDataset(app.db, 'modele'))!
  const dto = toDatasetDto(row, [], { publicUrl: PUBLIC_URL, landingPageTemplate: 'https://portal.example.org/datasets/{slug}' })
  t.equal(dto.landingPage, 'https://portal.example.org/datasets/modele')
  t.equal(res.json().landingPage, res.json().uri, 'without a template, the dataset URI')
})
