// The scorer against scores computed by hand from the MQA table (../shared/notes/future-features.md §1.1),
// not from the implementation: each figure below is the sum written out in the comment above it.
import t from 'tap'
import { scoreDataset, type ScoreInput, type UrlState } from '../../src/quality/scorer.js'
import { bandOf } from '../../src/quality/metrics.js'
import { completeDataset, LINKED, minimalDataset, PUBLIC_URL, UPLOADED } from '../dcat/support/fixtures.js'

const LO2 = 'https://www.etalab.gouv.fr/licence-ouverte-open-licence'
const own = (url: string): boolean => url.startsWith(PUBLIC_URL)
const unchecked = (url: string): UrlState => own(url) ? { state: 'reachable', status: null } : { state: 'unchecked', status: null }
const all = (status: number) => (url: string): UrlState =>
  own(url) ? { state: 'reachable', status: null } : { state: status >= 200 && status < 300 ? 'reachable' : 'unreachable', status }

const input = (overrides: Partial<ScoreInput>): ScoreInput =>
  ({ dataset: minimalDataset(), knownLicences: new Set(), conforms: null, urlState: unchecked, ...overrides })

const points = (score: ReturnType<typeof scoreDataset>): Record<string, number> =>
  Object.fromEntries(score.indicators.map(i => [i.metric, i.points]))

t.test('minimal dataset, nothing checked yet: 50 points, bad', async t => {
  const score = scoreDataset(input({}))
  // accessibility: downloadURL present 20 (both URLs not yet checked);
  // reusability: access rights 10 + EU access right 5 + publisher 10; contextuality: modified 5.
  t.equal(score.score, 50)
  t.equal(score.max, 405)
  t.equal(score.band, 'bad')
  t.equal(score.pending, true)
  t.same(score.dimensions, {
    findability: { points: 0, possible: 100 },
    accessibility: { points: 20, possible: 100 },
    interoperability: { points: 0, possible: 110 },
    reusability: { points: 25, possible: 75 },
    contextuality: { points: 5, possible: 20 }
  })
  const byMetric = new Map(score.indicators.map(i => [i.metric, i]))
  t.match(byMetric.get('accessUrlStatusCode'), { state: 'unchecked', points: 0, possible: 50, detail: 'not yet checked' })
  t.notOk(byMetric.get('accessUrlStatusCode')!.hint, 'no hint while not yet checked')
  t.match(byMetric.get('dcatApCompliance'), { state: 'unchecked', detail: 'not yet checked' })
  t.match(byMetric.get('licenceAvailability'), { state: 'missed', hint: 'add a licence → +20', distribution: `${PUBLIC_URL}/distributions/c0ffee00-0000-4000-8000-0000000000d1` })
  t.match(byMetric.get('keywordAvailability'), { state: 'missed', hint: 'add at least one keyword → +30' })
  t.match(byMetric.get('dateModifiedAvailability'), { state: 'met', points: 5 })
  t.equal(score.indicators.length, 23)
})

t.test('minimal dataset, URL answering 200 and SHACL conformant: 160 points, sufficient', async t => {
  const score = scoreDataset(input({ urlState: all(200), conforms: true }))
  // 50 + accessURL 2xx 50 + downloadURL 2xx 30 + DCAT-AP 30
  t.equal(score.score, 160)
  t.equal(score.band, 'sufficient')
  t.equal(score.pending, false)
})

t.test('minimal dataset, URL answering 404: missed with the status', async t => {
  const score = scoreDataset(input({ urlState: all(404), conforms: false }))
  t.equal(score.score, 50)
  const access = score.indicators.find(i => i.metric === 'accessUrlStatusCode')!
  t.match(access, { state: 'missed', detail: 'HTTP 404', hint: 'make the access URL answer HEAD with a 2xx status → +50' })
  t.match(score.indicators.find(i => i.metric === 'dcatApCompliance'), { state: 'missed', points: 0 })
})

