// Importing DCAT catalogues served on loopback: hydra paging across Turtle, RDF/XML and JSON-LD pages in
// the shapes udata, ckanext-dcat, piveau and Opendatasoft export; two sources with the same local
// identifiers; loops, endless paging and invalid RDF.
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { runImport } from '../../src/importer/run.js'
import { addPublisher, FAST_LIMITS, importDeps } from './support.js'

// Several PGlite databases and loopback servers: slow on a busy machine (the suite's default is 300 s).
t.setTimeout(900_000)

const FIXTURES = fileURLToPath(new URL('../fixtures/dcat-sources/', import.meta.url))
const TYPES: Record<string, string> = { ttl: 'text/turtle', rdf: 'application/rdf+xml', jsonld: 'application/ld+json' }

type Route = (url: URL, response: ServerResponse) => boolean

/** Serves the fixtures folder (by extension), and whatever `route` answers first. */
async function serve (t: Test, route: Route = () => false): Promise<{ url: string, requests: string[] }> {
  const requests: string[] = []
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests.push(request.url ?? '')
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (route(url, response)) return
    const name = url.pathname.split('/').pop() ?? ''
    readFile(FIXTURES + name).then(body => {
      response.writeHead(200, { 'content-type': `${TYPES[name.split('.').pop()!] ?? 'application/octet-stream'}; charset=utf-8` }).end(body)
    }, () => { response.writeHead(404).end() })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => { server.closeAllConnections(); await new Promise(resolve => server.close(resolve)) })
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests }
}

const options = (url: string) => ({ kind: 'dcat' as const, url, publisher: 'town', limits: FAST_LIMITS })

t.test('three pages in three syntaxes, through both Hydra paging vocabularies', async t => {
  const deps = await importDeps(t)
  await addPublisher(deps.db, 'town')
  const source = await serve(t)
  const report = await runImport(deps, options(`${source.url}/sources/udata-page1.ttl`))
  t.equal(report.completed, true, report.error ?? 'completed')
  t.same(report.created.dataset, 4)
  t.same(report.warnings, [])
  t.same(source.requests, ['/sources/udata-page1.ttl', '/sources/ckan-page2.rdf', '/sources/piveau-page3.jsonld'])

  const rows = await deps.db.selectFrom('datasets').selectAll().orderBy('title').execute()
  const byIdentifier = Object.fromEntries(rows.map(row => [row.identifier, row]))
  t.same(Object.keys(byIdentifier).sort(), ['5e8f1c2a9d3b4e0012345678', '5e8f1c2a9d3b4e0012345679', '8b2f5c1e-6a3d-4c9b-9f0e-1d2c3b4a5e6f', 'air-quality-grenoble'])
  t.match(byIdentifier['5e8f1c2a9d3b4e0012345678'], {
    slug: 'arbres-remarquables',
    publisher_id: 'town',
    keywords: ['arbres', 'nature'],
    themes: ['ENVI'],
    licence_id: 'etalab-2.0',
    frequency: 'ANNUAL',
    temporal_start: '2019-01-01',
    temporal_end: '2023-12-31',
    spatial_bbox: [5.7, 45.1, 5.8, 45.2],
    landing_page: 'https://www.data.gouv.fr/datasets/arbres-remarquables/',
    contact_point: { name: 'Service espaces verts', email: 'espaces.verts@commune.fr' }
  })
  t.match(byIdentifier['8b2f5c1e-6a3d-4c9b-9f0e-1d2c3b4a5e6f'], {
    id: '8b2f5c1e-6a3d-4c9b-9f0e-1d2c3b4a5e6f',
    version: '3.1',
    language: ['FRA'],
    themes: ['TRAN'],
    frequency: 'MONTHLY',
    temporal_start: '2020-01-01',
    spatial_uri: 'https://sws.geonames.org/3014728/',
    contact_point: { name: 'Mobilités douces', email: 'velo@ckan.example.org' }
  }, 'a CKAN export keeps its UUID')
  t.match(byIdentifier['air-quality-grenoble'], {
    title: "Mesures de la qualité de l'air",
    description: 'Mesures horaires.',
    themes: ['ENVI', 'HEAL'],
    language: ['FRA'],
    licence_id: 'cc-by-4.0'
  }, 'French is preferred among a piveau record\'s languages')

  const distributions = await deps.db.selectFrom('distributions').selectAll().execute()
  const air = distributions.find(d => d.download_url === 'https://air.example.eu/files/hourly.csv')
  t.match(air, {
    id: '5d8e2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    access_url: 'https://air.example.eu/api/hourly',
    media_type: 'text/csv',
    format: 'CSV',
    byte_size: '1024',
    checksum_sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    licence_id: 'cc-by-4.0',
    file_key: null
  })
  t.match(distributions.find(d => d.title === 'Arceaux (GeoJSON)'), { format: 'GEOJSON', media_type: 'application/geo+json', licence_id: 'odbl-1.0' })
  t.match(distributions.find(d => d.title === 'Budget (XLSX)'), { format: 'XLSX', licence_id: 'odbl-1.0' }, 'a blank-node distribution takes the dataset\'s licence')
  const provenance = await deps.db.selectFrom('dataset_provenance').select(['source_url', 'source_id', 'source_kind']).orderBy('source_id').execute()
  t.same(provenance.map(p => [p.source_kind, p.source_url]), Array(4).fill(['dcat', `${source.url}/sources/udata-page1.ttl`]))

  const again = await runImport(deps, options(`${source.url}/sources/udata-page1.ttl`))
  t.same([again.unchanged.dataset, again.created.dataset, again.updated.dataset, again.unchanged.distribution], [4, 0, 0, 4], 'a second run changes nothing')
})

