// One page of a DCAT catalogue to an N3 store, whatever its syntax: Turtle (and N-Triples), RDF/XML or
// JSON-LD. JSON-LD never fetches a remote @context (STYLE P11): a document that needs one is refused.
import { DataFactory, Parser, Store, type Quad, type Term } from 'n3'
import { RdfXmlParser } from 'rdfxml-streaming-parser'
import jsonld from 'jsonld'
import { SourceError, type Document } from '../http.js'

export type Syntax = 'turtle' | 'rdfxml' | 'jsonld'

const BY_TYPE: Record<string, Syntax> = {
  'text/turtle': 'turtle',
  'application/x-turtle': 'turtle',
  'application/n-triples': 'turtle',
  'text/n3': 'turtle',
  'application/rdf+xml': 'rdfxml',
  'application/xml': 'rdfxml',
  'text/xml': 'rdfxml',
  'application/ld+json': 'jsonld',
  'application/json': 'jsonld'
}

/** The syntax the media type names, else the one the first characters show. */
export function syntaxOf (doc: Document): Syntax {
  const byType = BY_TYPE[doc.contentType]
  if (byType !== undefined) return byType
  const start = doc.body.trimStart().slice(0, 200).toLowerCase()
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) throw new SourceError(`${doc.url} answered HTML instead of RDF`)
  if (start.startsWith('{') || start.startsWith('[')) return 'jsonld'
  if (start.startsWith('<?xml') || start.startsWith('<rdf:rdf')) return 'rdfxml'
  return 'turtle'
}

export async function parsePage (doc: Document): Promise<Store> {
  const syntax = syntaxOf(doc)
  try {
    const quads = syntax === 'turtle' ? parseTurtle(doc) : syntax === 'rdfxml' ? await parseRdfXml(doc) : await parseJsonLd(doc)
    return new Store(quads)
  } catch (err) {
    if (err instanceof SourceError) throw err
    const name = { turtle: 'Turtle', rdfxml: 'RDF/XML', jsonld: 'JSON-LD' }[syntax]
    throw new SourceError(`${doc.url} is not valid ${name}: ${(err as Error).message.split('\n')[0]!.slice(0, 300)}`)
  }
}

function parseTurtle (doc: Document): Quad[] {
  const format = doc.contentType === 'application/n-triples' ? 'N-Triples' : 'Turtle'
  return new Parser({ baseIRI: doc.url, format }).parse(doc.body)
}

interface Sax { on: (event: 'error', handler: (err: Error) => void) => void, close: () => void }

async function parseRdfXml (doc: Document): Promise<Quad[]> {
  return await new Promise((resolve, reject) => {
    const quads: Quad[] = []
    const parser = new RdfXmlParser({ baseIRI: doc.url, dataFactory: DataFactory as never })
    parser.on('data', (quad: Quad) => quads.push(quad))
    parser.on('error', reject)
    parser.on('end', () => {
      // The parser never closes its XML reader, so a truncated document would pass for a whole one:
      // closing it reports unclosed elements.
      const sax = (parser as unknown as { saxParser?: Sax }).saxParser
      let truncated: Error | undefined
      sax?.on('error', err => { truncated ??= err })
      sax?.close()
      if (truncated === undefined) resolve(quads)
      else reject(truncated)
    })
    parser.end(doc.body)
  })
}

interface JsonLdTerm { termType: string, value: string, datatype?: { value: string }, language?: string }

function term (t: JsonLdTerm): Term {
  if (t.termType === 'BlankNode') return DataFactory.blankNode(t.value.replace(/^_:/, ''))
  if (t.termType === 'Literal') {
    return DataFactory.literal(t.value, t.language !== undefined && t.language !== '' ? t.language : DataFactory.namedNode(t.datatype?.value ?? 'http://www.w3.org/2001/XMLSchema#string'))
  }
  return DataFactory.namedNode(t.value)
}

async function parseJsonLd (doc: Document): Promise<Quad[]> {
  const input: unknown = JSON.parse(doc.body)
  const refuse = async (url: string): Promise<never> => { throw new SourceError(`${doc.url} needs the remote JSON-LD context ${url}, which an import does not fetch`) }
  let raw: Array<{ subject: JsonLdTerm, predicate: JsonLdTerm, object: JsonLdTerm }>
  try {
    raw = await jsonld.toRDF(input as jsonld.JsonLdDocument, { base: doc.url, documentLoader: refuse }) as unknown as typeof raw
  } catch (err) {
    const cause = (err as { details?: { cause?: unknown } }).details?.cause
    if (cause instanceof SourceError) throw cause
    throw err
  }
  return raw.map(q => DataFactory.quad(term(q.subject) as Quad['subject'], term(q.predicate) as Quad['predicate'], term(q.object) as Quad['object']))
}
