// A harvest run over HTTP against a town's DCAT catalogue on loopback (OUTBOUND_ALLOW_PRIVATE=true since
// it is loopback): it imports into the source's publisher, and a later run after the town withdrew a
// dataset for two runs in a row turns that dataset back into a draft.
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { editorOf, seedPublisher } from '../routes/datasets-helpers.js'
import { serveDcatSource } from './dcat-source.js'

/** Polls a run until it has ended (bounded). */
async function ended (app: FastifyInstance, location: string, headers: Record<string, string>): Promise<any> {
  const path = new URL(location).pathname
  for (let i = 0; i < 600; i++) {
    const run = (await app.inject({ url: path, headers })).json()
    if (run.status === 'succeeded' || run.status === 'failed') return run
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error(`run ${path} did not end`)
}

t.test('runs queued over HTTP import, then unpublish what the source withdrew', async t => {
  const app = await buildTestApp(t, { outboundAllowPrivate: true, harvestPollSeconds: 3600 })
  await seedPublisher(app, 'ville-a')
  await seedPublisher(app, 'ville-b')
  const editor = await editorOf(app, 'ville-a')
  const stranger = await editorOf(app, 'ville-b')
  const town = await serveDcatSource(t, [{ identifier: 'arbres', title: 'Arbres' }, { identifier: 'bancs', title: 'Bancs publics' }])
  const source = (await app.inject({ method: 'POST', url: '/harvest-sources', headers: editor, payload: { kind: 'dcat', url: town.url, schedule: 'manual' } })).json()

  t.equal((await app.inject({ method: 'POST', url: `/harvest-sources/${source.id}/runs` })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: `/harvest-sources/${source.id}/runs`, headers: stranger })).statusCode, 404)
  const queued = await app.inject({ method: 'POST', url: `/harvest-sources/${source.id}/runs`, headers: editor })
  t.equal(queued.statusCode, 202)
  t.match(queued.json(), { source: source.id, trigger: 'manual', status: /queued|running/, report: null })
  const first = await ended(app, queued.headers.location as string, editor)
  t.match(first, { status: 'succeeded', attempts: 1, error: null, startedAt: String, finishedAt: String })
  t.match(first.report, { completed: true, created: { dataset: 2 }, vanished: [], unpublished: [] })
  t.equal(first.report.seen.length, 2)

  const listed = (await app.inject({ url: '/datasets?publisher=ville-a' })).json()
  t.same(listed.items.map((d: { title: string }) => d.title).sort(), ['Arbres', 'Bancs publics'], 'published in the source\'s publisher')
  const bancs = listed.items.find((d: { title: string }) => d.title === 'Bancs publics')
  t.equal((await app.inject({ method: 'PATCH', url: `/datasets/${bancs.id}`, headers: editor, payload: { title: 'Bancs' } })).statusCode, 409, 'harvested: no hand edit')

  town.datasets = town.datasets.filter(d => d.identifier !== 'bancs')
  const again = await app.inject({ method: 'POST', url: `/harvest-sources/${source.id}/runs`, headers: ADMIN })
  const missingOnce = await ended(app, again.headers.location as string, editor)
  t.match(missingOnce, { status: 'succeeded', trigger: 'manual', force: false })
  t.match(missingOnce.report, { completed: true, vanished: [bancs.id], unpublished: [], missing: { [bancs.id]: 1 } })
  t.equal((await app.inject({ url: `/datasets/${bancs.id}` })).statusCode, 200, 'missing once: still published (HARVEST_WITHDRAW_AFTER_RUNS is 2)')
  const second = await ended(app, (await app.inject({ method: 'POST', url: `/harvest-sources/${source.id}/runs`, headers: ADMIN })).headers.location as string, editor)
  t.match(second, { status: 'succeeded', trigger: 'manual' })
  t.match(second.report, { completed: true, unchanged: { dataset: 1 }, vanished: [bancs.id], unpublished: [bancs.id], missing: {} })
  t.equal((await app.inject({ url: `/datasets/${bancs.id}` })).statusCode, 404, 'withdrawn: a draft, hidden from the public')
  t.equal((await app.inject({ url: `/datasets/${bancs.id}`, headers: editor })).json().status, 'draft')
  t.same((await app.inject({ url: '/datasets?publisher=ville-a' })).json().items.map((d: { title: string }) => d.title), ['Arbres'])

  const arbres = (await app.inject({ url: '/datasets?publisher=ville-a' })).json().items[0]
  t.equal((await app.inject({ method: 'POST', url: `/datasets/${arbres.id}/detach`, headers: editor })).statusCode, 200)
  t.equal((await app.inject({ method: 'PATCH', url: `/datasets/${arbres.id}`, headers: editor, payload: { title: 'Arbres de la ville' } })).statusCode, 200)
  town.datasets = []
  const third = await ended(app, (await app.inject({ method: 'POST', url: `/harvest-sources/${source.id}/runs`, headers: editor })).headers.location as string, editor)
  t.equal(third.report.completed, true)
  t.ok(third.report.vanished.includes(arbres.id), 'the source withdrew it')
  t.same(third.report.unpublished, [], 'a detached dataset is not unpublished')
  t.same(third.report.missing, {}, '…nor counted missing')
  t.match((await app.inject({ url: `/datasets/${arbres.id}` })).json(), { status: 'published', title: 'Arbres de la ville' })
  t.equal((await app.inject({ method: 'PATCH', url: `/datasets/${arbres.id}`, headers: editor, payload: { version: '2' } })).statusCode, 200, 'nor claimed back')

  const runs = (await app.inject({ url: `/harvest-sources/${source.id}/runs`, headers: editor })).json()
  t.equal(runs.total, 4)
  t.same(runs.items.map((r: { id: string }) => r.id), [third.id, second.id, missingOnce.id, first.id], 'newest first')
  t.equal((await app.inject({ url: `/harvest-sources/${source.id}/runs?limit=0`, headers: editor })).statusCode, 400)
  t.equal((await app.inject({ url: `/harvest-sources/${source.id}/runs/${first.id}`, headers: stranger })).statusCode, 404)
  t.equal((await app.inject({ url: `/harvest-sources/${source.id}/runs/00000000-0000-4000-8000-000000000000`, headers: editor })).statusCode, 404)
})

t.test('with the guard on, a source that resolves to loopback fails at fetch time too', async t => {
  const app = await buildTestApp(t, { harvestPollSeconds: 3600 })
  await seedPublisher(app, 'ville-a')
  const town = await serveDcatSource(t, [{ identifier: 'arbres', title: 'Arbres' }])
  // Registered while private addresses were allowed, or its DNS changed since: the fetch checks again.
  const row = await app.db.insertInto('harvest_sources')
    .values({ publisher_id: 'ville-a', kind: 'dcat', url: town.url.replace('127.0.0.1', 'localhost'), schedule: 'manual', interval_seconds: null })
    .returning('id').executeTakeFirstOrThrow()
  const queued = await app.inject({ method: 'POST', url: `/harvest-sources/${row.id}/runs`, headers: ADMIN })
  const run = await ended(app, queued.headers.location as string, ADMIN)
  t.equal(run.status, 'failed')
  t.match(run.error, /localhost resolves to .*loopback address/)
  t.equal(town.requests.length, 0, 'the town\'s server saw no request')
})