t.test('two sources with the same local identifiers never overwrite each other', async t => {
  const deps = await importDeps(t)
  await addPublisher(deps.db, 'town')
  await addPublisher(deps.db, 'metro')
  const source = await serve(t)
  const a = await runImport(deps, options(`${source.url}/a/ods.rdf`))
  const b = await runImport(deps, { ...options(`${source.url}/b/ods.rdf`), publisher: 'metro' })
  t.same([a.created.dataset, b.created.dataset], [2, 2])
  const rows = await deps.db.selectFrom('datasets').select(['id', 'identifier', 'publisher_id', 'slug', 'licence_id']).orderBy('publisher_id').orderBy('identifier').execute()
  t.same(rows.map(r => [r.publisher_id, r.identifier, r.licence_id]), [['metro', '1', 'odbl-1.0'], ['metro', '2', 'etalab-2.0'], ['town', '1', 'odbl-1.0'], ['town', '2', 'etalab-2.0']])
  t.equal(new Set(rows.map(r => r.id)).size, 4, 'four datasets')
  t.equal(new Set(rows.map(r => r.slug)).size, 4, 'four slugs')
  const again = await runImport(deps, options(`${source.url}/a/ods.rdf`))
  t.same([again.unchanged.dataset, again.unchanged.distribution], [2, 3])
})

t.test('a hydra:next loop stops where it began; endless paging stops at the cap', async t => {
  const deps = await importDeps(t)
  await addPublisher(deps.db, 'town')
  const page = (n: number, next: number) => `@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
    @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
    <?p=${n}> a hydra:PartialCollectionView ; hydra:next <?p=${next}> .
    <urn:d:${n}> a dcat:Dataset ; dct:title "Dataset ${n}" .`
  const source = await serve(t, (url, response) => {
    const n = Number(url.searchParams.get('p'))
    if (url.pathname === '/loop') response.writeHead(200, { 'content-type': 'text/turtle' }).end(page(n, (n + 1) % 3))
    else if (url.pathname === '/endless') response.writeHead(200, { 'content-type': 'text/turtle' }).end(page(n, n + 1))
    else return false
    return true
  })
  const loop = await runImport(deps, options(`${source.url}/loop?p=0`))
  t.equal(loop.completed, true)
  t.equal(loop.created.dataset, 3)
  t.match(loop.warnings, [/hydra:next leads back to .*\/loop\?p=0/])
  const endless = await runImport(deps, { ...options(`${source.url}/endless?p=0`), maxPages: 5 })
  t.equal(endless.completed, true)
  t.equal(endless.created.dataset, 5)
  t.match(endless.warnings, [/Stopped after 5 pages/, /no dataset is reported as vanished/])
})

