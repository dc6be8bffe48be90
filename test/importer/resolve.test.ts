// What sources write, resolved to Bastille's codes and licences: EU URIs, CKAN and udata words, ISO
// codes, format labels and media types; licence URLs, titles and ids; geometries; slugs; source dates.
import t from 'tap'
import { isoDate, timestamp, email, httpUrl } from '../../src/importer/check.js'
import { bboxOf, bboxOfWkt, validBbox } from '../../src/importer/geometry.js'
import { Licences } from '../../src/importer/licences.js'
import { slugify, slugOfName } from '../../src/importer/slug.js'
import { Vocabularies } from '../../src/importer/vocabularies.js'
import { createTestDb } from '../support/test-db.js'

const { db } = await createTestDb(t)
const vocab = await Vocabularies.load(db)

t.test('vocabulary values', async t => {
  t.equal(vocab.theme('http://publications.europa.eu/resource/authority/data-theme/TRAN'), 'TRAN')
  t.equal(vocab.theme('https://publications.europa.eu/resource/authority/data-theme/ENVI'), 'ENVI')
  t.equal(vocab.theme('transport'), null)
  t.equal(vocab.frequency('http://purl.org/cld/freq/weekly'), 'WEEKLY')
  t.equal(vocab.frequency('annually'), 'ANNUAL')
  t.equal(vocab.frequency('fourTimesAWeek'), 'WEEKLY_3')
  t.equal(vocab.frequency('monthly'), 'MONTHLY')
  t.equal(vocab.frequency('every full moon'), null)
  t.equal(vocab.language('fr'), 'FRA')
  t.equal(vocab.language('fr-FR'), 'FRA')
  t.equal(vocab.language('http://id.loc.gov/vocabulary/iso639-1/en'), 'ENG')
  t.equal(vocab.language('klingon'), null)
  t.equal(vocab.accessRights('public'), 'PUBLIC')
  t.equal(vocab.publisherType('http://purl.org/adms/publishertype/NationalAuthority'), 'NationalAuthority')
  t.equal(vocab.publisherType('Ministry'), null)
  t.same(vocab.format('Shapefile', null), { code: 'SHP', how: 'label' })
  t.same(vocab.format('geojson', null), { code: 'GEOJSON', how: 'code' })
  t.same(vocab.format('http://publications.europa.eu/resource/authority/file-type/CSV', null), { code: 'CSV', how: 'code' })
  t.same(vocab.format('https://www.iana.org/assignments/media-types/text/csv', null), { code: 'CSV', how: 'label' })
  t.same(vocab.format('API', 'application/json; charset=utf-8'), { code: 'JSON', how: 'media type' })
  t.same(vocab.format('', null), { code: null, how: 'none' })
  t.same(vocab.format('weird', 'application/x-weird'), { code: null, how: 'none' })
})

t.test('licences', async t => {
  const licences = await Licences.load(db, { 'licence-maison': 'etalab-2.0' })
  t.same(licences.resolve({ id: 'licence-maison' }), { label: 'licence-maison', licence: 'etalab-2.0', how: 'map file' })
  t.match(licences.resolve({ id: 'odc-odbl', url: 'https://opendatacommons.org/licenses/odbl/1-0/' }), { licence: 'odbl-1.0', how: 'url' })
  t.match(licences.resolve({ id: 'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0' }), { licence: 'cc-by-4.0', how: 'url' })
  t.match(licences.resolve({ title: 'Creative Commons CCZero' }), { licence: 'cc0-1.0', how: 'title' })
  t.match(licences.resolve({ id: 'CC-BY-SA-4.0' }), { licence: 'cc-by-sa-4.0', how: 'id' })
  t.match(licences.resolve({ id: 'cc-zero' }), { licence: 'cc0-1.0', how: 'known id' })
  t.match(licences.resolve({ title: 'Open Database License (ODbL)' }), { licence: 'odbl-1.0', how: 'known title' })
  t.match(licences.resolve({ id: 'other-closed' }), { label: 'other-closed', licence: null, how: 'no match' })
  await t.rejects(Licences.load(db, { x: 'nope' }), /does not have: x → nope/)
})

t.test('geometries', async t => {
  t.same(bboxOfWkt('<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POLYGON((1 2, 3 2, 3 4, 1 4, 1 2))'), [1, 2, 3, 4])
  t.same(bboxOf('POINT(5.7 45.2)'), [5.7, 45.2, 5.7, 45.2])
  t.same(bboxOf({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 1]]], [[[-1, -2], [0, 0]]]] }), [-1, -2, 1, 1])
  t.equal(bboxOf('not a geometry'), null)
  t.equal(bboxOf('{"type": "Point"}'), null)
  t.equal(bboxOf('{broken'), null)
  t.equal(validBbox([0, 50, 1, 40]), null, 'south above north')
  t.equal(validBbox([0, 0, 200, 1]), null, 'beyond 180°')
  t.equal(validBbox([NaN, 0, 1, 1]), null)
})

t.test('slugs, dates, URLs and e-mails', async t => {
  t.equal(slugOfName('espnat_sentier_poteaux_metro'), 'espnat_sentier_poteaux_metro')
  t.equal(slugOfName('_Mixed Case'), 'mixed-case')
  t.equal(slugify('Qualité de l’air — 2024 !'), 'qualite-de-l-air-2024')
  t.equal(slugify('???'), 'dataset')
  t.equal(slugify('a'.repeat(150)).length, 100)
  t.equal(timestamp('2024-03-04T05:06:07.654321'), '2024-03-04T05:06:07.654Z', 'naive CKAN time is UTC')
  t.equal(timestamp('2024-03-04'), '2024-03-04T00:00:00.000Z')
  t.equal(timestamp('yesterday'), null)
  t.equal(timestamp('2024-13-45'), null)
  t.equal(timestamp(12), null)
  t.equal(isoDate('2024-02-29T10:00:00'), '2024-02-29')
  t.equal(isoDate('2024-02-30'), null, 'a day that does not exist')
  t.equal(isoDate('31/12/2024'), null)
  t.equal(httpUrl(' https://example.org/a b '), null)
  t.equal(httpUrl('https://example.org/a'), 'https://example.org/a')
  t.equal(httpUrl('javascript:alert(1)'), null)
  t.equal(httpUrl(`https://example.org/${'a'.repeat(2000)}`), null)
  t.equal(email('mailto:someone@example.org'), 'someone@example.org')
  t.equal(email('not an address'), null)
})
