import { createHash } from 'node:crypto'
import t from 'tap'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { loadDemo } from '../../src/demo/load.js'
import { DEMO_DATASETS } from '../../src/demo/catalogue.js'

const app = await buildTestApp(t)

t.test('loadDemo fills an empty database once', async t => {
  t.equal(await loadDemo(app, PUBLIC_URL), true)
  t.equal(await loadDemo(app, PUBLIC_URL), false, 'a second start loads nothing')
  const publishers = (await app.inject('/publishers')).json()
  t.same(publishers.items.map((p: { id: string }) => p.id), ['mobival', 'valfleury-metropole', 'ville-valfleury'])
  const datasets = await app.db.selectFrom('datasets').select('slug').orderBy('slug').execute()
  t.same(datasets.map(d => d.slug), DEMO_DATASETS.map(d => d.slug).sort())
  const changes = await app.db.selectFrom('dataset_changes').select('action').execute()
  t.equal(changes.length, DEMO_DATASETS.length, 'every dataset has its audit entry')
})

t.test('the demo datasets read back through the API, drafts hidden', async t => {
  const published = DEMO_DATASETS.filter(d => d.status !== 'draft')
  const list = await app.inject('/datasets?limit=100')
  t.equal(list.statusCode, 200)
  t.equal(list.json().total, published.length)
  const draft = await app.inject('/datasets/parcs-relais-disponibilite')
  t.equal(draft.statusCode, 404)
  t.equal((await app.inject({ url: '/datasets/parcs-relais-disponibilite', headers: ADMIN })).statusCode, 200)
  const gtfs = (await app.inject('/datasets/offre-transport-gtfs')).json()
  t.match(gtfs, { publisher: 'mobival', licence: 'odbl-1.0', themes: ['TRAN'], frequency: 'WEEKLY' })
  t.match(gtfs.distributions, [{ format: 'GTFS', downloadUrl: 'https://data.mobival.example.org/gtfs/mobival.zip' }])
})

t.test('uploaded demo files download with the checksum the API announces', async t => {
  const trees = (await app.inject('/datasets/arbres-d-alignement')).json()
  const [file] = trees.distributions
  t.match(file, { format: 'GEOJSON', mediaType: 'application/geo+json', downloadUrl: `${PUBLIC_URL}/distributions/${file.id}/file` })
  const download = await app.inject(`/distributions/${file.id}/file`)
  t.equal(download.statusCode, 200)
  t.equal(createHash('sha256').update(download.rawPayload).digest('hex'), file.checksum.value)
  t.equal(download.rawPayload.length, file.byteSize)
  t.equal(JSON.parse(download.body).features.length, 40)
  const stops = (await app.inject('/datasets/arrets-bus-tramway')).json()
  t.match(stops.distributions, [{ format: 'CSV', mediaType: 'text/csv' }])
})

t.test('the demo is searchable without accents', async t => {
  const res = await app.inject('/datasets?q=mobilite')
  t.equal(res.statusCode, 200)
  t.ok(res.json().total >= 3)
})