t.test('unreadable catalogues give clear reasons; a bad later page keeps what came before', async t => {
  const deps = await importDeps(t)
  await addPublisher(deps.db, 'town')
  const bodies: Record<string, [string, string]> = {
    '/broken.ttl': ['text/turtle', '<a> <b> "unterminated .'],
    '/broken.rdf': ['application/rdf+xml', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description'],
    '/remote.jsonld': ['application/ld+json', '{"@context": "https://schema.org/", "name": "x"}'],
    '/page.html': ['text/html', '<!DOCTYPE html><html><body>Portal</body></html>'],
    '/first.ttl': ['text/turtle', '@prefix hydra: <http://www.w3.org/ns/hydra/core#> . @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . <first.ttl> hydra:next <broken.ttl> . <urn:x> a dcat:Dataset ; dct:identifier "x" ; dct:title "X" . [] a dcat:Dataset ; dct:title "No key" .']
  }
  const source = await serve(t, (url, response) => {
    const body = bodies[url.pathname]
    if (body === undefined) return false
    response.writeHead(200, { 'content-type': body[0] }).end(body[1])
    return true
  })
  const expected: Array<[string, RegExp]> = [
    ['/broken.ttl', /broken\.ttl is not valid Turtle: /],
    ['/broken.rdf', /broken\.rdf is not valid RDF\/XML: /],
    ['/remote.jsonld', /needs the remote JSON-LD context https:\/\/schema\.org\/, which an import does not fetch/],
    ['/page.html', /answered HTML instead of RDF/],
    ['/missing.ttl', /answered HTTP 404/]
  ]
  for (const [path, reason] of expected) {
    const report = await runImport(deps, options(`${source.url}${path}`))
    t.equal(report.completed, false, path)
    t.match(report.error, reason, path)
  }
  const partial = await runImport(deps, options(`${source.url}/first.ttl`))
  t.equal(partial.completed, true)
  t.equal(partial.created.dataset, 1)
  t.match(partial.items.find(i => i.outcome === 'skipped'), { reason: /no dct:identifier and no URI/ })
  t.match(partial.warnings, [/Page 2 .* could not be read: .*not valid Turtle/, /no dataset is reported as vanished/])
})

t.test('files on the catalogue\'s own host are stored; files elsewhere stay links', async t => {
  const deps = await importDeps(t)
  await addPublisher(deps.db, 'town')
  const bytes = Buffer.from('id;nom\n1;Arbre\n')
  const sha = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex')
  let page = ''
  const source = await serve(t, (url, response) => {
    if (url.pathname === '/catalog.ttl') {
      response.writeHead(200, { 'content-type': 'text/turtle' }).end(page)
      return true
    }
    if (url.pathname === '/files/arbres.csv') {
      response.writeHead(200, { 'content-type': 'text/csv' }).end(bytes)
      return true
    }
    return false
  })
  page = `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
    @prefix spdx: <http://spdx.org/rdf/terms#> .
    <${source.url}/datasets/arbres> a dcat:Dataset ; dct:identifier "arbres" ; dct:title "Arbres" ;
      dcat:distribution <${source.url}/distributions/hosted>, <${source.url}/distributions/elsewhere> .
    <${source.url}/distributions/hosted> a dcat:Distribution ; dct:title "Sur le catalogue" ;
      dcat:downloadURL <${source.url}/files/arbres.csv> ; dcat:byteSize "${bytes.length}" ;
      spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue "${sha}" ] .
    <${source.url}/distributions/elsewhere> a dcat:Distribution ; dct:title "Ailleurs" ;
      dcat:downloadURL <https://files.example.org/arbres.geojson> .`
  const report = await runImport(deps, options(`${source.url}/catalog.ttl`))
  t.equal(report.completed, true, report.error ?? 'completed')
  t.match(report.created, { dataset: 1, distribution: 2, file: 1 })
  const rows = await deps.db.selectFrom('distributions').select(['title', 'file_key', 'checksum_sha256', 'download_url']).orderBy('title').execute()
  t.match(rows, [
    { title: 'Ailleurs', file_key: null, download_url: 'https://files.example.org/arbres.geojson' },
    { title: 'Sur le catalogue', file_key: String, checksum_sha256: sha, download_url: /\/distributions\/[0-9a-f-]+\/file$/ }
  ])
  t.equal(source.requests.filter(r => r === '/files/arbres.csv').length, 1, 'downloaded once')

  const again = await runImport(deps, options(`${source.url}/catalog.ttl`))
  t.match(again.unchanged, { dataset: 1, file: 1 })
  t.equal(source.requests.filter(r => r === '/files/arbres.csv').length, 1, 'not downloaded again')

  page = page.replace('/files/arbres.csv', '/files/gone.csv')
  const broken = await runImport(deps, options(`${source.url}/catalog.ttl`))
  t.match(broken.items.find(i => i.type === 'dataset'), { outcome: 'failed', reason: /file not downloaded/ })
})
