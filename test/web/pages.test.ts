// The page templates on their own, with the optional parts present and absent.
import t from 'tap'
import type { DatasetView } from '../../src/dcat/types.js'
import { datasetPage } from '../../src/web/pages/dataset.js'
import { errorPage } from '../../src/web/pages/error.js'
import { publisherPage } from '../../src/web/pages/publisher.js'
import { searchPage } from '../../src/web/pages/search.js'
import { formatBytes } from '../../src/web/format.js'

const BASE = 'https://data.example.org'
const dataset: DatasetView = {
  id: 'id1',
  uri: `${BASE}/datasets/id1`,
  identifier: 'id-1',
  title: 'Vide',
  description: '',
  keywords: [],
  themes: [],
  licence: null,
  accessRights: { code: 'OTHER', uri: 'x' },
  frequency: { code: 'MONTHLY', uri: 'y' },
  temporal: { start: null, end: '2020-12-31' },
  spatial: { bbox: null, uri: 'javascript:alert(1)' },
  landingPage: `${BASE}/datasets/id1`,
  contactPoint: { name: 'Service', email: null, url: 'https://contact.example' },
  language: [],
  conformsTo: [],
  version: null,
  issued: null,
  modified: new Date('2024-01-01T00:00:00Z'),
  publisher: { id: 'p', uri: `${BASE}/publishers/p`, name: 'P', type: null, homepage: null, email: null },
  distributions: [{
    id: 'd',
    uri: `${BASE}/distributions/d`,
    title: 'Rien',
    description: 'Une *note*.',
    accessUrl: 'javascript:alert(1)',
    downloadUrl: null,
    mediaType: 'text/csv',
    format: null,
    byteSize: 3_456_789_000,
    checksumSha256: null,
    licence: null,
    issued: null,
    modified: new Date('2024-01-01T00:00:00Z')
  }]
}

t.test('a dataset page without the optional parts', async t => {
  const page = datasetPage({ dataset, catalogTitle: 'C', publicUrl: BASE, band: { band: 'good', score: 300 }, jsonLd: '{}' }).text
  t.match(page, '<dt>Licence</dt><dd>non précisée</dd>')
  t.match(page, '<dt>Accès</dt><dd>OTHER</dd>')
  t.match(page, 'jusqu’au <time datetime="2020-12-31">31 décembre 2020</time>')
  t.match(page, '<dt>Lieu</dt><dd>javascript:alert(1)</dd>', 'an unsafe URL is text')
  t.match(page, '<dt>Fréquence</dt><dd>MONTHLY</dd>')
  t.match(page, 'Service <a href="https://contact.example">')
  t.match(page, 'bonne (300 / 405 points')
  t.match(page, '<td>text/csv</td>\n<td>3,5 Go</td>')
  t.match(page, '<td>—</td>\n</tr>', 'no link for an unsafe access URL')
  t.notMatch(page, /Mots-clés|Thèmes|class="description"/)
  const empty = datasetPage({ dataset: { ...dataset, distributions: [], temporal: { start: '2020-01-01', end: '2020-12-31' } }, catalogTitle: 'C', publicUrl: BASE, band: null, jsonLd: '{}' }).text
  t.match(empty, 'Aucun fichier ni service')
  t.match(empty, 'du <time datetime="2020-01-01">1 janvier 2020</time> au <time')
  t.notMatch(empty, /Qualité/)
})

t.test('error, publisher and search pages', async t => {
  t.match(errorPage(406, 'C', BASE).text, '<h1>Format non disponible</h1>')
  t.match(errorPage(401, 'C', BASE).text, '<h1>Erreur</h1>')
  const publisher = publisherPage({
    publisher: { id: 'p', name: 'P', type: 'LocalAuthority', homepage: 'https://p.example', email: null, ckan_id: null, created_at: new Date(), updated_at: new Date() },
    catalogTitle: 'C',
    publicUrl: BASE,
    items: [],
    total: 0,
    next: `${BASE}/datasets?cursor=x`
  }).text
  t.match(publisher, '<a href="https://p.example">')
  t.match(publisher, 'rel="next"')
  t.match(publisher, 'Aucun jeu de données.')
  const search = searchPage({
    catalogTitle: 'C',
    publicUrl: BASE,
    q: 'velo',
    corrected: 'vélo',
    total: 1,
    exact: true,
    next: `${BASE}/datasets?q=velo&cursor=x`,
    items: [{ id: 'a', title: 'A', description: '', modified: new Date('2024-01-01T00:00:00Z'), publisher: null, formats: [] }]
  }).text
  t.match(search, '1 résultat pour « vélo »')
  t.match(search, 'value="velo"')
  t.match(search, 'rel="next"')
  const cut = searchPage({ catalogTitle: 'C', publicUrl: BASE, q: 'bus', corrected: null, total: 3, exact: false, next: null, items: [] }).text
  t.match(cut, 'Plus de 3 résultats.', 'a count the search cut short says so')
  t.equal(formatBytes(999), '999 octets')
})
