// The four serialisations: each parses with an independent parser and yields the very graph the
// mappers built; the stream pulls batches only as fast as it is read, and stops its source.
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import type * as RDF from '@rdfjs/types'
import { DataFactory } from 'n3'
import { catalogQuads } from '../../src/dcat/feed.js'
import { RDF_EXTENSIONS, serializeRdf, type QuadBatches, type RdfFormat } from '../../src/dcat/serialize/index.js'
import { completeCatalog, completeDataset, minimalCatalog, minimalDataset, NOW, PUBLIC_URL } from './support/fixtures.js'
import { graph, parseRdf, readText, sameGraph } from './support/rdf.js'

const { blankNode, literal, namedNode, quad } = DataFactory

async function collect (batches: AsyncIterable<RDF.Quad[]>): Promise<RDF.Quad[][]> {
  const all: RDF.Quad[][] = []
  for await (const batch of batches) all.push(batch)
  return all
}

async function checkAllFormats (t: Test, batches: RDF.Quad[][]): Promise<void> {
  const expected = batches.flat()
  for (const format of RDF_EXTENSIONS) {
    const text = await readText(serializeRdf(batches, format))
    const parsed = await parseRdf(text, format)
    t.ok(sameGraph(parsed, expected), `${format}: the graph the mappers built`)
    t.equal(graph(parsed).length, graph(expected).length, `${format}: same number of triples`)
  }
}

const page = { url: `${PUBLIC_URL}/catalog.ttl?page_size=2`, firstUrl: `${PUBLIC_URL}/catalog.ttl?page_size=2`, nextUrl: `${PUBLIC_URL}/catalog.ttl?page_size=2&cursor=x`, totalItems: 3 }

t.test('a complete catalogue page is the same graph in all four syntaxes', async (t) => {
  await checkAllFormats(t, await collect(catalogQuads(completeCatalog(), [completeDataset(), minimalDataset()], page, { now: NOW })))
})

t.test('a minimal catalogue, unpaged, is the same graph in all four syntaxes', async (t) => {
  await checkAllFormats(t, await collect(catalogQuads(minimalCatalog(), [minimalDataset()], null, { now: NOW })))
})

t.test('writers escape what each syntax needs, whatever the quads', async (t) => {
  const s = namedNode('https://example.org/thing?a=1&b=2&c=\'3\'')
  const odd = blankNode('1st')
  await checkAllFormats(t, [[
    quad(s, namedNode('http://example.org/vocab#with-dash'), literal('a & b < c > d ]]> "quoted" \'single\'')),
    quad(s, namedNode('http://example.org/p/x1'), literal('line\r\nbreak\ttab 🚌', 'fr-FR')),
    quad(s, namedNode('http://example.org/p/x1'), literal('42', namedNode('http://example.org/datatype#custom'))),
    quad(s, namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), namedNode('http://example.org/class/123')),
    quad(s, namedNode('http://purl.org/dc/terms/relation'), odd),
    quad(odd, namedNode('http://purl.org/dc/terms/title'), literal('')),
    quad(blankNode('x-already'), namedNode('http://purl.org/dc/terms/title'), literal('label starting with x-'))
  ], [], [quad(s, namedNode('http://purl.org/dc/terms/title'), literal('same subject, next batch'))]])
})

t.test('every format announces a UTF-8 document', async (t) => {
  const batches = [[quad(namedNode('https://example.org/é'), namedNode('http://purl.org/dc/terms/title'), literal('Données'))]]
  for (const format of RDF_EXTENSIONS) {
    const text = await readText(serializeRdf(batches, format))
    t.match(text, /Données/, `${format} is UTF-8`)
  }
  t.match(await readText(serializeRdf(batches, 'rdf')), /^<\?xml version="1.0" encoding="utf-8"\?>/)
})

/** A catalogue of `count` one-dataset batches that records how far it was read and whether it was closed. */
function probe (count: number): { batches: QuadBatches, pulled: () => number, closed: () => boolean } {
  let pulled = 0
  let closed = false
  async function * batches (): AsyncGenerator<RDF.Quad[]> {
    try {
      for (let i = 0; i < count; i++) {
        pulled++
        yield [...(await collect(catalogQuads(minimalCatalog(), [completeDataset({ id: `id-${i}`, uri: `${PUBLIC_URL}/datasets/${i}` })], null, { now: NOW }))).flat()]
      }
    } finally {
      closed = true
    }
  }
  return { batches: batches(), pulled: () => pulled, closed: () => closed }
}

for (const format of RDF_EXTENSIONS) {
  t.test(`${format}: backpressure, and destroying the stream closes the source`, async (t) => {
    const source = probe(100_000)
    const stream = serializeRdf(source.batches, format)
    await sleep(100)
    t.ok(source.pulled() < 50, `an unread stream pulls a few batches only (pulled ${source.pulled()})`)
    let bytes = 0
    for await (const chunk of stream) {
      bytes += (chunk as Buffer | string).length
      if (bytes > 200_000) break // leaving the loop destroys the stream
    }
    await sleep(50)
    t.ok(source.closed(), 'the source was closed')
    t.ok(source.pulled() < 1000, `and was not drained (pulled ${source.pulled()})`)
  })

  t.test(`${format}: an error of the source reaches the reader`, async (t) => {
    async function * failing (): AsyncGenerator<RDF.Quad[]> {
      yield [quad(namedNode('https://example.org/a'), namedNode('http://purl.org/dc/terms/title'), literal('a'))]
      throw new Error('database went away')
    }
    await t.rejects(readText(serializeRdf(failing(), format)), /database went away/)
  })
}

t.test('the four syntaxes of SPEC §4, and no other', async (t) => {
  const formats: RdfFormat[] = ['jsonld', 'nt', 'rdf', 'ttl']
  t.same([...RDF_EXTENSIONS].sort(), formats)
})
