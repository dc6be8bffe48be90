// /harvest-sources: registration validation, the outbound guard at registration, and who sees and
// manages which sources (an editor only its publisher's; others' answer 404).
import t from 'tap'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { editorOf, seedPublisher } from '../routes/datasets-helpers.js'

const PUBLIC = 'https://93.184.215.14/catalog.ttl'

t.test('registration, validation and permissions with the outbound guard on', async t => {
  const app = await buildTestApp(t, { harvestWorker: false })
  await seedPublisher(app, 'ville-a')
  await seedPublisher(app, 'ville-b')
  const editorA = await editorOf(app, 'ville-a')
  const editorB = await editorOf(app, 'ville-b')
  const post = (headers: Record<string, string>, payload: unknown) => app.inject({ method: 'POST', url: '/harvest-sources', headers, payload: payload as object })

  t.equal((await post({}, { kind: 'dcat', url: PUBLIC, schedule: 'daily' })).statusCode, 401, 'anonymous')
  t.equal((await app.inject({ url: '/harvest-sources' })).statusCode, 401, 'anonymous list')

  const created = await post(editorA, { kind: 'dcat', url: PUBLIC, schedule: 'daily' })
  t.equal(created.statusCode, 201)
  const source = created.json()
  t.match(source, { publisher: 'ville-a', kind: 'dcat', url: PUBLIC, schedule: 'daily', nextRunAt: String })
  t.equal(created.headers.location, `https://data.example.org/harvest-sources/${source.id}`)
  t.ok(created.headers.etag)

  const forbidden = await post(editorA, { kind: 'ckan', url: 'https://93.184.215.15/', publisher: 'ville-b', schedule: 'daily' })
  t.equal(forbidden.statusCode, 403, 'an editor registers for its own publisher only')
  t.equal(forbidden.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal((await post(ADMIN, { kind: 'ckan', url: 'https://93.184.215.15/', schedule: 'daily' })).statusCode, 400, 'an admin names the publisher')
  t.equal((await post(ADMIN, { kind: 'ckan', url: 'https://93.184.215.15/', publisher: 'nowhere', schedule: 'daily' })).statusCode, 422)
  t.equal((await post(editorB, { kind: 'dcat', url: PUBLIC, schedule: 'PT6H' })).statusCode, 409, 'one source per URL')

  const bad: Array<[unknown, string]> = [
    [{ kind: 'dcat', url: PUBLIC, schedule: 'sometimes' }, 'body/schedule'],
    [{ kind: 'dcat', url: PUBLIC, schedule: 'PT5M' }, 'body/schedule'],
    [{ kind: 'dcat', url: PUBLIC, schedule: 'P40D' }, 'body/schedule'],
    [{ kind: 'dcat', url: PUBLIC, schedule: 'P' }, 'body/schedule'],
    [{ kind: 'oai', url: PUBLIC, schedule: 'daily' }, '/kind'],
    [{ kind: 'dcat', url: 'ftp://93.184.215.14/', schedule: 'daily' }, '/url'],
    [{ kind: 'dcat', url: PUBLIC, schedule: 'daily', extra: 1 }, ''],
    [{ kind: 'dcat', url: 'http://127.0.0.1:8080/catalog', schedule: 'daily' }, 'body/url'],
    [{ kind: 'dcat', url: 'http://2130706433/catalog', schedule: 'daily' }, 'body/url'],
    [{ kind: 'dcat', url: 'http://[::ffff:169.254.169.254]/latest', schedule: 'daily' }, 'body/url'],
    [{ kind: 'dcat', url: 'http://192.168.1.10/', schedule: 'daily' }, 'body/url'],
    [{ kind: 'ckan', url: 'http://localhost:5000/', schedule: 'daily' }, 'body/url']
  ]
  for (const [payload, path] of bad) {
    const response = await post(editorA, payload)
    t.equal(response.statusCode, 400, JSON.stringify(payload))
    t.match(response.json(), { status: 400, errors: [{ path: new RegExp(path.replace('/', '\\/')) }] })
  }
  const loopback = (await post(editorA, { kind: 'ckan', url: 'http://localhost:5000/', schedule: 'daily' })).json()
  t.match(loopback.detail, /localhost resolves to .* a loopback address/, 'the reason is given')

  t.test('an editor sees and manages only its own sources', async t => {
    t.same((await app.inject({ url: '/harvest-sources', headers: editorB })).json(), { items: [], total: 0 })
    t.equal((await app.inject({ url: '/harvest-sources', headers: editorA })).json().total, 1)
    t.equal((await app.inject({ url: '/harvest-sources', headers: ADMIN })).json().total, 1)
    for (const [method, url] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['POST', '/runs'], ['GET', '/runs']] as const) {
      const response = await app.inject({ method, url: `/harvest-sources/${source.id}${url}`, headers: editorB, ...(method === 'PATCH' ? { payload: { schedule: 'weekly' } } : {}) })
      t.equal(response.statusCode, 404, `${method} ${url} by another publisher`)
    }
    t.equal((await app.inject({ url: `/harvest-sources/${source.id}` })).statusCode, 401)
    t.equal((await app.inject({ url: '/harvest-sources/not-a-uuid', headers: editorA })).statusCode, 400)
  })

  t.test('read with validators, patch under If-Match, delete', async t => {
    const read = await app.inject({ url: `/harvest-sources/${source.id}`, headers: editorA })
    t.same(read.json(), source)
    t.equal((await app.inject({ url: `/harvest-sources/${source.id}`, headers: { ...editorA, 'if-none-match': read.headers.etag as string } })).statusCode, 304)
    const stale = await app.inject({ method: 'PATCH', url: `/harvest-sources/${source.id}`, headers: { ...editorA, 'if-match': '"stale"' }, payload: { schedule: 'weekly' } })
    t.equal(stale.statusCode, 412)
    t.equal((await app.inject({ method: 'PATCH', url: `/harvest-sources/${source.id}`, headers: editorA, payload: { url: 'http://10.0.0.1/' } })).statusCode, 400)
    t.equal((await app.inject({ method: 'PATCH', url: `/harvest-sources/${source.id}`, headers: editorA, payload: { publisher: 'ville-b' } })).statusCode, 400)
    const patched = await app.inject({
      method: 'PATCH',
      url: `/harvest-sources/${source.id}`,
      headers: { ...editorA, 'if-match': read.headers.etag as string, 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ schedule: 'manual' })
    })
    t.equal(patched.statusCode, 200)
    t.match(patched.json(), { schedule: 'manual', nextRunAt: null })
    const again = await app.inject({ method: 'PATCH', url: `/harvest-sources/${source.id}`, headers: editorA, payload: { schedule: 'manual' } })
    t.equal(again.json().updatedAt, patched.json().updatedAt, 'an unchanged patch writes nothing')
    const rescheduled = (await app.inject({ method: 'PATCH', url: `/harvest-sources/${source.id}`, headers: editorA, payload: { schedule: 'PT6H' } })).json()
    t.type(rescheduled.nextRunAt, 'string', 'a schedule makes it due')

    const otherUrl = (await post(editorA, { kind: 'ckan', url: 'https://93.184.215.20/', schedule: 'manual' })).json().url
    t.equal((await app.inject({ method: 'PATCH', url: `/harvest-sources/${source.id}`, headers: editorA, payload: { url: otherUrl } })).statusCode, 409, 'URL of another source')

    const queued = await app.inject({ method: 'POST', url: `/harvest-sources/${source.id}/runs`, headers: editorA })
    t.equal(queued.statusCode, 202)
    const twice = await app.inject({ method: 'POST', url: `/harvest-sources/${source.id}/runs`, headers: editorA })
    t.equal(twice.statusCode, 202)
    t.equal(twice.json().id, queued.json().id, 'a run already waiting is answered, not doubled')
    await app.db.updateTable('harvest_runs').set({ status: 'running', worker: 'a-node' }).where('id', '=', queued.json().id).execute()
    t.equal((await app.inject({ method: 'DELETE', url: `/harvest-sources/${source.id}`, headers: editorA })).statusCode, 409, 'not while a run is in progress')
    await app.db.updateTable('harvest_runs').set({ status: 'failed' }).where('id', '=', queued.json().id).execute()

    t.equal((await app.inject({ method: 'DELETE', url: `/harvest-sources/${source.id}`, headers: { ...editorA, 'if-match': '"stale"' } })).statusCode, 412)
    t.equal((await app.inject({ method: 'DELETE', url: `/harvest-sources/${source.id}`, headers: editorA })).statusCode, 204)
    t.equal((await app.inject({ url: `/harvest-sources/${source.id}`, headers: editorA })).statusCode, 404)
  })
})

t.test('OUTBOUND_ALLOW_PRIVATE=true accepts loopback and private sources', async t => {
  const app = await buildTestApp(t, { harvestWorker: false, outboundAllowPrivate: true })
  await seedPublisher(app, 'ville-a')
  for (const url of ['http://127.0.0.1:8080/catalog', 'http://localhost:5000/', 'http://192.168.1.10/']) {
    const response = await app.inject({ method: 'POST', url: '/harvest-sources', headers: ADMIN, payload: { kind: 'ckan', url, publisher: 'ville-a', schedule: 'manual' } })
    t.equal(response.statusCode, 201, url)
    t.equal(response.json().nextRunAt, null, 'a manual source is never due')
  }
})
