// Withdrawal as a town relies on it: a dataset missing from the source is unpublished only after
// HARVEST_WITHDRAW_AFTER_RUNS (2) runs in a row; a run that would withdraw more than
// HARVEST_WITHDRAW_MAX_SHARE (0.5) of the source withdraws nothing and says so, unless forced; a
// dataset the publisher detached is left as edited, even when the source changes it.
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { buildTestApp } from '../support/build-app.js'
import { editorOf, seedPublisher } from '../routes/datasets-helpers.js'
import { serveDcatSource } from './dcat-source.js'

async function run (app: FastifyInstance, sourceId: string, headers: Record<string, string>, query = ''): Promise<any> {
  const queued = await app.inject({ method: 'POST', url: `/harvest-sources/${sourceId}/runs${query}`, headers })
  t.equal(queued.statusCode, 202)
  const path = new URL(queued.headers.location as string).pathname
  for (let i = 0; i < 600; i++) {
    const state = (await app.inject({ url: path, headers })).json()
    if (state.status === 'succeeded' || state.status === 'failed') return state
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error(`run ${path} did not end`)
}

t.test('a source half down empties nothing; force does, after the grace', async t => {
  const app = await buildTestApp(t, { outboundAllowPrivate: true, harvestPollSeconds: 3600 })
  await seedPublisher(app, 'ville-a')
  const editor = await editorOf(app, 'ville-a')
  const all = ['a', 'b', 'c', 'd'].map(id => ({ identifier: id, title: `Jeu ${id}` }))
  const town = await serveDcatSource(t, all)
  const source = (await app.inject({ method: 'POST', url: '/harvest-sources', headers: editor, payload: { kind: 'dcat', url: town.url, schedule: 'manual' } })).json()
  t.match((await run(app, source.id, editor)).report, { created: { dataset: 4 } })
  const published = async () => (await app.inject({ url: '/datasets?publisher=ville-a' })).json().items.map((d: { title: string }) => d.title).sort()

  town.datasets = all.slice(3)
  const once = await run(app, source.id, editor)
  t.equal(Object.keys(once.report.missing).length, 3, 'missing once each')
  t.same(once.report.unpublished, [])
  t.notOk(once.report.held, 'nothing due yet: nothing held')
  const twice = await run(app, source.id, editor)
  t.same(twice.report.unpublished, [])
  t.match(twice.report.held, /3 of 4 published dataset\(s\) would be withdrawn, more than HARVEST_WITHDRAW_MAX_SHARE \(0.5\)/)
  t.same(await published(), ['Jeu a', 'Jeu b', 'Jeu c', 'Jeu d'], 'the portal keeps them')

  t.equal((await app.inject({ method: 'POST', url: `/harvest-sources/${source.id}/runs?force=maybe`, headers: editor })).statusCode, 400)
  const forced = await run(app, source.id, editor, '?force=true')
  t.equal(forced.force, true)
  t.equal(forced.report.unpublished.length, 3)
  t.notOk(forced.report.held)
  t.same(await published(), ['Jeu d'])

  // Back at the source: published again by the next run? No: withdrawn datasets come back as the source lists them.
  town.datasets = all
  const back = await run(app, source.id, editor)
  t.same(back.report.missing, {}, 'seen again: the count starts over')
})

t.test('one dataset missing of three is withdrawn after two runs, within the share', async t => {
  const app = await buildTestApp(t, { outboundAllowPrivate: true, harvestPollSeconds: 3600 })
  await seedPublisher(app, 'ville-a')
  const editor = await editorOf(app, 'ville-a')
  const town = await serveDcatSource(t, ['x', 'y', 'z'].map(id => ({ identifier: id, title: `Jeu ${id}` })))
  const source = (await app.inject({ method: 'POST', url: '/harvest-sources', headers: editor, payload: { kind: 'dcat', url: town.url, schedule: 'manual' } })).json()
  await run(app, source.id, editor)
  town.datasets = town.datasets.filter(d => d.identifier !== 'z')
  const first = await run(app, source.id, editor)
  t.same(first.report.unpublished, [])
  t.same(Object.values(first.report.missing), [1])
  // The source lists it again in between: the count starts over.
  town.datasets.push({ identifier: 'z', title: 'Jeu z' })
  await run(app, source.id, editor)
  town.datasets = town.datasets.filter(d => d.identifier !== 'z')
  t.same((await run(app, source.id, editor)).report.unpublished, [], 'missing once again, not twice')
  const withdrawn = await run(app, source.id, editor)
  t.equal(withdrawn.report.unpublished.length, 1)
  t.notOk(withdrawn.report.held)
})

t.test('a detached dataset is skipped by the harvest: the source does not overwrite its hand edits', async t => {
  const app = await buildTestApp(t, { outboundAllowPrivate: true, harvestPollSeconds: 3600 })
  await seedPublisher(app, 'ville-a')
  const editor = await editorOf(app, 'ville-a')
  const town = await serveDcatSource(t, [{ identifier: 'arbres', title: 'Arbres' }, { identifier: 'bancs', title: 'Bancs' }])
  const source = (await app.inject({ method: 'POST', url: '/harvest-sources', headers: editor, payload: { kind: 'dcat', url: town.url, schedule: 'manual' } })).json()
  await run(app, source.id, editor)
  const arbres = (await app.inject({ url: '/datasets?publisher=ville-a' })).json().items.find((d: { title: string }) => d.title === 'Arbres')
  t.equal((await app.inject({ method: 'POST', url: `/datasets/${arbres.id}/detach`, headers: editor })).statusCode, 200)
  t.equal((await app.inject({ method: 'PATCH', url: `/datasets/${arbres.id}`, headers: editor, payload: { title: 'Arbres de la ville' } })).statusCode, 200)
  town.datasets = [{ identifier: 'arbres', title: 'Arbres (source)' }, { identifier: 'bancs', title: 'Bancs publics' }]
  const after = await run(app, source.id, editor)
  t.match(after.report.items.find((i: { id?: string }) => i.id === arbres.id), { outcome: 'skipped', reason: /detached from its harvest source/ })
  t.equal(after.report.updated.dataset, 1, 'the other one follows its source')
  t.equal((await app.inject({ url: `/datasets/${arbres.id}` })).json().title, 'Arbres de la ville')
})
