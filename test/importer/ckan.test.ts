// Importing a CKAN 2.10 site served on loopback: ids, names, organisations, groups, licences, extras in
// both ckanext-dcat styles, uploads and DataStore tables stored as files, links kept; then a no-op re-run
// and a re-run after the source changed.
import { createHash } from 'node:crypto'
import t from 'tap'
import { sql } from 'kysely'
import { runImport } from '../../src/importer/run.js'
import {
  ckanSite, DATASTORE_CSV, GROUP_NATURE, GROUP_TRANSPORT, ORG_CITY, ORG_METRO, PKG_ARRETS, PKG_COMPAT, PKG_EMPTY, PKG_HARVEST,
  PKG_PRIVATE, PKG_SENTIERS, PRIVATE_CSV, RES_DATASTORE, RES_LINK, RES_UPLOAD, RES_WMS, UPLOAD_CSV
} from '../fixtures/ckan/site.js'
import { serveCkan } from './ckan-server.js'
import { FAST_LIMITS, importDeps, storedFiles } from './support.js'

// Several PGlite databases and loopback servers: slow on a busy machine (the suite's default is 300 s).
t.setTimeout(900_000)

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')
const TOKEN = 'sysadmin-token'

t.test('a CKAN site under /ckan comes in with its ids, names, organisations, groups and files', async t => {
  const deps = await importDeps(t)
  const ckan = await serveCkan(t, ckanSite, { prefix: '/ckan', token: TOKEN })
  const progress: string[] = []
  const options = {
    kind: 'ckan' as const,
    url: ckan.url,
    token: TOKEN,
    groupThemes: { mobilite: ['TRAN'], nature: ['ENVI', 'AGRI'] },
    licences: { maison: 'notspecified' },
    limits: FAST_LIMITS,
    onProgress: (line: string) => progress.push(line)
  }
  const report = await runImport(deps, options)
  t.equal(report.completed, true, report.error ?? 'completed')
  t.equal(report.sourceUrl, ckan.siteUrl, 'the API was found under /ckan')
  t.match(progress[0], /CKAN API found at .*\/ckan\/api\/3\/action/)
  t.same(report.created, { dataset: 5, distribution: 6, file: 3, publisher: 2, group: 2 })
  t.same(report.failed, { dataset: 0, distribution: 0, file: 0, publisher: 0, group: 0 })
  t.equal(report.skipped.dataset, 1)
  t.match(report.items.find(i => i.sourceId === PKG_HARVEST), { outcome: 'skipped', reason: /type harvest is not a dataset/ })
  t.same(report.withoutDistribution.map(d => d.id), [PKG_EMPTY])
  t.same(report.seen, [PKG_SENTIERS, PKG_ARRETS, PKG_COMPAT, PKG_PRIVATE, PKG_EMPTY].sort())
  t.same(report.vanished, [])

  const { db } = deps
  const publishers = await db.selectFrom('publishers').select(['id', 'name', 'ckan_id', 'email', 'homepage']).orderBy('id').execute()
  t.same(publishers, [
    { id: 'grenoble-alpes-metropole', name: 'Grenoble-Alpes Métropole', ckan_id: ORG_METRO, email: 'opendata@lametro.fr', homepage: 'https://www.grenoblealpesmetropole.fr' },
    { id: 'ville-de-grenoble', name: 'Ville de Grenoble', ckan_id: ORG_CITY, email: null, homepage: null }
  ])
  const groups = await db.selectFrom('legacy_groups').select(['id', 'name', 'title', 'image_url']).orderBy('name').execute()
  t.same(groups, [
    { id: GROUP_TRANSPORT, name: 'mobilite', title: 'Mobilité', image_url: 'https://data.example.fr/mobilite.png' },
    { id: GROUP_NATURE, name: 'nature', title: 'Nature et environnement', image_url: null }
  ])

  const sentiers = await db.selectFrom('datasets').selectAll().where('id', '=', PKG_SENTIERS).executeTakeFirstOrThrow()
  t.match(sentiers, {
    slug: 'espnat_sentier_poteaux_metro',
    identifier: PKG_SENTIERS,
    publisher_id: 'grenoble-alpes-metropole',
    title: 'Sentiers et poteaux de randonnée',
    keywords: ['randonnée', 'Sentiers'],
    themes: ['ENVI', 'AGRI'],
    licence_id: 'etalab-2.0',
    frequency: 'ANNUAL',
    temporal_start: '2020-01-01',
    temporal_end: '2024-12-31',
    spatial_bbox: [5.6, 45.1, 5.9, 45.3],
    landing_page: 'https://www.grenoblealpesmetropole.fr/randonnee',
    contact_point: { name: 'Service SIG', email: 'sig@lametro.fr' },
    language: ['FRA'],
    conforms_to: ['https://schema.data.gouv.fr/etalab/schema-sentiers/'],
    version: '2024.1',
    status: 'published'
  })
  t.equal(new Date(sentiers.issued!).toISOString(), '2018-02-03T00:00:00.000Z', 'issued from the extra')
  t.equal(new Date(sentiers.modified).toISOString(), '2024-03-04T05:06:07.654Z', 'modified from metadata_modified (naive UTC)')

  const arrets = await db.selectFrom('datasets').selectAll().where('id', '=', PKG_ARRETS).executeTakeFirstOrThrow()
  t.match(arrets, {
    publisher_id: 'ville-de-grenoble',
    themes: ['TRAN'],
    licence_id: 'odbl-1.0',
    frequency: 'WEEKLY',
    temporal_start: '2023-01-01',
    spatial_bbox: [5.67, 45.15, 5.75, 45.21],
    spatial_uri: 'https://sws.geonames.org/3014728/',
    contact_point: { name: 'Mobilités', email: 'mobilite@grenoble.fr', url: 'https://www.grenoble.fr/mobilite' },
    language: ['FRA']
  }, 'scheming fields')
  const compat = await db.selectFrom('datasets').selectAll().where('id', '=', PKG_COMPAT).executeTakeFirstOrThrow()
  t.match(compat, { licence_id: 'cc-by-4.0', language: ['FRA', 'ENG'], frequency: 'ANNUAL', contact_point: { name: 'Direction des finances', email: 'finances@lametro.fr' } })
  t.equal(new Date(compat.issued!).toISOString(), '2017-01-01T00:00:00.000Z', 'dcat_issued')
  t.equal(new Date(compat.modified).toISOString(), '2023-06-30T12:00:00.000Z', 'dcat_modified')
  const privateOne = await db.selectFrom('datasets').select(['status', 'licence_id']).where('id', '=', PKG_PRIVATE).executeTakeFirstOrThrow()
  t.same(privateOne, { status: 'draft', licence_id: 'notspecified' }, 'a private dataset comes in as a draft; the map file maps its licence')

  t.match(report.licences, [
    { source: 'cc-by', target: 'cc-by-4.0', how: /url \(the source names no version: check\)/ },
    { source: 'lo-2', target: 'etalab-2.0', how: 'url' },
    { source: 'maison', target: 'notspecified', how: 'map file' },
    { source: 'odc-odbl', target: 'odbl-1.0', how: 'url' }
  ])
  t.match(report.formats.find(f => f.source === 'WMS'), { target: 'WMS_SRVC' })

  const distributions = await db.selectFrom('distributions').selectAll().where('dataset_id', '=', PKG_SENTIERS).orderBy('created_at').orderBy('id').execute()
  t.same(distributions.map(d => d.id), [RES_UPLOAD, RES_LINK, RES_WMS], 'resource ids kept, in position order')
  const [upload, link, wms] = distributions
  t.match(upload, {
    download_url: `https://data.example.org/distributions/${RES_UPLOAD}/file`,
    checksum_sha256: sha256(UPLOAD_CSV),
    byte_size: String(UPLOAD_CSV.length),
    file_name: 'sentiers.csv',
    format: 'CSV',
    licence_id: 'etalab-2.0'
  })
  t.ok(upload!.file_key, 'the upload is a Bastille file')
  t.same([link!.download_url, link!.file_key, link!.format], ['https://entrepot.metropolegrenoble.fr/opendata/38185-GRE/sentiers.json', null, 'GEOJSON'], 'a link stays a link')
  t.same([wms!.access_url, wms!.download_url, wms!.format], ['https://geo.example.fr/wms?service=WMS&request=GetCapabilities', null, 'WMS_SRVC'], 'a service is an access URL')
  const datastore = await db.selectFrom('distributions').selectAll().where('id', '=', RES_DATASTORE).executeTakeFirstOrThrow()
  t.equal(datastore.checksum_sha256, sha256(DATASTORE_CSV), 'the DataStore dump is stored')
  const privateFile = await db.selectFrom('distributions').select('checksum_sha256').where('dataset_id', '=', PKG_PRIVATE).executeTakeFirstOrThrow()
  t.equal(privateFile.checksum_sha256, sha256(PRIVATE_CSV), 'a private file is downloaded with the token')
  const stored = await storedFiles(deps.storageDir)
  t.equal(stored.objects.length, 3)
  t.same(stored.temporaries, [])
  const chunks: Buffer[] = []
  for await (const chunk of await deps.storage.read(upload!.file_key!)) chunks.push(chunk as Buffer)
  const bytes = Buffer.concat(chunks)
  t.same(bytes, UPLOAD_CSV)

  const memberships = await db.selectFrom('dataset_legacy_groups').select(['dataset_id', 'group_id']).orderBy('dataset_id').execute()
  t.same(memberships, [
    { dataset_id: PKG_SENTIERS, group_id: GROUP_NATURE },
    { dataset_id: PKG_ARRETS, group_id: GROUP_TRANSPORT },
    { dataset_id: PKG_EMPTY, group_id: GROUP_TRANSPORT }
  ].sort((a, b) => a.dataset_id.localeCompare(b.dataset_id)))
  const provenance = await db.selectFrom('dataset_provenance').selectAll().where('dataset_id', '=', PKG_SENTIERS).executeTakeFirstOrThrow()
  t.match(provenance, { source_kind: 'ckan', source_url: ckan.siteUrl, source_id: PKG_SENTIERS })
  t.match((provenance.raw as { source: { extras: unknown[] } }).source.extras, [{ key: 'frequency' }], 'the raw package dict is kept')
  const changes = await db.selectFrom('dataset_changes').select('action').where('dataset_id', '=', PKG_SENTIERS).execute()
  t.same(changes, [{ action: 'dataset.imported' }], 'the write is in the audit trail')

  t.test('a second run changes nothing and says so', async t => {
    const before = await sql<{ n: string }>`SELECT count(*)::text AS n FROM dataset_changes`.execute(db)
    const updatedAt = await db.selectFrom('datasets').select(['id', 'updated_at']).orderBy('id').execute()
    const downloads = ckan.requests.filter(r => r.includes('/download/') || r.includes('/datastore/dump')).length
    const again = await runImport(deps, options)
    t.equal(again.completed, true)
    t.same(again.created, { dataset: 0, distribution: 0, file: 0, publisher: 0, group: 0 })
    t.same(again.updated, { dataset: 0, distribution: 0, file: 0, publisher: 0, group: 0 })
    t.same(again.unchanged, { dataset: 5, distribution: 6, file: 3, publisher: 2, group: 2 })
    t.equal(ckan.requests.filter(r => r.includes('/download/') || r.includes('/datastore/dump')).length, downloads, 'no file downloaded again')
    t.same(await db.selectFrom('datasets').select(['id', 'updated_at']).orderBy('id').execute(), updatedAt)
    t.same((await sql<{ n: string }>`SELECT count(*)::text AS n FROM dataset_changes`.execute(db)).rows, before.rows)
  })

  t.test('a re-run after the source changed updates in place and reports what vanished', async t => {
    const sentiersPkg = ckan.site.packages.find(p => p.id === PKG_SENTIERS)!
    sentiersPkg.name = 'sentiers-de-randonnee'
    sentiersPkg.title = 'Sentiers de randonnée'
    sentiersPkg.metadata_modified = '2026-11-01T00:00:00.000000'
    const newBytes = Buffer.from('id;nom\n1;Sentier renommé\n')
    const uploadPath = new URL(sentiersPkg.resources[0].url).pathname
    ckan.site.files.set(uploadPath, newBytes)
    sentiersPkg.resources[0].size = newBytes.length
    sentiersPkg.resources[0].last_modified = '2026-11-01T00:00:00.000000'
    sentiersPkg.resources.splice(2, 1)
    ckan.site.packages = ckan.site.packages.filter(p => p.id !== PKG_COMPAT)
    const oldKey = upload!.file_key!

    const report = await runImport(deps, options)
    t.equal(report.completed, true)
    t.equal(report.updated.dataset, 1)
    t.equal(report.updated.file, 1)
    t.equal(report.unchanged.dataset, 3)
    t.same(report.vanished, [PKG_COMPAT], 'a dataset gone from the source is reported')
    t.ok(await db.selectFrom('datasets').select('id').where('id', '=', PKG_COMPAT).where('deleted_at', 'is', null).executeTakeFirst(), '…and not deleted')
    const row = await db.selectFrom('datasets').select(['slug', 'title']).where('id', '=', PKG_SENTIERS).executeTakeFirstOrThrow()
    t.same(row, { slug: 'sentiers-de-randonnee', title: 'Sentiers de randonnée' }, 'same id, new name and title')
    const alias = await db.selectFrom('dataset_slug_aliases').select('dataset_id').where('slug', '=', 'espnat_sentier_poteaux_metro').executeTakeFirst()
    t.same(alias, { dataset_id: PKG_SENTIERS }, 'the old name is an alias')
    const file = await db.selectFrom('distributions').select(['file_key', 'checksum_sha256']).where('id', '=', RES_UPLOAD).executeTakeFirstOrThrow()
    t.equal(file.checksum_sha256, sha256(newBytes))
    t.not(file.file_key, oldKey)
    t.equal(await deps.storage.stat(oldKey), null, 'the replaced file is removed')
    t.equal(await db.selectFrom('distributions').select('id').where('id', '=', RES_WMS).executeTakeFirst(), undefined, 'a resource removed at the source is removed')
  })
})

