import t from 'tap'
import { buildTestApp, PUBLIC_URL } from '../support/build-app.js'

const app = await buildTestApp(t)

t.test('GET /vocabularies lists every vocabulary with its URL', async t => {
  const res = await app.inject('/vocabularies')
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    items: ['data-theme', 'frequency', 'file-type', 'language', 'access-right', 'publisher-type']
      .map(name => ({ name, url: `${PUBLIC_URL}/vocabularies/${name}` }))
  })
})

t.test('GET /vocabularies/data-theme gives the 13 EU themes with URIs and both labels', async t => {
  const res = await app.inject('/vocabularies/data-theme')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.name, 'data-theme')
  t.same(body.items.map((term: { code: string }) => term.code),
    ['AGRI', 'ECON', 'EDUC', 'ENER', 'ENVI', 'GOVE', 'HEAL', 'INTR', 'JUST', 'REGI', 'SOCI', 'TECH', 'TRAN'])
  t.same(body.items.at(-1), {
    code: 'TRAN',
    uri: 'http://publications.europa.eu/resource/authority/data-theme/TRAN',
    labels: { fr: 'Transports', en: 'Transport' }
  })
})

t.test('each vocabulary has terms, with URIs in its own namespace', async t => {
  const namespaces: Record<string, string> = {
    frequency: 'http://publications.europa.eu/resource/authority/frequency/',
    'file-type': 'http://publications.europa.eu/resource/authority/file-type/',
    language: 'http://publications.europa.eu/resource/authority/language/',
    'access-right': 'http://publications.europa.eu/resource/authority/access-right/',
    'publisher-type': 'http://purl.org/adms/publishertype/'
  }
  for (const [name, namespace] of Object.entries(namespaces)) {
    const items: Array<{ code: string, uri: string, labels: { fr: string, en: string } }> = (await app.inject(`/vocabularies/${name}`)).json().items
    t.ok(items.length > 0, `${name} has terms`)
    t.ok(items.every(term => term.uri === `${namespace}${term.code}` && term.labels.fr !== '' && term.labels.en !== ''), `${name} URIs and labels`)
  }
  const access = (await app.inject('/vocabularies/access-right')).json().items
  t.same(access.map((term: { code: string }) => term.code), ['NON_PUBLIC', 'PUBLIC', 'RESTRICTED'])
  const formats = (await app.inject('/vocabularies/file-type')).json().items.map((term: { code: string }) => term.code)
  t.ok(['CSV', 'GEOJSON', 'GTFS', 'RDF_TURTLE', 'WMS_SRVC', 'ZIP'].every(code => formats.includes(code)))
  const frequencies = (await app.inject('/vocabularies/frequency')).json().items
  t.match(frequencies.find((term: { code: string }) => term.code === 'MONTHLY'), { labels: { fr: 'mensuel', en: 'monthly' } })
})

t.test('a vocabulary answers 304 when the client copy is current', async t => {
  const first = await app.inject('/vocabularies/frequency')
  t.match(first.headers.etag, /^"[\w-]+"$/)
  t.ok(first.headers['last-modified'])
  const byEtag = await app.inject({ url: '/vocabularies/frequency', headers: { 'if-none-match': first.headers.etag as string } })
  t.equal(byEtag.statusCode, 304)
  t.equal(byEtag.body, '')
  const byDate = await app.inject({ url: '/vocabularies/frequency', headers: { 'if-modified-since': first.headers['last-modified'] as string } })
  t.equal(byDate.statusCode, 304)
  const other = await app.inject({ url: '/vocabularies/language', headers: { 'if-none-match': first.headers.etag as string } })
  t.equal(other.statusCode, 200)
})

t.test('an unknown vocabulary is a 404 problem', async t => {
  const res = await app.inject('/vocabularies/colours')
  t.equal(res.statusCode, 404)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.same(res.json(), {
    type: 'urn:bastille:problem:not-found',
    title: 'Not Found',
    status: 404,
    detail: 'Vocabulary colours not found',
    instance: '/vocabularies/colours'
  })
})

t.test('a malformed vocabulary name is a 400 problem', async t => {
  const res = await app.inject('/vocabularies/DATA_THEME')
  t.equal(res.statusCode, 400)
  t.match(res.json(), { status: 400, errors: [{ path: 'params/name' }] })
})