t.test('complete dataset, external URLs not yet checked: the uploaded distribution is best, 350, good', async t => {
  const score = scoreDataset(input({ dataset: completeDataset(), conforms: true }))
  // Uploaded (own URLs): access 50+20+30, format 20 + media type 10 + both aligned 10 (GTFS is neither
  // non-proprietary nor machine-readable), licence 20 (ODbL not known), byte size 5 + issued 5 + modified 5 = 175.
  // Linked (URLs unchecked): 20 + 80 + 20 + 10 = 130. Dataset: findability 100, DCAT-AP 30, access rights 15,
  // contact point 20, publisher 10 = 175. 175 + 175 = 350.
  t.equal(score.score, 350)
  t.equal(score.band, 'good')
  t.same(score.dimensions, {
    findability: { points: 100, possible: 100 },
    accessibility: { points: 100, possible: 100 },
    interoperability: { points: 70, possible: 110 },
    reusability: { points: 65, possible: 75 },
    contextuality: { points: 15, possible: 20 }
  })
  t.equal(score.indicators.find(i => i.on === 'distribution')!.distribution, UPLOADED.uri)
  t.match(points(score), { rightsAvailability: 0, knownLicence: 0, formatMediaTypeNonProprietary: 0, byteSizeAvailability: 5 })
})

t.test('complete dataset, every URL 200, LO 2.0 known: the linked CSV is best, 395, excellent', async t => {
  const score = scoreDataset(input({ dataset: completeDataset(), conforms: true, urlState: all(200), knownLicences: new Set([LO2]) }))
  // Linked: 100 + 80 + licence 20 (the dataset's LO 2.0) + known 10 + issued 5 + modified 5 = 220 > uploaded 175.
  // 220 + 175 = 395; only rights (5) and byte size (5) of the linked distribution are missed.
  t.equal(score.score, 395)
  t.equal(score.band, 'excellent')
  t.equal(score.indicators.find(i => i.on === 'distribution')!.distribution, LINKED.uri)
  t.same(score.indicators.filter(i => i.state !== 'met').map(i => i.metric), ['rightsAvailability', 'byteSizeAvailability'])
})

t.test('no distribution: every distribution metric missed; dataset dates do not stand in', async t => {
  const score = scoreDataset(input({ dataset: minimalDataset({ distributions: [], issued: new Date('2024-01-01T00:00:00Z') }), conforms: true }))
  // access rights 15 + publisher 10 + DCAT-AP 30 = 55
  t.equal(score.score, 55)
  t.match(score.indicators.find(i => i.metric === 'dateIssuedAvailability'), { state: 'missed', detail: 'no distribution' })
})

t.test('dataset issued date counts when the best distribution has none', async t => {
  const score = scoreDataset(input({ dataset: minimalDataset({ issued: new Date('2024-01-01T00:00:00Z') }) }))
  t.equal(score.score, 55)
  t.match(score.indicators.find(i => i.metric === 'dateIssuedAvailability'), { state: 'met', detail: 'the dataset\'s date' })
})

t.test('an EU access right outside the table and an EU licence', async t => {
  const dataset = minimalDataset({
    accessRights: { code: 'X', uri: 'https://example.org/rights/open' },
    licence: { uri: 'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0', title: 'CC BY 4.0' }
  })
  const score = scoreDataset(input({ dataset }))
  // 50 − EU access right 5 + licence 20 + known 10 = 75
  t.equal(score.score, 75)
})

t.test('bands at piveau\'s thresholds (code, not prose: 120 is sufficient)', async t => {
  t.same([0, 119, 120, 220, 221, 350, 351, 405].map(bandOf), ['bad', 'bad', 'sufficient', 'sufficient', 'good', 'good', 'excellent', 'excellent'])
})

t.test('SHACL: violations counted on the mapping; no or unreadable shapes mean not checked', async t => {
  const { countViolations } = await import('../../src/quality/shacl.js')
  const { datasetQuads } = await import('../../src/dcat/feed.js')
  const { SHACL_SKIP } = await import('../dcat/support/shacl.js')
  t.equal(await countViolations(undefined, []), null)
  t.equal(await countViolations('/nonexistent/shapes', datasetQuads(minimalDataset())), null)
  if (SHACL_SKIP !== false) return
  const dir = new URL('../../../shared/dcat-ap/3.0.1', import.meta.url).pathname
  t.equal(await countViolations(dir, datasetQuads(completeDataset(), { checksumValue: 'hexBinary' })), 0)
  t.equal(await countViolations(dir, datasetQuads(completeDataset(), { checksumValue: 'plain' })), 1, 'the plain checksum of the upload')
})
