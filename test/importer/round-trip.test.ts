// A Bastille's own DCAT feed, served on loopback, imported into an empty Bastille: the same datasets with
// the same ids (dataset and distribution UUIDs are read back from their URIs).
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { runImport } from '../../src/importer/run.js'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { addPublisher, FAST_LIMITS, importDeps } from './support.js'

t.test('Bastille → DCAT feed → an empty Bastille keeps the ids', async t => {
  const source = await buildTestApp(t)
  const post = async (url: string, payload: object) => {
    const res = await source.inject({ method: 'POST', url, headers: ADMIN, payload })
    t.equal(res.statusCode, 201, res.body)
    return res.json<{ id: string }>()
  }
  await post('/publishers', { id: 'metropole', name: 'Métropole', type: 'LocalAuthority' })
  const dataset = await post('/datasets', {
    publisher: 'metropole',
    title: 'Arrêts de bus',
    description: 'Les arrêts.',
    keywords: ['bus'],
    themes: ['TRAN'],
    licence: 'etalab-2.0',
    frequency: 'MONTHLY',
    temporal: { start: '2024-01-01', end: '2024-12-31' },
    spatial: { bbox: [5.6, 45.1, 5.9, 45.3] },
    contactPoint: { name: 'Données', email: 'data@example.org' },
    language: ['FRA']
  })
  const distribution = await post(`/datasets/${dataset.id}/distributions`, { title: 'Arrêts (CSV)', downloadUrl: 'https://transports.example.org/arrets.csv', format: 'CSV', mediaType: 'text/csv' })
  await source.listen({ port: 0, host: '127.0.0.1' })
  const url = `http://127.0.0.1:${(source.server.address() as AddressInfo).port}/catalog.ttl`

  const target = await importDeps(t)
  await addPublisher(target.db, 'metropole')
  const report = await runImport(target, { kind: 'dcat', url, publisher: 'metropole', limits: FAST_LIMITS })
  t.equal(report.completed, true, report.error ?? 'completed')
  t.equal(report.created.dataset, 1)
  const row = await target.db.selectFrom('datasets').selectAll().executeTakeFirstOrThrow()
  t.match(row, {
    id: dataset.id,
    title: 'Arrêts de bus',
    keywords: ['bus'],
    themes: ['TRAN'],
    licence_id: 'etalab-2.0',
    frequency: 'MONTHLY',
    temporal_start: '2024-01-01',
    temporal_end: '2024-12-31',
    spatial_bbox: [5.6, 45.1, 5.9, 45.3],
    contact_point: { name: 'Données', email: 'data@example.org' },
    language: ['FRA']
  })
  const copy = await target.db.selectFrom('distributions').selectAll().executeTakeFirstOrThrow()
  t.match(copy, { id: distribution.id, download_url: 'https://transports.example.org/arrets.csv', format: 'CSV', media_type: 'text/csv' })
})
