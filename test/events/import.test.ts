// Imported and harvested writes go through the same audit hook, so they reach the change log too.
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { runImport } from '../../src/importer/run.js'
import { eventsAfter } from '../../src/events/queries.js'
import { addPublisher, FAST_LIMITS, importDeps } from '../importer/support.js'
import { logSettled } from './settle.js'

t.setTimeout(600_000)
const FIXTURES = fileURLToPath(new URL('../fixtures/dcat-sources/', import.meta.url))
const TYPES: Record<string, string> = { ttl: 'text/turtle', rdf: 'application/rdf+xml', jsonld: 'application/ld+json' }

t.test('an import logs one dataset.created per new dataset, public, under its publisher', async t => {
  const server = createServer((request, response) => {
    const name = new URL(request.url ?? '/', 'http://localhost').pathname.split('/').pop() ?? ''
    readFile(FIXTURES + name).then(body => {
      response.writeHead(200, { 'content-type': `${TYPES[name.split('.').pop()!] ?? 'text/plain'}; charset=utf-8` }).end(body)
    }, () => { response.writeHead(404).end() })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => { server.closeAllConnections(); await new Promise(resolve => server.close(resolve)) })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sources/udata-page1.ttl`

  const deps = await importDeps(t)
  await addPublisher(deps.db, 'town')
  const report = await runImport(deps, { kind: 'dcat', url, publisher: 'town', limits: FAST_LIMITS })
  t.equal(report.completed, true, report.error ?? 'completed')
  await logSettled(deps.db)
  const anonymous = { reader: { all: false as const, publisherId: null } }
  const events = await eventsAfter(deps.db, { xid: '0', seq: '0' }, { ...anonymous, publisher: 'town' }, 100)
  const datasets = events.filter(event => event.entity === 'dataset')
  t.same(datasets.map(event => event.type), ['dataset.created', 'dataset.created', 'dataset.created', 'dataset.created'])
  const ids = (await deps.db.selectFrom('datasets').select('id').execute()).map(row => row.id).sort()
  t.same(datasets.map(event => event.entity_id).sort(), ids)
  t.ok(events.some(event => event.type === 'publisher.created' && event.entity_id === 'town'))

  // The same catalogue again changes nothing, so logs nothing.
  const last = events.at(-1)!
  await runImport(deps, { kind: 'dcat', url, publisher: 'town', limits: FAST_LIMITS })
  await logSettled(deps.db)
  t.same((await eventsAfter(deps.db, last, anonymous, 100)).map(event => event.type), [])
})
