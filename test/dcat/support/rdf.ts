// Reading RDF back in tests: each syntax with an independent parser, and graph comparison
// (isomorphism over the set of triples, never strings: blank node labels and order differ).
import type { Readable } from 'node:stream'
import type * as RDF from '@rdfjs/types'
import jsonld from 'jsonld'
import { Parser, Store } from 'n3'
import { isomorphic } from 'rdf-isomorphic'
import { RdfXmlParser } from 'rdfxml-streaming-parser'
import type { RdfFormat } from '../../../src/dcat/serialize/index.js'

export async function readText (stream: Readable): Promise<string> {
  let text = ''
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')
  return text
}

function parseRdfXml (text: string): Promise<RDF.Quad[]> {
  return new Promise((resolve, reject) => {
    const quads: RDF.Quad[] = []
    new RdfXmlParser()
      .on('data', (quad: RDF.Quad) => quads.push(quad))
      .on('error', reject)
      .on('end', () => resolve(quads))
      .end(text)
  })
}

/** JSON-LD must be self-contained: the loader refuses every URL, so a remote context fails the test. */
async function parseJsonLd (text: string): Promise<RDF.Quad[]> {
  const documentLoader = async (url: string): Promise<never> => { throw new Error(`refused to load ${url}`) }
  const nquads = await jsonld.toRDF(JSON.parse(text), { format: 'application/n-quads', documentLoader }) as unknown as string
  return new Parser({ format: 'N-Quads' }).parse(nquads)
}

export async function parseRdf (text: string, format: RdfFormat): Promise<RDF.Quad[]> {
  switch (format) {
    case 'ttl': return new Parser({ format: 'Turtle' }).parse(text)
    case 'nt': return new Parser({ format: 'N-Triples' }).parse(text)
    case 'rdf': return await parseRdfXml(text)
    case 'jsonld': return await parseJsonLd(text)
  }
}

/** Quads as a set: a graph, whatever repetitions a document contains. */
export function graph (quads: Iterable<RDF.Quad>): RDF.Quad[] {
  return [...new Store([...quads])]
}

export function sameGraph (a: Iterable<RDF.Quad>, b: Iterable<RDF.Quad>): boolean {
  return isomorphic(graph(a), graph(b))
}
