// A dataset a harvest source owns refuses every hand write (dataset and distributions, JSON and multipart)
// with 409 and changes nothing, until its publisher detaches it.
import t from 'tap'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { editorOf, seedPublisher } from '../routes/datasets-helpers.js'
import { MULTIPART, multipart } from '../files/helpers.js'
import { insertSource } from '../../src/harvest/sources.js'
import { linkSeen } from '../../src/harvest/links.js'

t.test('hand edits of a harvested dataset', async t => {
  const app = await buildTestApp(t, { harvestWorker: false })
  await seedPublisher(app, 'ville-a')
  await seedPublisher(app, 'ville-b')
  const editor = await editorOf(app, 'ville-a')
  const stranger = await editorOf(app, 'ville-b')
  const dataset = (await app.inject({ method: 'PUT', url: '/datasets/arbres', headers: editor, payload: { title: 'Arbres', status: 'published' } })).json()
  const distribution = (await app.inject({ method: 'POST', url: '/datasets/arbres/distributions', headers: editor, payload: { title: 'CSV', accessUrl: 'https://files.example.org/arbres.csv' } })).json()
  const uploaded = await app.inject({ method: 'POST', url: '/datasets/arbres/distributions', headers: { ...editor, 'content-type': MULTIPART }, payload: multipart(['title', 'Fichier'], { filename: 'a.csv', content: 'a,b\n1,2\n' }) })
  t.equal(uploaded.statusCode, 201)
  const source = (await insertSource(app.db, 'ville-a', { kind: 'dcat', url: 'https://93.184.215.14/catalog', schedule: 'manual', interval_seconds: null }))!
  await app.db.transaction().execute(trx => linkSeen(trx, { id: source.id, publisherId: 'ville-a' }, [dataset.id]))
  const before = (await app.inject({ url: '/datasets/arbres', headers: editor })).json()

  const writes = [
    { method: 'PUT', url: '/datasets/arbres', payload: { title: 'Arbres remarquables', status: 'published' } },
    { method: 'PATCH', url: `/datasets/${dataset.id}`, payload: { title: 'Arbres remarquables' } },
    { method: 'DELETE', url: '/datasets/arbres' },
    { method: 'POST', url: '/datasets/arbres/distributions', payload: { title: 'JSON', accessUrl: 'https://files.example.org/arbres.json' } },
    { method: 'PUT', url: `/distributions/${distribution.id}`, payload: { title: 'CSV v2', accessUrl: 'https://files.example.org/arbres.csv' } },
    { method: 'PATCH', url: `/distributions/${distribution.id}`, payload: { title: 'CSV v2' } },
    { method: 'DELETE', url: `/distributions/${distribution.id}` },
    { method: 'POST', url: '/datasets/arbres/distributions', multipart: true },
    { method: 'PUT', url: `/distributions/${uploaded.json().id}/file`, multipart: true }
  ] as const
  for (const write of writes) {
    for (const headers of [editor, ADMIN]) {
      const response = await app.inject({
        method: write.method,
        url: write.url,
        headers: 'multipart' in write ? { ...headers, 'content-type': MULTIPART } : headers,
        ...('payload' in write ? { payload: write.payload } : {}),
        ...('multipart' in write ? { payload: multipart({ filename: 'b.csv', content: 'c,d\n3,4\n' }) } : {})
      })
      t.equal(response.statusCode, 409, `${write.method} ${write.url}`)
      t.match(response.json(), { status: 409, detail: new RegExp(`harvested from https://93.184.215.14/catalog .*POST /datasets/${dataset.id}/detach`) })
    }
  }
  t.same((await app.inject({ url: '/datasets/arbres', headers: editor })).json(), before, 'nothing changed')

  t.equal((await app.inject({ method: 'POST', url: '/datasets/arbres/detach' })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/datasets/arbres/detach', headers: stranger })).statusCode, 403)
  t.equal((await app.inject({ method: 'POST', url: '/datasets/nowhere/detach', headers: editor })).statusCode, 404)
  const detached = await app.inject({ method: 'POST', url: '/datasets/arbres/detach', headers: editor })
  t.equal(detached.statusCode, 200)
  t.same(detached.json(), before, 'answers the dataset')
  t.equal((await app.inject({ method: 'POST', url: '/datasets/arbres/detach', headers: editor })).statusCode, 200, 'detaching twice changes nothing')
  const history = (await app.inject({ url: `/datasets/${dataset.id}/history`, headers: editor })).json()
  t.equal(history.items.filter((c: { action: string }) => c.action === 'dataset.detached').length, 1)

  const edited = await app.inject({ method: 'PATCH', url: '/datasets/arbres', headers: editor, payload: { title: 'Arbres remarquables' } })
  t.equal(edited.statusCode, 200, 'editable once detached')
  t.equal(edited.json().title, 'Arbres remarquables')
  await app.db.transaction().execute(trx => linkSeen(trx, { id: source.id, publisherId: 'ville-a' }, [dataset.id]))
  t.equal((await app.inject({ method: 'PATCH', url: '/datasets/arbres', headers: editor, payload: { title: 'Arbres' } })).statusCode, 200, 'a later run does not claim it again')
})
