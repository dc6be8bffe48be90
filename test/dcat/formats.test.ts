// Media types, extensions and Accept negotiation of the feed (SPEC §4, datagouv notes §1).
import t from 'tap'
import { contentType, isRdfFormat, negotiateRdfFormat, preferredRdfFormat } from '../../src/dcat/serialize/index.js'

t.test('every Content-Type carries charset=utf-8', async (t) => {
  t.equal(contentType('ttl'), 'text/turtle; charset=utf-8')
  t.equal(contentType('nt'), 'application/n-triples; charset=utf-8')
  t.equal(contentType('rdf'), 'application/rdf+xml; charset=utf-8')
  t.equal(contentType('jsonld'), 'application/ld+json; charset=utf-8')
})

t.test('extensions', async (t) => {
  for (const extension of ['ttl', 'nt', 'rdf', 'jsonld']) t.ok(isRdfFormat(extension), extension)
  for (const extension of ['xml', 'json', 'n3', 'toString', '__proto__', '']) t.notOk(isRdfFormat(extension), extension)
})

t.test('Accept negotiation', async (t) => {
  const cases: Array<[string | undefined, string | null]> = [
    [undefined, 'ttl'], // harvesters send no Accept
    ['', 'ttl'],
    ['*/*', 'ttl'],
    ['text/turtle', 'ttl'],
    ['application/x-turtle', 'ttl'],
    ['application/rdf+xml', 'rdf'],
    ['application/xml;q=0.9, text/html', 'rdf'],
    ['application/ld+json', 'jsonld'],
    ['application/n-triples', 'nt'],
    ['APPLICATION/LD+JSON; Q=1', 'jsonld'],
    ['text/turtle;q=0.5, application/ld+json', 'jsonld'],
    ['application/ld+json;q=0.5, text/turtle;q=0.5', 'jsonld'], // ties go to the first listed
    ['text/html, */*;q=0.1', 'ttl'],
    ['application/*', 'rdf'],
    ['text/*', 'ttl'],
    ['text/html', null],
    ['application/json', null],
    ['text/turtle;q=0', null],
    ['text/turtle;q=abc', null]
  ]
  for (const [accept, expected] of cases) t.equal(negotiateRdfFormat(accept), expected, String(accept))
  t.equal(negotiateRdfFormat('*/*', 'jsonld'), 'jsonld', 'the fallback is configurable')
})

t.test('RDF preferred to another default type (a dataset\'s JSON)', async (t) => {
  const cases: Array<[string | undefined, string | null]> = [
    [undefined, null],
    ['*/*', null],
    ['application/*', null],
    ['application/json', null],
    ['text/turtle', 'ttl'],
    ['text/turtle, application/json', 'ttl'],
    ['application/json, text/turtle', null],
    ['text/turtle;q=0.5, application/json', null],
    ['application/json;q=0.5, application/ld+json', 'jsonld'],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', null], // a browser
    ['application/rdf+xml', 'rdf'],
    ['text/*', null],
    ['text/turtle;q=0', null]
  ]
  for (const [accept, expected] of cases) t.equal(preferredRdfFormat(accept, 'application/json'), expected, String(accept))
})
