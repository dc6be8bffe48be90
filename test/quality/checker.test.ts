// The URL checker against a loopback HTTP server: 200, 404, a server that never answers, a redirect loop;
// with OUTBOUND_ALLOW_PRIVATE=true, and refusing loopback without it. Then the score follows the checks.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { sql } from 'kysely'
import { buildTestApp } from '../support/build-app.js'
import { editorOf, seedPublisher } from '../routes/datasets-helpers.js'
import { checkDueUrls, DEFAULT_CHECKER_OPTIONS, headUrl, NO_ANSWER, NOT_FETCHABLE } from '../../src/quality/checker.js'
import { rescoreStale } from '../../src/quality/worker.js'
import { guardedFetch } from '../../src/outbound/fetch.js'

const hanging = new Set<import('node:http').ServerResponse>()
const server = createServer((request, response) => {
  if (request.url === '/ok') return response.writeHead(200).end()
  if (request.url === '/missing') return response.writeHead(404).end()
  if (request.url === '/loop') return response.writeHead(302, { location: '/loop' }).end()
  hanging.add(response) // /slow: never answers
})
await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
t.teardown(() => {
  for (const response of hanging) response.destroy()
  server.close()
})
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

const app = await buildTestApp(t, { harvestWorker: false })
await seedPublisher(app, 'ville')
const editor = await editorOf(app, 'ville')
const options = { ...DEFAULT_CHECKER_OPTIONS, timeoutMs: 500, allowPrivate: true }

async function datasetWith (path: string): Promise<string> {
  const created = await app.inject({ method: 'POST', url: '/datasets', headers: editor, payload: { title: `Links ${path}` } })
  const { id } = created.json()
  await app.inject({ method: 'POST', url: `/datasets/${id}/distributions`, headers: editor, payload: { title: path, downloadUrl: `${base}${path}` } })
  return id
}

const score = async (id: string) => (await app.inject({ method: 'GET', url: `/datasets/${id}/quality` })).json()
const checks = async () => (await sql<{ url: string, status: number, detail: string | null }>`
  SELECT url, status, detail FROM quality_url_checks ORDER BY url`.execute(app.db)).rows

t.test('HEAD on each URL with piveau\'s status mapping, then the scores follow', async t => {
  const ok = await datasetWith('/ok')
  const ids = [ok, await datasetWith('/missing'), await datasetWith('/slow'), await datasetWith('/loop')]
  // Scoring registers the URLs: until checked they are "not yet checked".
  for (const id of ids) t.match((await score(id)).indicators[4], { metric: 'accessUrlStatusCode', state: 'unchecked' })
  t.equal(await checkDueUrls(app.db, options), 4)
  const byPath = Object.fromEntries((await checks()).map(c => [c.url.slice(base.length), c]))
  t.match(byPath['/ok'], { status: 200, detail: null })
  t.match(byPath['/missing'], { status: 404 })
  t.match(byPath['/slow'], { status: NO_ANSWER, detail: /no answer within/ })
  t.match(byPath['/loop'], { status: NO_ANSWER, detail: /redirect loop/ })
  t.equal(await checkDueUrls(app.db, options), 0, 'nothing due until the re-check time')

  // Changed statuses made the datasets stale; the job rescores them.
  t.ok(await rescoreStale(app.db, app.feedConfig) >= 4)
  // Minimal dataset: download URL 20 + access rights 15 + publisher 10 + modified 5 = 50; + access 50 + download 30 when 2xx.
  t.match(await score(ok), { score: 130, pending: true })
  const missing = await score(ids[1]!)
  t.match(missing, { score: 50 })
  t.match(missing.indicators[4], { state: 'missed', detail: 'HTTP 404', hint: /→ \+50$/ })
})

t.test('loopback is refused without OUTBOUND_ALLOW_PRIVATE', async t => {
  await sql`UPDATE quality_url_checks SET next_check_at = now()`.execute(app.db)
  t.equal(await checkDueUrls(app.db, { ...options, allowPrivate: false }), 4)
  for (const check of await checks()) t.match(check, { status: NOT_FETCHABLE, detail: /loopback/ })
  const fetch = guardedFetch({ allowPrivate: false })
  t.match(await headUrl(fetch, 'ftp://example.org/x', 100), { status: NOT_FETCHABLE })
  t.match(await headUrl(fetch, 'not a url', 100), { status: NOT_FETCHABLE })
  await fetch.close()
})

t.test('a connection refused is no answer (1100)', async t => {
  const closed = createServer()
  await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
  const port = (closed.address() as AddressInfo).port
  await new Promise(resolve => closed.close(resolve))
  const fetch = guardedFetch({ allowPrivate: true })
  t.match(await headUrl(fetch, `http://127.0.0.1:${port}/`, 1000), { status: NO_ANSWER, detail: /could not connect/ })
  await fetch.close()
})

t.test('the quality job: a pass rescores stale datasets and checks due URLs; an app with QUALITY_WORKER runs one', async t => {
  const { QualityWorker } = await import('../../src/quality/worker.js')
  const id = await datasetWith('/ok')
  const worker = new QualityWorker({ db: app.db, config: app.feedConfig, log: app.log }, 3_600_000, options)
  // The URL was refused (1300) by the previous test: make the checks due again.
  await sql`UPDATE quality_url_checks SET next_check_at = now()`.execute(app.db)
  await worker.tick()
  const { rows } = await sql<{ stale: boolean, score: number }>`SELECT stale, score FROM dataset_quality WHERE dataset_id = ${id}`.execute(app.db)
  // Scored 50 first (URL refused), then 200 again made it stale and the same pass rescored it: download 20 + access 50 + download 30 + 15 + 10 + 5 = 130.
  t.same(rows, [{ stale: false, score: 130 }])
  worker.start()
  await worker.stop()

  const withWorker = await buildTestApp(t, { harvestWorker: false, qualityWorker: true, qualityPollSeconds: 3600 })
  await withWorker.ready()
  await withWorker.close()
})