t.test('a dry run reads everything and writes nothing', async t => {
  const deps = await importDeps(t)
  const ckan = await serveCkan(t, ckanSite)
  const report = await runImport(deps, { kind: 'ckan', url: `${ckan.url}/`, dryRun: true, limits: FAST_LIMITS })
  t.equal(report.completed, true)
  t.equal(report.dryRun, true)
  t.equal(report.created.dataset, 4, 'private datasets are not listed without a token')
  t.equal(report.created.publisher, 2)
  t.equal((await deps.db.selectFrom('datasets').select('id').execute()).length, 0)
  t.equal((await deps.db.selectFrom('publishers').select('id').execute()).length, 0)
  t.equal((await deps.db.selectFrom('legacy_groups').select('id').execute()).length, 0)
  t.same(await storedFiles(deps.storageDir), { objects: [], temporaries: [] })
  t.equal(ckan.requests.filter(r => r.includes('/download/')).length, 0, 'no file downloaded')
})

t.test('with a publisher given, every dataset goes to it and no organisation is imported', async t => {
  const deps = await importDeps(t)
  await deps.db.insertInto('publishers').values({ id: 'town', name: 'Town', type: 'LocalAuthority', homepage: null, email: null }).execute()
  const ckan = await serveCkan(t, ckanSite)
  const report = await runImport(deps, { kind: 'ckan', url: ckan.url, publisher: 'town', limits: FAST_LIMITS })
  t.equal(report.completed, true)
  t.equal(ckan.count('organization_list'), 0)
  const owners = await deps.db.selectFrom('datasets').select('publisher_id').distinct().execute()
  t.same(owners, [{ publisher_id: 'town' }])
})
